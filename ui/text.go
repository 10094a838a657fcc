package ui

import (
	"fmt"
	"strings"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// Lang is a language the wizard speaks.
type Lang string

// The wizard's languages, Nynorsk first.
const (
	Nynorsk Lang = "nn"
	Bokmal  Lang = "nb"
	English Lang = "en"
)

// Langs lists the languages in the order they are offered.
var Langs = []Lang{Nynorsk, Bokmal, English}

// next returns the language after l in Langs, round.
func (l Lang) next() Lang {
	for i, x := range Langs {
		if x == l {
			return Langs[(i+1)%len(Langs)]
		}
	}
	return Langs[0]
}

// ParseLang accepts "nn", "nb" or "en" (and "no" as Bokmål).
func ParseLang(s string) (Lang, bool) {
	switch s {
	case "nn":
		return Nynorsk, true
	case "nb", "no":
		return Bokmal, true
	case "en":
		return English, true
	}
	return "", false
}

// LangFromLocale maps a POSIX locale (a LANG value) to a language:
// nn_NO* Nynorsk, nb_NO* and no_NO* Bokmål, en_* English.
func LangFromLocale(v string) (Lang, bool) {
	switch {
	case strings.HasPrefix(v, "nn_NO"):
		return Nynorsk, true
	case strings.HasPrefix(v, "nb_NO"), strings.HasPrefix(v, "no_NO"):
		return Bokmal, true
	case strings.HasPrefix(v, "en_"), v == "en":
		return English, true
	}
	return "", false
}

// Text is every string the wizard shows a person, in one language. Fields
// holding a format take the verbs named in their comment. A test checks that
// every language fills every field, with the same verbs.
type Text struct {
	LangName string // the language's own name

	AppTitle    string
	StepNames   [5]string // Start, choose eID, log in, contact register, confirm
	StepOf      string    // %d step, %d of, %s name: «Steg 3 av 5 · Logg inn»
	StepShort   string    // %d step, %d of: «3/5»
	ReceiptStep string
	Simulation  string // a short marker that this is a simulation

	DateLayout     string // Go time layout of a date
	DateTimeLayout string // Go time layout of a date and time

	TooSmall string // %d×%d now, %d×%d needed
	// Cut marks the last line of a screen that the window is too small
	// to show whole.
	Cut string
	// MoreAbove and MoreBelow mark a part that scrolls (PgUp, PgDn).
	MoreAbove, MoreBelow string
	// LangSwitched says, in the language just switched to, which one it is.
	LangSwitched string

	StrictPasswordHint string

	Keys KeyText

	QuitTitle string
	QuitBody  string
	QuitYes   string
	QuitNo    string

	Start   StartText
	Choose  ChooseText
	Login   LoginText
	Device  DeviceText
	Contact ContactText
	Summary SummaryText
	Receipt ReceiptText
	Errors  ErrorText
	Idle    IdleText
	Server  ServerText
	// Guide is the help-desk panel (--guide): written for the staff member
	// on the phone, not for the caller.
	Guide GuideText
	// Share is the caller's side of the help desk's live view; Watch the
	// helper's.
	Share ShareText
	Watch WatchText

	// Per-eID facts, keyed by kind.
	EIDIssuer  map[model.EIDKind]string
	EIDAge     map[model.EIDKind]string
	EIDNeeds   map[model.EIDKind]string
	EIDNotes   map[model.EIDKind]string
	EIDContact map[model.EIDKind]string // whom a real user contacts when locked
	LevelName  map[model.Level]string
	// MethodName names a login method; "%s" in it is the eID's name.
	MethodName map[model.EIDKind]map[model.Method]string
	FieldLabel map[flows.Field]string
	FieldHint  map[flows.Field]string
}

// KeyText names the keys in the help bar.
type KeyText struct {
	Up, Down, Choose, Direct, Next, Back, Quit, Help, HelpClose string
	Confirm, Edit, Retry, New, Resend, Yes, No, Toggle          string
	Language                                                    string // names the key in this language and in English (or Norwegian)
	Guide                                                       string // the guide panel's toggle key
	StartOver                                                   string // kiosk: back to the start screen
	Scroll                                                      string // PgUp/PgDn: scroll what does not fit
	Share                                                       string // the help key: share the screen with the help desk
}

// StartText is the start screen.
type StartText struct {
	Intro      string
	NoteTitle  string
	Note       string
	StepsTitle string
	Steps      [4]string
	Press      string
}

// ChooseText is the choose-eID screen.
type ChooseText struct {
	Title                                        string
	Hint                                         string // %d: how many eIDs
	Issuer, Level, Age, Needs, Notes, Historical string
	LockedMark                                   string
	LockedNote                                   string // %s eID name
}

// LoginText is the simulated login screen.
type LoginText struct {
	Title         string // %s eID name
	StepOf        string // %d, %d: «Del 2 av 4»
	TriesLeft     string // %d
	TriesLeftOne  string
	WrongCode     string
	WrongPIN      string
	LockedTitle   string // %s eID
	LockedBody    string // %s eID, %s whom to contact
	RefusedTitle  string // %s eID
	RefusedBody   string // %s eID, %s age rule text, %s birth date, %s allowed-from date
	RefusedOthers string // %s list of eIDs
	RefusedNone   string
	BackToChoose  string
	DigitsExact   string // %d: «5 siffer»
	DigitsRange   string // %d, %d: «4–8 siffer»
	Example       string // %s a synthetic national ID
	// RetypePassword is shown at a password field reached by going back:
	// passwords are never kept.
	RetypePassword string
	// MobileForeign replaces the contact register's "only Norwegian numbers
	// can be registered" at BankID på mobil's mobile field.
	MobileForeign string
}

// DeviceText is the simulated device panels.
type DeviceText struct {
	Phone, CodeDevice, PINLetter, CardReader, USB, Inbox string // panel titles
	SMSFrom                                              string // %s sender
	SMSCode                                              string // %s code
	AppAsk                                               string
	AppButton                                            string
	CodeDeviceHint                                       string
	PINLetterIntro                                       string
	PINLetterItem                                        string // %d number, %s code
	WordsLabel                                           string
	SIMAskPIN                                            string
	YourPIN                                              string // %s PIN
	CardOut, CardIn                                      string
	USBOut, USBIn                                        string
	InboxFrom                                            string
	InboxSubject                                         string
	InboxCode                                            string // %s code
}

// ContactText is the contact-register step.
type ContactText struct {
	Title           string
	IntroRequired   string
	IntroOptional   string
	Ask             string
	AskYes, AskNo   string
	MobileTitle     string
	MobileHint      string
	EmailTitle      string
	EmailHint       string
	NeedOne         string
	NeedOneOptional string
	VerifyMobile    string
	VerifyEmail     string
	VerifySent      string // %s address
	CodeLabel       string // %d digits
	VerifyLocked    string // %s address
	MailboxTitle    string
	Mailbox         string
	MailboxLevel    string
	Continue        string
	// Resent confirms that r sent a new code: %s address.
	Resent string
	// SkippedTitle and Skipped follow «Nei»: it can be done later.
	SkippedTitle, Skipped string
	// DoneTitle and Done end the step after the details are confirmed.
	DoneTitle, Done string
}

// SummaryText is the summary step.
type SummaryText struct {
	Title, Intro                                        string
	EID, Method, NationalID, BirthDate, Mobile, Email   string
	Contact, NotRegistered, VerifiedAt, Language, Level string
	EditLogin, EditContact, Save                        string
}

// ReceiptText is the receipt step.
type ReceiptText struct {
	Saving, Title, ID, File, NextTitle string
	Next                               string // %s eID name
	// NextContact or NextNoContact follows Next: whether contact
	// information was registered.
	NextContact, NextNoContact string
	SimNote                    string
	FailTitle, FailKept        string
	// Why a save failed, without naming a path (the public may read it).
	ReadOnly, DiskFull, Permission, NoFolder, Other string
	// Folder names the data folder, on a terminal of the owner's only: %s path.
	Folder string
}

// GuideText is the help-desk guide panel: labels, the facts it lists, and
// one entry per step and sub-step (see guideKey in guide.go for the keys).
type GuideText struct {
	Title                     string // the panel's title
	Now, Say, Problems, Facts string // section labels
	FactEID                   string // %s name, %s level, %s issuer (from EIDIssuer)
	FactAge                   string // %s the age rule (from EIDAge)
	FactContact, FactMailbox  string // what the contact register and mailbox are for
	FactMailboxLevel          string // MinID cannot open a digital mailbox
	FactSimulated             string // the codes on screen are simulated
	Entries                   map[string]GuideEntry
	// EIDIssuer and EIDAge are the guide's own per-eID issuer and age rule
	// for FactEID and FactAge, written about the caller («banken til
	// innringjaren», «frå året innringjaren fyller 13») where Text's are
	// written to the person at the screen.
	EIDIssuer, EIDAge map[model.EIDKind]string
}

// GuideEntry is what the guide says at one step: what the caller sees, what
// to ask or tell them next, and the common problems with what to say.
type GuideEntry struct {
	Now, Say string
	Problems []string
}

// IdleText is the inactivity warning and the goodbyes.
type IdleText struct {
	Title         string
	Body          string // %d seconds left
	Continue      string
	AnyKey        string // the help bar's name for "any key"
	Goodbye       string
	ServerClosing string
	// KioskBody replaces Body on a kiosk: %d seconds left, then
	// everything is erased and the start screen returns.
	KioskBody string
	// KioskReturn is the receipt's countdown on a kiosk: %d seconds.
	KioskReturn string
}

// ServerText is the one-line messages of the SSH server, shown before a
// session closes.
type ServerText struct {
	Busy, NoPTY, Exec, Subsystem, Panic string
	// Closing counts down a shutdown: %d seconds left; ClosingOne is the
	// last second.
	Closing, ClosingOne string
	// Clamped says the client's window is larger than the server draws:
	// %d×%d the client's, %d×%d what the wizard uses.
	Clamped string
}

// ErrorText names every input error.
type ErrorText struct {
	NationalIDEmpty, NationalIDDigits, NationalIDLength       string
	NationalIDChecksum, NationalIDDate, NationalIDCentury     string
	NationalIDFuture, NationalIDDAndH                         string
	MobileEmpty, MobileForeign, MobileDigits, MobileLength    string
	MobileNotMobile                                           string
	EmailEmpty, EmailSpace, EmailAt, EmailLocal, EmailDomain  string
	EmailInvisible                                            string
	PasswordEmpty, PasswordShort, PasswordMix, PasswordNordic string
	DigitsOnly, DigitsLength                                  string // DigitsLength: %s «5 siffer»
	BirthDateFormat, BirthDateDate                            string
	UnknownMethod, Unknown                                    string
}

// catalogue holds the three languages.
var catalogue = map[Lang]*Text{Nynorsk: &textNN, Bokmal: &textNB, English: &textEN}

// TextFor returns the catalogue of a language (Nynorsk if unknown).
func TextFor(l Lang) *Text {
	if t, ok := catalogue[l]; ok {
		return t
	}
	return &textNN
}

// closing counts a shutdown down: secs seconds left.
func (t *Text) closing(secs int) string {
	if secs == 1 {
		return t.Server.ClosingOne
	}
	return fmt.Sprintf(t.Server.Closing, secs)
}

// passwordHint is the hint under a password field: MinID's rules are
// stricter.
func (t *Text) passwordHint(e model.EID) string {
	if e.StrictPassword {
		return t.StrictPasswordHint
	}
	return t.FieldHint[flows.FieldPassword]
}

// ShareText is what a caller sharing their screen reads.
type ShareText struct {
	Code        string // %s the code, spaced: «Hjelpekoden din: 123 456»
	ReadOut     string // %s the digits as words, to read out
	Valid       string // %d minutes the code waits for a helper
	Watching    string // the banner while a helper watches
	WatchingN   string // %d helpers watch
	StopKey     string // %s the key: how to stop sharing
	Hint        string // %s a helper's hint
	Unavailable string // the hub cannot be reached
	Expired     string // the code expired unused
	Stopped     string // sharing ended by the caller
	// Digits are the words for 0–9, for reading a code out.
	Digits [10]string
}

// WatchText is the helper's view of a caller's journey (watch).
type WatchText struct {
	Title     string // the header's tag: who is watching
	Watching  string // %s the code: «Du ser skjermen til innringjaren (kode %s), maskert.»
	Waiting   string // before the first view
	Others    string // %d other helpers watch the same caller
	OthersOne string // one other helper does
	Stopped   string // the caller stopped sharing
	Reset     string // the kiosk was reset or the receipt timed out
	Ended     string // the caller's session ended
	Expired   string // the code expired
	Lost      string // the connection to the hub is lost; trying again
	HintKey   string // the key's help: send a hint
	NewCode   string // the key's help, once sharing ended: watch another caller
	HintTitle string // the hint chooser's title
	OwnText   string // the chooser's last item: write your own
	HintSent  string // %s the hint: it was sent
	HintLimit string // %d characters: a hint is at most this long
	CodeTitle string // the code prompt (SSH): «Hjelpekoden frå innringjaren»
	CodeHint  string // six digits
	CodeBad   string // %d characters typed: a code is six digits
	WrongCode string // no caller has that code (or it expired)
	TooMany   string // too many wrong codes: wait
	NoHub     string // the hub cannot be reached
}
