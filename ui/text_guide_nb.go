package ui

import "github.com/idporten-wizard/idporten-wizard/model"

// guideNB er veiledningen for brukerstøtten, på bokmål.
var guideNB = GuideText{
	Title:            "Veiledning for brukerstøtten",
	Now:              "Innringeren ser",
	Say:              "Si",
	Problems:         "Vanlige problemer",
	Facts:            "Fakta",
	FactEID:          "%s: %s, utstedt av %s.",
	FactAge:          "Aldersgrense: %s.",
	FactContact:      "Kontaktregisteret (KRR) er der offentlige virksomheter finner mobilnummeret og e-postadressen de skal varsle folk på.",
	FactMailbox:      "Med digital postkasse (Digipost eller e-Boks) får innringeren varsel hver gang staten eller kommunen sender et viktig brev.",
	FactMailboxLevel: "For å åpne digital postkasse trengs en eID på høyt nivå; MinID er ikke nok.",
	FactSimulated:    "Dette er en simulering: koder og PIN-koder står på innringerens skjerm, og ingenting blir sendt.",
	Entries: map[string]GuideEntry{
		guideStart: {
			Now: "Startsiden: hva registreringen er, stegene videre, og en merknad om at siden bare gjelder brukerprofilen i ID-porten.",
			Say: "«Trykk Enter for å begynne. Det tar omtrent fem minutter, og du trenger den eID-en du vil logge inn med.»",
			Problems: []string{
				"Innringeren ville til en offentlig tjeneste (Skatteetaten, Nav): den tjenesten har egen nettside; her lager man bare brukerprofilen.",
			},
		},
		guideChoose: {
			Now: "Listen over de fem eID-ene, med fakta om den som er merket.",
			Say: "«Hvilken elektronisk ID har du: MinID, BankID, Buypass ID eller Commfides? Velg den med piltastene og Enter, eller skriv tallet.»",
			Problems: []string{
				"Ingen eID i det hele tatt: MinID kan bestilles fra året man fyller 13; Commfides har ingen aldersgrense, men krever ID-kontroll.",
				"BankID på mobil: historisk (faset ut 2022–2024); den krevde vanlig BankID med koder først.",
				"En eID er merket låst: tre feil koder i denne økten; velg en annen eID.",
			},
		},
		guideLoginMethod: {
			Now: "Et spørsmål om hvordan man vil logge inn med denne eID-en, med nummererte valg.",
			Say: "«Hvordan logger du vanligvis inn: med kode på mobilen, i appen eller på en annen måte? Velg den måten.»",
			Problems: []string{
				"Ingen mobil for hånden: PIN-kodebrevet til MinID (eldre løsning) eller kodebrikken til BankID virker uten.",
			},
		},
		guideLoginNationalID: {
			Now: "Et felt for fødselsnummeret, 11 sifre.",
			Say: "«Skriv fødselsnummeret ditt, 11 sifre. D-nummer går også, og mellomrom går fint.»",
			Problems: []string{
				"«Kontrollsifrene stemmer ikke»: ett siffer er feil; be innringeren lese opp nummeret siffer for siffer.",
				"I en demo kan man bruke det syntetiske testnummeret i hjelpeteksten.",
			},
		},
		guideLoginPassword: {
			Now: "Et passordfelt; det som skrives, vises som prikker.",
			Say: "«Skriv passordet ditt og trykk Enter.» Be aldri innringeren lese opp passordet.",
			Problems: []string{
				"Reglene for MinID: minst 8 tegn, både bokstaver og tall, ikke æ, ø eller å.",
				"Glemt passord: i virkeligheten nullstiller man det hos utstederen; i simuleringen går alle passord som følger reglene.",
			},
		},
		guideLoginPersonalPassword: {
			Now: "Feltet for det personlige BankID-passordet; det som skrives, vises som prikker.",
			Say: "«Skriv nå det personlige BankID-passordet ditt, det du har valgt selv.»",
			Problems: []string{
				"Glemt: en virkelig bruker kontakter banken; i simuleringen går alle passord på minst 8 tegn.",
			},
		},
		guideLoginOTPSMS: {
			Now: "Et felt for engangskoden, og en simulert mobil som viser SMS-en med koden.",
			Say: "«Les koden i tekstmeldingen på den simulerte mobilen, og skriv den inn.»",
			Problems: []string{
				"Ingen SMS kom (i virkeligheten): sjekk mobilnummeret som er registrert, vent et minutt, eller velg en annen kodekanal (app, PIN-kodebrev).",
				"Feil kode: to forsøk igjen; etter tre er eID-en låst i denne økten.",
			},
		},
		guideLoginOTPDevice: {
			Now: "Et felt for engangskoden, og en simulert kodebrikke som viser seks sifre.",
			Say: "«Skriv de seks sifrene som står på kodebrikken.»",
			Problems: []string{
				"Koden blir avvist: skriv den på nytt fra brikken; tre feil koder låser BankID i denne økten.",
				"Brikken er borte eller ødelagt (i virkeligheten): banken sender en ny.",
			},
		},
		guideLoginPINLetter: {
			Now: "Et felt som ber om én nummerert PIN-kode fra det simulerte PIN-kodebrevet.",
			Say: "«Finn nummeret det spørres om i brevet, og skriv PIN-koden ved siden av.»",
			Problems: []string{
				"Innringeren skrev koden til feil nummer: sjekk nummeret i spørsmålet på nytt.",
				"PIN-kodebrevet er en eldre løsning; SMS eller appen er det vanlige.",
			},
		},
		guideLoginApprove: {
			Now: "En simulert mobilapp som ber om å godkjenne innloggingen.",
			Say: "«Trykk Enter for å godkjenne i appen på den simulerte mobilen.»",
			Problems: []string{
				"Ingenting i appen (i virkeligheten): åpne appen og sjekk at den er for rett person, eller velg kode i stedet.",
			},
		},
		guideLoginMobile: {
			Now: "BankID på mobil: et felt for mobilnummeret BankID-en ligger på.",
			Say: "«Skriv mobilnummeret som BankID på mobil ligger på, åtte sifre.»",
			Problems: []string{
				"Innringeren har ikke BankID på mobil: den er historisk og krevde vanlig BankID først; gå tilbake og velg BankID.",
			},
		},
		guideLoginBirthDate: {
			Now: "Et felt for fødselsdatoen som seks sifre, DDMMÅÅ.",
			Say: "«Fødselsdatoen din som seks sifre: dag, måned, år. 17. august 1990 blir 170890.»",
			Problems: []string{
				"«Den datoen finnes ikke»: dag og måned er byttet om, eller det er en skrivefeil.",
			},
		},
		guideLoginReferenceWords: {
			Now: "To referanseord på skjermen og på den simulerte mobilen.",
			Say: "«Sjekk at de to ordene på skjermen er de samme som på mobilen, og trykk Enter.»",
			Problems: []string{
				"Ordene er ulike (i virkeligheten): ikke gå videre; noen andre kan prøve å logge inn.",
			},
		},
		guideLoginInsertCard: {
			Now: "En simulert kortleser som venter på smartkortet fra Buypass.",
			Say: "«Trykk Enter for å sette kortet inn i kortleseren.»",
			Problems: []string{
				"Ingen kortleser (i virkeligheten): Buypass ID i mobil virker uten; gå tilbake og velg den.",
			},
		},
		guideLoginInsertUSB: {
			Now: "En simulert USB-pinne fra Commfides som ikke er satt inn ennå.",
			Say: "«Trykk Enter for å sette inn USB-pinnen.»",
			Problems: []string{
				"Pinnen blir ikke funnet (i virkeligheten): prøv en annen USB-port, eller kontakt Commfides.",
			},
		},
		guideLoginPIN: {
			Now: "Et felt for PIN-koden; den simulerte enheten viser koden som skal brukes.",
			Say: "«Skriv PIN-koden din; i denne simuleringen står den på den simulerte enheten.»",
			Problems: []string{
				"Feil PIN-kode: to forsøk igjen; etter tre er eID-en låst, og en virkelig bruker må kontakte utstederen.",
			},
		},
		guideLoginLocked: {
			Now: "En melding om at denne eID-en er låst etter tre feil koder.",
			Say: "«Den eID-en er låst nå. En virkelig bruker kontakter utstederen for å få den åpnet igjen. Du kan velge en annen eID: trykk Esc.»",
			Problems: []string{
				"Innringeren vil prøve samme eID-en igjen: ikke i denne økten; velg en annen eID, eller begynn på nytt senere.",
			},
		},
		guideLoginRefused: {
			Now: "En melding om at innringeren er under aldersgrensen for denne eID-en, med datoen det blir mulig og eID-ene som gjenstår.",
			Say: "«Du er ikke gammel nok til denne eID-en ennå. Skjermen viser hvilke andre eID-er du kan bruke; trykk Esc for å velge en annen.»",
			Problems: []string{
				"Under 13 år: Commfides har ingen aldersgrense; MinID er åpen fra året man fyller 13.",
			},
		},
		guideContactAsk: {
			Now: "Hvorfor kontaktregisteret er viktig (varsler fra den digitale postkassen), og spørsmålet om man vil registrere mobilnummer og e-postadresse nå.",
			Say: "«Vil du at offentlige virksomheter skal kunne varsle deg på SMS og e-post? Jeg anbefaler det.»",
			Problems: []string{
				"Innringeren sier nei: det er lov med denne eID-en, og det går an å registrere senere.",
			},
		},
		guideContactMobile: {
			Now: "Et felt for mobilnummeret (norsk, 8 sifre). Med MinID må man ha mobilnummer eller e-postadresse.",
			Say: "«Skriv det norske mobilnummeret ditt, åtte sifre. La feltet stå tomt hvis du bare vil ha e-post.»",
			Problems: []string{
				"Utenlandsk nummer: bare norske mobilnummer (+47) kan registreres; bruk e-post i stedet.",
				"Fasttelefon: norske mobilnummer begynner på 4 eller 9.",
			},
		},
		guideContactEmail: {
			Now: "Et felt for e-postadressen.",
			Say: "«Skriv e-postadressen din, for eksempel kari@eksempel.no. La feltet stå tomt hvis du har skrevet inn mobilnummer og ikke vil ha e-post.»",
			Problems: []string{
				"Begge feltene tomme med MinID: minst ett må fylles inn.",
				"Be innringeren stave adressen bokstav for bokstav; en skrivefeil gjør at varslene kommer bort.",
			},
		},
		guideContactVerifyMobile: {
			Now: "Et felt for den sekssifrede koden som er sendt til mobilnummeret, vist på den simulerte mobilen.",
			Say: "«Vi har sendt en kode til mobilen din. Skriv de seks sifrene.»",
			Problems: []string{
				"Ingen SMS kom (i virkeligheten): sjekk nummeret på skjermen, vent et minutt, eller trykk r for ny kode; Esc går tilbake for å endre nummeret.",
				"Tre feil koder: trykk r for en ny kode.",
			},
		},
		guideContactVerifyEmail: {
			Now: "Et felt for den sekssifrede koden som er sendt til e-postadressen, vist i den simulerte innboksen.",
			Say: "«Vi har sendt en kode til e-posten din. Skriv de seks sifrene.»",
			Problems: []string{
				"Ingen e-post kom (i virkeligheten): sjekk søppelpostmappen og adressen, eller trykk r for ny kode.",
			},
		},
		guideContactVerifyLocked: {
			Now: "En melding om at det er skrevet for mange feil koder for denne adressen.",
			Say: "«La oss sjekke at nummeret eller adressen er riktig. Trykk r for en ny kode, eller Esc for å endre.»",
		},
		guideContactInfo: {
			Now: "En bekreftelse på at kontaktinformasjonen er klar; på neste side ser innringeren over alt.",
			Say: "«Trykk Enter, så ser du over alt før det blir lagret.»",
		},
		guideContactSkipped: {
			Now: "En melding om at kontaktinformasjon kan registreres senere, på brukerprofilen i ID-porten.",
			Say: "«Det går fint. Du kan legge inn mobilnummer og e-post senere når du logger inn på brukerprofilen. Trykk Enter.»",
			Problems: []string{
				"Innringeren angrer: Esc går tilbake til spørsmålet.",
			},
		},
		guideSummary: {
			Now: "Alt som skal lagres: eID, innloggingsmåte, maskert fødselsnummer og kontaktinformasjon, og valg for å bekrefte eller endre.",
			Say: "«Se etter at alt på skjermen er riktig, særlig mobilnummeret og e-postadressen, og trykk Enter.»",
			Problems: []string{
				"Noe er feil: velg «Endre kontaktinformasjon» eller «Endre eID og innlogging»; ingenting går tapt.",
			},
		},
		guideReceiptSaving: {
			Now: "Registreringen blir lagret.",
			Say: "«Et øyeblikk, det lagres nå.»",
		},
		guideReceiptSaved: {
			Now: "Kvitteringen, med en referanse.",
			Say: "«Du er registrert. Kan du lese opp referansen for meg? De åtte første tegnene holder.» Senere finner du registreringen igjen med kommandoen idporten-wizard show PREFIKS.",
		},
		guideReceiptFailed: {
			Now: "En melding om at lagringen feilet, med årsaken; alt som er skrevet, er tatt vare på.",
			Say: "«Noe gikk galt hos oss da det skulle lagres. Ingenting er tapt; trykk r for å prøve igjen.»",
			Problems: []string{
				"Det feiler igjen: årsaken står på skjermen (for eksempel full disk eller skrivebeskyttet lagringsmappe); det er en sak for driftspersonalet, ikke for innringeren.",
			},
		},
		guideQuit: {
			Now: "Et spørsmål om man vil avslutte; det som er skrevet, ville gå tapt.",
			Say: "«Trykk n for å fortsette der du var.»",
		},
		guideIdle: {
			Now: "«Er du fortsatt der?» med nedtelling; økten avsluttes ved null.",
			Say: "«Trykk en tast på tastaturet for å fortsette.»",
		},
	},
	EIDIssuer: map[model.EIDKind]string{
		model.MinID: "Digitaliseringsdirektoratet", model.BankID: "innringerens bank",
		model.BankIDMobile: "innringerens bank", model.Buypass: "Buypass AS", model.Commfides: "Commfides Norge AS",
	},
	EIDAge: map[model.EIDKind]string{
		model.MinID:        "fra året innringeren fyller 13",
		model.BankID:       "13 år (bankene kan ha egne grenser)",
		model.BankIDMobile: "13 år, som for BankID",
		model.Buypass:      "13 år, både for smartkort og mobil",
		model.Commfides:    "ingen",
	},
}
