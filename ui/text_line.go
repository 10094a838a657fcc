package ui

// LineText is what the accessible line mode says beyond the shared
// catalogue (Text): how the mode works, its prompts, and the simulated
// devices as plain sentences. Fields holding a format take the verbs named
// in their comment. A test checks that every language fills every field,
// with the same verbs.
type LineText struct {
	// Intro says once, at the start, how the line mode works.
	Intro string
	// BackHelp says once, at the start, how to go back: %s the back word.
	BackHelp string
	// BackWord, typed at any prompt, goes one step back. The back words of
	// all three languages work in every language, so an answers file does
	// not depend on the language.
	BackWord string
	// ResendWord, typed at a confirmation-code prompt, sends a new code.
	ResendWord string
	// HelpWord, typed at any prompt, shares the answers with the help
	// desk (a help code), or stops sharing; HelpHelp says so at the start
	// (%s the word) and HelpStop after the code.
	HelpWord, HelpHelp, HelpStop string
	// HelpGone: no helper watches any longer (sharing goes on).
	HelpGone string
	// StepHeading is %d step, %d of, %s the step's name: «Steg 2 av 5: Vel eID».
	StepHeading string
	// TooLong says a line was longer than the line mode reads: %d bytes.
	TooLong string
	// Problem marks an error so it is heard as one: %s the error.
	Problem string
	// Pick asks for the number of a choice: %d the number of choices.
	Pick string
	// NotAChoice is the error for an answer that is no choice: %d choices.
	NotAChoice string
	// JustEnter is the error when a confirmation got text: %s back word.
	JustEnter string
	// AtFirst answers the back word at the first question.
	AtFirst string
	// Current names a value kept from before: %s the value.
	Current string
	// NeedOneOptional is the error when neither mobile nor e-mail is filled
	// in after saying yes to registering: %s back word.
	NeedOneOptional string
	// CodeHint and PINHint replace the full-screen hints that point at
	// the device panel.
	CodeHint string
	PINHint  string
	// Resend says how to get a new confirmation code: %s resend word.
	Resend string
	// NewCode says a new confirmation code was sent.
	NewCode string
	// VerifyLocked is %s address, %s back word, %s resend word.
	VerifyLocked string

	// The simulated devices as sentences.
	DeviceSMS       string // %s sender, %s code
	DeviceApp       string // %s eID name, %s the app's question
	DeviceCode      string // %s code
	DevicePINLetter string // %s the numbered codes, joined
	PINLetterItem   string // %d number, %s code
	DeviceWords     string // %s words on the screen, %s words on the phone
	DeviceSIMPIN    string // %s PIN
	DeviceCardOut   string
	DeviceCardIn    string // %s PIN
	DeviceUSBOut    string
	DeviceUSBIn     string // %s PIN
	VerifyPhone     string // %s code
	VerifyInbox     string // %s code

	// After a failed save.
	FailKept string
	RetryAsk string
	RetryYes string
	RetryNo  string
	Declined string

	// IdleWarning is %d seconds left; Enter continues.
	IdleWarning string
	// InputEnded is said when the input ends before the record is saved.
	InputEnded string
	// Interrupted is said on Ctrl+C (or SIGINT).
	Interrupted string
}

// DeviceAnswer, typed at a code or PIN prompt, answers with what the
// simulated device shows right above the prompt. It lets an answers file
// pass the codes, which are random per attempt as in the full-screen
// wizard and so cannot be written down in advance; it tells nothing a
// person could not read on the line before. Like the back words it is the
// same in every language, so one answers file serves all three.
const DeviceAnswer = "@code"

// lineCatalogue holds the line mode's texts in the three languages.
var lineCatalogue = map[Lang]*LineText{Nynorsk: &lineNN, Bokmal: &lineNB, English: &lineEN}

// lineText returns the line mode's texts in a language (Nynorsk if unknown).
func lineText(l Lang) *LineText {
	if t, ok := lineCatalogue[l]; ok {
		return t
	}
	return &lineNN
}

var lineNN = LineText{
	Intro: "Dette er linjemodusen for skjermlesarar og leselister. Kvart spørsmål står på ei eiga linje: " +
		"skriv svaret og trykk Enter. Når du skal velje, skriv du talet framfor valet. " +
		"Alt er simulert, og ingenting blir sendt til ID-porten.",
	BackHelp:        "Skriv «%s» når som helst for å gå eitt steg tilbake.",
	BackWord:        "tilbake",
	ResendWord:      "ny",
	HelpWord:        "hjelp",
	HelpHelp:        "Skriv «%s» for å få hjelp frå brukarstøtta: du får ein kode å lese opp, og dei ser svara dine med personopplysningane skjulte.",
	HelpStop:        "Skriv «%s» igjen for å slutte å dele.",
	HelpGone:        "Ingen frå brukarstøtta ser svara dine no.",
	StepHeading:     "Steg %d av %d: %s",
	Problem:         "Feil: %s",
	Pick:            "Skriv talet (1–%d).",
	NotAChoice:      "Det er ikkje eitt av vala. Skriv eit tal frå 1 til %d.",
	JustEnter:       "Her skal du berre trykkje Enter, utan å skrive noko. Skriv «%s» for å gå tilbake.",
	AtFirst:         "Dette er det første spørsmålet, så det er ingenting å gå tilbake til.",
	Current:         "No står det %s. Trykk Enter for å behalde det, skriv noko nytt, eller skriv «-» for å ta det bort.",
	NeedOneOptional: "Fyll inn minst eitt av dei to. Vil du ikkje registrere noko, skriv «%s» til du kjem til spørsmålet om kontaktinformasjon, og vel «Nei, hopp over».",
	CodeHint:        "Skriv koden som den simulerte eininga viser.",
	PINHint:         "Skriv PIN-koden som den simulerte eininga viser.",
	Resend:          "Skriv «%s» om du vil ha ein ny kode.",
	NewCode:         "Vi har sendt ein ny kode.",
	VerifyLocked:    "For mange feil kodar. Sjekk at %s er rett: skriv «%s» for å endre det, eller «%s» for å få ein ny kode.",

	DeviceSMS:       "Den simulerte telefonen viser ein SMS frå %s med koden %s.",
	DeviceApp:       "Appen for %s på den simulerte telefonen spør: «%s»",
	DeviceCode:      "Den simulerte kodebrikka viser koden %s.",
	DevicePINLetter: "Det simulerte PIN-kodebrevet har desse kodane: %s.",
	PINLetterItem:   "nr. %d: %s",
	DeviceWords:     "Referanseorda her er %s. Den simulerte telefonen viser referanseorda %s.",
	DeviceSIMPIN:    "Den simulerte telefonen ber om PIN-koden for BankID. PIN-koden din er %s.",
	DeviceCardOut:   "Det er ikkje noko kort i den simulerte kortlesaren.",
	DeviceCardIn:    "Kortet står i den simulerte kortlesaren. PIN-koden din er %s.",
	DeviceUSBOut:    "Den simulerte USB-pinnen er ikkje sett inn.",
	DeviceUSBIn:     "Den simulerte USB-pinnen er sett inn. PIN-koden din er %s.",
	VerifyPhone:     "Den simulerte telefonen viser ein SMS frå Kontaktregisteret med koden %s.",
	VerifyInbox:     "Den simulerte e-postinnboksen viser ein e-post frå Kontaktregisteret med koden %s.",

	FailKept: "Svara dine er tekne vare på.",
	RetryAsk: "Vil du prøve å lagre på nytt?",
	RetryYes: "Ja, prøv igjen",
	RetryNo:  "Nei, avslutt utan å lagre",
	Declined: "Registreringa er ikkje lagra. Ha det bra!",

	IdleWarning: "Du har ikkje svart på ei stund. Økta blir avslutta om %d sekund, og det du har fylt inn, blir ikkje lagra. Trykk Enter for å halde fram.",
	InputEnded:  "Svara tok slutt før registreringa vart lagra. Ingenting er lagra.",
	Interrupted: "Avbrote. Ingenting er lagra. Ha det bra!",
	TooLong:     "Svaret var for langt (over %d teikn). Skriv det på nytt.",
}

var lineNB = LineText{
	Intro: "Dette er linjemodusen for skjermlesere og leselister. Hvert spørsmål står på en egen linje: " +
		"skriv svaret og trykk Enter. Når du skal velge, skriver du tallet foran valget. " +
		"Alt er simulert, og ingenting blir sendt til ID-porten.",
	BackHelp:        "Skriv «%s» når som helst for å gå ett steg tilbake.",
	BackWord:        "tilbake",
	ResendWord:      "ny",
	HelpWord:        "hjelp",
	HelpHelp:        "Skriv «%s» for å få hjelp fra brukerstøtten: du får en kode å lese opp, og de ser svarene dine med personopplysningene skjult.",
	HelpStop:        "Skriv «%s» igjen for å slutte å dele.",
	HelpGone:        "Ingen fra brukerstøtten ser svarene dine nå.",
	StepHeading:     "Steg %d av %d: %s",
	Problem:         "Feil: %s",
	Pick:            "Skriv tallet (1–%d).",
	NotAChoice:      "Det er ikke ett av valgene. Skriv et tall fra 1 til %d.",
	JustEnter:       "Her skal du bare trykke Enter, uten å skrive noe. Skriv «%s» for å gå tilbake.",
	AtFirst:         "Dette er det første spørsmålet, så det er ingenting å gå tilbake til.",
	Current:         "Nå står det %s. Trykk Enter for å beholde det, skriv noe nytt, eller skriv «-» for å fjerne det.",
	NeedOneOptional: "Fyll inn minst ett av de to. Vil du ikke registrere noe, skriver du «%s» til du kommer til spørsmålet om kontaktinformasjon, og velger «Nei, hopp over».",
	CodeHint:        "Skriv koden som den simulerte enheten viser.",
	PINHint:         "Skriv PIN-koden som den simulerte enheten viser.",
	Resend:          "Skriv «%s» hvis du vil ha en ny kode.",
	NewCode:         "Vi har sendt en ny kode.",
	VerifyLocked:    "For mange feil koder. Sjekk at %s er riktig: skriv «%s» for å endre det, eller «%s» for å få en ny kode.",

	DeviceSMS:       "Den simulerte telefonen viser en SMS fra %s med koden %s.",
	DeviceApp:       "Appen for %s på den simulerte telefonen spør: «%s»",
	DeviceCode:      "Den simulerte kodebrikken viser koden %s.",
	DevicePINLetter: "Det simulerte PIN-kodebrevet har disse kodene: %s.",
	PINLetterItem:   "nr. %d: %s",
	DeviceWords:     "Referanseordene her er %s. Den simulerte telefonen viser referanseordene %s.",
	DeviceSIMPIN:    "Den simulerte telefonen ber om PIN-koden for BankID. PIN-koden din er %s.",
	DeviceCardOut:   "Det er ikke noe kort i den simulerte kortleseren.",
	DeviceCardIn:    "Kortet står i den simulerte kortleseren. PIN-koden din er %s.",
	DeviceUSBOut:    "Den simulerte USB-pinnen er ikke satt inn.",
	DeviceUSBIn:     "Den simulerte USB-pinnen er satt inn. PIN-koden din er %s.",
	VerifyPhone:     "Den simulerte telefonen viser en SMS fra Kontaktregisteret med koden %s.",
	VerifyInbox:     "Den simulerte e-postinnboksen viser en e-post fra Kontaktregisteret med koden %s.",

	FailKept: "Svarene dine er tatt vare på.",
	RetryAsk: "Vil du prøve å lagre på nytt?",
	RetryYes: "Ja, prøv igjen",
	RetryNo:  "Nei, avslutt uten å lagre",
	Declined: "Registreringen er ikke lagret. Ha det bra!",

	IdleWarning: "Du har ikke svart på en stund. Økten blir avsluttet om %d sekunder, og det du har fylt inn, blir ikke lagret. Trykk Enter for å fortsette.",
	InputEnded:  "Svarene tok slutt før registreringen ble lagret. Ingenting er lagret.",
	Interrupted: "Avbrutt. Ingenting er lagret. Ha det bra!",
	TooLong:     "Svaret var for langt (over %d tegn). Skriv det på nytt.",
}

var lineEN = LineText{
	Intro: "This is the line mode for screen readers and braille displays. Each question is on a line of its own: " +
		"type your answer and press Enter. To choose, type the number in front of the choice. " +
		"Everything is simulated, and nothing is sent to ID-porten.",
	BackHelp:        "Type “%s” at any time to go one step back.",
	BackWord:        "back",
	ResendWord:      "new",
	HelpWord:        "help",
	HelpHelp:        "Type “%s” to get help from the help desk: you get a code to read out, and they see your answers with your personal data hidden.",
	HelpStop:        "Type “%s” again to stop sharing.",
	HelpGone:        "Nobody from the help desk is watching your answers now.",
	StepHeading:     "Step %d of %d: %s",
	Problem:         "Error: %s",
	Pick:            "Type the number (1–%d).",
	NotAChoice:      "That is not one of the choices. Type a number from 1 to %d.",
	JustEnter:       "Here you just press Enter, without typing anything. Type “%s” to go back.",
	AtFirst:         "This is the first question, so there is nothing to go back to.",
	Current:         "Now it says %s. Press Enter to keep it, type something new, or type “-” to remove it.",
	NeedOneOptional: "Fill in at least one of the two. If you do not want to register anything, type “%s” until you reach the question about contact information, and choose “No, skip”.",
	CodeHint:        "Type the code the simulated device shows.",
	PINHint:         "Type the PIN the simulated device shows.",
	Resend:          "Type “%s” if you want a new code.",
	NewCode:         "We have sent a new code.",
	VerifyLocked:    "Too many wrong codes. Check that %s is right: type “%s” to change it, or “%s” for a new code.",

	DeviceSMS:       "The simulated phone shows an SMS from %s with the code %s.",
	DeviceApp:       "The %s app on the simulated phone asks: “%s”",
	DeviceCode:      "The simulated code device shows the code %s.",
	DevicePINLetter: "The simulated PIN-code letter has these codes: %s.",
	PINLetterItem:   "no. %d: %s",
	DeviceWords:     "The reference words here are %s. The simulated phone shows the reference words %s.",
	DeviceSIMPIN:    "The simulated phone asks for your BankID PIN. Your PIN is %s.",
	DeviceCardOut:   "There is no card in the simulated card reader.",
	DeviceCardIn:    "The card is in the simulated card reader. Your PIN is %s.",
	DeviceUSBOut:    "The simulated USB stick is not inserted.",
	DeviceUSBIn:     "The simulated USB stick is inserted. Your PIN is %s.",
	VerifyPhone:     "The simulated phone shows an SMS from the Contact Register with the code %s.",
	VerifyInbox:     "The simulated e-mail inbox shows an e-mail from the Contact Register with the code %s.",

	FailKept: "Your answers are kept.",
	RetryAsk: "Do you want to try saving again?",
	RetryYes: "Yes, try again",
	RetryNo:  "No, quit without saving",
	Declined: "The registration has not been saved. Goodbye!",

	IdleWarning: "You have not answered for a while. The session ends in %d seconds, and what you have entered will not be saved. Press Enter to continue.",
	InputEnded:  "The answers ended before the registration was saved. Nothing has been saved.",
	Interrupted: "Interrupted. Nothing has been saved. Goodbye!",
	TooLong:     "The answer was too long (over %d characters). Type it again.",
}
