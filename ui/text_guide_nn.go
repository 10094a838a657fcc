package ui

import "github.com/idporten-wizard/idporten-wizard/model"

// guideNN er rettleiinga for brukarstøtta, på nynorsk.
var guideNN = GuideText{
	Title:            "Rettleiing for brukarstøtta",
	Now:              "Innringjaren ser",
	Say:              "Sei",
	Problems:         "Vanlege problem",
	Facts:            "Fakta",
	FactEID:          "%s: %s, utferda av %s.",
	FactAge:          "Aldersgrense: %s.",
	FactContact:      "Kontaktregisteret (KRR) er der offentlege verksemder finn mobilnummeret og e-postadressa dei skal varsle folk på.",
	FactMailbox:      "Med digital postkasse (Digipost eller e-Boks) får innringjaren varsel kvar gong staten eller kommunen sender eit viktig brev.",
	FactMailboxLevel: "For å opne digital postkasse trengst ein eID på høgt nivå; MinID er ikkje nok.",
	FactSimulated:    "Dette er ei simulering: kodar og PIN-kodar står på skjermen til innringjaren, og ingenting blir sendt.",
	Entries: map[string]GuideEntry{
		guideStart: {
			Now: "Startsida: kva registreringa er, stega vidare, og ein merknad om at sida berre gjeld brukarprofilen i ID-porten.",
			Say: "«Trykk Enter for å byrje. Det tek om lag fem minutt, og du treng den eID-en du vil logge inn med.»",
			Problems: []string{
				"Innringjaren ville til ei offentleg teneste (Skatteetaten, Nav): den tenesta har eiga nettside; her lagar ein berre brukarprofilen.",
			},
		},
		guideChoose: {
			Now: "Lista over dei fem eID-ane, med fakta om den som er merkt.",
			Say: "«Kva for ein elektronisk ID har du: MinID, BankID, Buypass ID eller Commfides? Vel han med piltastane og Enter, eller skriv talet.»",
			Problems: []string{
				"Ingen eID i det heile: MinID kan tingast frå året ein fyller 13; Commfides har inga aldersgrense, men krev ID-kontroll.",
				"BankID på mobil: historisk (fasa ut 2022–2024); han kravde vanleg BankID med kodar først.",
				"Ein eID er merkt låst: tre feil kodar i denne økta; vel ein annan eID.",
			},
		},
		guideLoginMethod: {
			Now: "Eit spørsmål om korleis ein vil logge inn med denne eID-en, med nummererte val.",
			Say: "«Korleis loggar du vanlegvis inn: med kode på mobilen, i appen eller på ein annan måte? Vel den måten.»",
			Problems: []string{
				"Ingen mobil for handa: PIN-kodebrevet til MinID (eldre løysing) eller kodebrikka til BankID verkar utan.",
			},
		},
		guideLoginNationalID: {
			Now: "Eit felt for fødselsnummeret, 11 siffer.",
			Say: "«Skriv fødselsnummeret ditt, 11 siffer. D-nummer går òg, og mellomrom går fint.»",
			Problems: []string{
				"«Kontrollsiffera stemmer ikkje»: eitt siffer er feil; be innringjaren lese opp nummeret siffer for siffer.",
				"I ein demo kan ein bruke det syntetiske testnummeret i hjelpeteksten.",
			},
		},
		guideLoginPassword: {
			Now: "Eit passordfelt; det som blir skrive, blir vist som prikkar.",
			Say: "«Skriv passordet ditt og trykk Enter.» Be aldri innringjaren lese opp passordet.",
			Problems: []string{
				"Reglane for MinID: minst 8 teikn, både bokstavar og tal, ikkje æ, ø eller å.",
				"Gløymt passord: i røynda nullstiller ein det hos utferdaren; i simuleringa går alle passord som følgjer reglane.",
			},
		},
		guideLoginPersonalPassword: {
			Now: "Feltet for det personlege BankID-passordet; det som blir skrive, blir vist som prikkar.",
			Say: "«Skriv no det personlege BankID-passordet ditt, det du har valt sjølv.»",
			Problems: []string{
				"Gløymt: ein verkeleg brukar tek kontakt med banken; i simuleringa går alle passord på minst 8 teikn.",
			},
		},
		guideLoginOTPSMS: {
			Now: "Eit felt for eingongskoden, og ein simulert mobil som viser SMS-en med koden.",
			Say: "«Les koden i tekstmeldinga på den simulerte mobilen, og skriv han inn.»",
			Problems: []string{
				"Ingen SMS kom (i røynda): sjekk mobilnummeret som er registrert, vent eit minutt, eller vel ein annan kodekanal (app, PIN-kodebrev).",
				"Feil kode: to forsøk att; etter tre er eID-en låst i denne økta.",
			},
		},
		guideLoginOTPDevice: {
			Now: "Eit felt for eingongskoden, og ei simulert kodebrikke som viser seks siffer.",
			Say: "«Skriv dei seks siffera som står på kodebrikka.»",
			Problems: []string{
				"Koden blir avvist: skriv han på nytt frå brikka; tre feil kodar låser BankID i denne økta.",
				"Brikka er borte eller øydelagd (i røynda): banken sender ei ny.",
			},
		},
		guideLoginPINLetter: {
			Now: "Eit felt som ber om éin nummerert PIN-kode frå det simulerte PIN-kodebrevet.",
			Say: "«Finn nummeret det blir spurt om i brevet, og skriv PIN-koden ved sida av.»",
			Problems: []string{
				"Innringjaren skreiv koden til feil nummer: sjekk nummeret i spørsmålet på nytt.",
				"PIN-kodebrevet er ei eldre løysing; SMS eller appen er det vanlege.",
			},
		},
		guideLoginApprove: {
			Now: "Ein simulert mobilapp som ber om å godkjenne innlogginga.",
			Say: "«Trykk Enter for å godkjenne i appen på den simulerte mobilen.»",
			Problems: []string{
				"Ingenting i appen (i røynda): opne appen og sjekk at han er for rett person, eller vel kode i staden.",
			},
		},
		guideLoginMobile: {
			Now: "BankID på mobil: eit felt for mobilnummeret BankID-en ligg på.",
			Say: "«Skriv mobilnummeret som BankID på mobil ligg på, åtte siffer.»",
			Problems: []string{
				"Innringjaren har ikkje BankID på mobil: han er historisk og kravde vanleg BankID først; gå tilbake og vel BankID.",
			},
		},
		guideLoginBirthDate: {
			Now: "Eit felt for fødselsdatoen som seks siffer, DDMMÅÅ.",
			Say: "«Fødselsdatoen din som seks siffer: dag, månad, år. 17. august 1990 blir 170890.»",
			Problems: []string{
				"«Den datoen finst ikkje»: dag og månad er bytte om, eller det er ein skrivefeil.",
			},
		},
		guideLoginReferenceWords: {
			Now: "To referanseord på skjermen og på den simulerte mobilen.",
			Say: "«Sjekk at dei to orda på skjermen er dei same som på mobilen, og trykk Enter.»",
			Problems: []string{
				"Orda er ulike (i røynda): ikkje gå vidare; nokon annan kan prøve å logge inn.",
			},
		},
		guideLoginInsertCard: {
			Now: "Ein simulert kortlesar som ventar på smartkortet frå Buypass.",
			Say: "«Trykk Enter for å setje kortet inn i kortlesaren.»",
			Problems: []string{
				"Ingen kortlesar (i røynda): Buypass ID i mobil verkar utan; gå tilbake og vel den.",
			},
		},
		guideLoginInsertUSB: {
			Now: "Ein simulert USB-pinne frå Commfides som ikkje er sett inn enno.",
			Say: "«Trykk Enter for å setje inn USB-pinnen.»",
			Problems: []string{
				"Pinnen blir ikkje funnen (i røynda): prøv ein annan USB-port, eller kontakt Commfides.",
			},
		},
		guideLoginPIN: {
			Now: "Eit felt for PIN-koden; den simulerte eininga viser koden som skal brukast.",
			Say: "«Skriv PIN-koden din; i denne simuleringa står han på den simulerte eininga.»",
			Problems: []string{
				"Feil PIN-kode: to forsøk att; etter tre er eID-en låst, og ein verkeleg brukar må kontakte utferdaren.",
			},
		},
		guideLoginLocked: {
			Now: "Ei melding om at denne eID-en er låst etter tre feil kodar.",
			Say: "«Den eID-en er låst no. Ein verkeleg brukar kontaktar utferdaren for å få han opna att. Du kan velje ein annan eID: trykk Esc.»",
			Problems: []string{
				"Innringjaren vil prøve same eID-en igjen: ikkje i denne økta; vel ein annan eID, eller byrj på nytt seinare.",
			},
		},
		guideLoginRefused: {
			Now: "Ei melding om at innringjaren er under aldersgrensa for denne eID-en, med datoen det blir mogleg og eID-ane som står att.",
			Say: "«Du er ikkje gammal nok til denne eID-en enno. Skjermen viser kva for andre eID-ar du kan bruke; trykk Esc for å velje ein annan.»",
			Problems: []string{
				"Under 13 år: Commfides har inga aldersgrense; MinID er open frå året ein fyller 13.",
			},
		},
		guideContactAsk: {
			Now: "Kvifor kontaktregisteret er viktig (varsel frå den digitale postkassa), og spørsmålet om ein vil registrere mobilnummer og e-postadresse no.",
			Say: "«Vil du at offentlege verksemder skal kunne varsle deg på SMS og e-post? Eg rår deg til det.»",
			Problems: []string{
				"Innringjaren seier nei: det er lov med denne eID-en, og det går an å registrere seinare.",
			},
		},
		guideContactMobile: {
			Now: "Eit felt for mobilnummeret (norsk, 8 siffer). Med MinID må ein ha mobilnummer eller e-postadresse.",
			Say: "«Skriv det norske mobilnummeret ditt, åtte siffer. La feltet stå tomt om du berre vil ha e-post.»",
			Problems: []string{
				"Utanlandsk nummer: berre norske mobilnummer (+47) kan registrerast; bruk e-post i staden.",
				"Fasttelefon: norske mobilnummer byrjar på 4 eller 9.",
			},
		},
		guideContactEmail: {
			Now: "Eit felt for e-postadressa.",
			Say: "«Skriv e-postadressa di, til dømes kari@eksempel.no. La feltet stå tomt om du har skrive inn mobilnummer og ikkje vil ha e-post.»",
			Problems: []string{
				"Begge felta tomme med MinID: minst eitt må fyllast inn.",
				"Be innringjaren stave adressa bokstav for bokstav; ein skrivefeil gjer at varsla kjem bort.",
			},
		},
		guideContactVerifyMobile: {
			Now: "Eit felt for den sekssifra koden som er send til mobilnummeret, vist på den simulerte mobilen.",
			Say: "«Vi har sendt ein kode til mobilen din. Skriv dei seks siffera.»",
			Problems: []string{
				"Ingen SMS kom (i røynda): sjekk nummeret på skjermen, vent eit minutt, eller trykk r for ny kode; Esc går tilbake for å endre nummeret.",
				"Tre feil kodar: trykk r for ein ny kode.",
			},
		},
		guideContactVerifyEmail: {
			Now: "Eit felt for den sekssifra koden som er send til e-postadressa, vist i den simulerte innboksen.",
			Say: "«Vi har sendt ein kode til e-posten din. Skriv dei seks siffera.»",
			Problems: []string{
				"Ingen e-post kom (i røynda): sjekk søppelpostmappa og adressa, eller trykk r for ny kode.",
			},
		},
		guideContactVerifyLocked: {
			Now: "Ei melding om at det er skrive for mange feil kodar for denne adressa.",
			Say: "«La oss sjekke at nummeret eller adressa er rett. Trykk r for ein ny kode, eller Esc for å endre.»",
		},
		guideContactInfo: {
			Now: "Ei stadfesting av at kontaktinformasjonen er klar; på neste side ser innringjaren over alt.",
			Say: "«Trykk Enter, så ser du over alt før det blir lagra.»",
		},
		guideContactSkipped: {
			Now: "Ei melding om at kontaktinformasjon kan registrerast seinare, på brukarprofilen i ID-porten.",
			Say: "«Det går fint. Du kan leggje inn mobilnummer og e-post seinare når du loggar inn på brukarprofilen. Trykk Enter.»",
			Problems: []string{
				"Innringjaren angrar: Esc går tilbake til spørsmålet.",
			},
		},
		guideSummary: {
			Now: "Alt som skal lagrast: eID, innloggingsmåte, maskert fødselsnummer og kontaktinformasjon, og val for å stadfeste eller endre.",
			Say: "«Sjå etter at alt på skjermen er rett, særleg mobilnummeret og e-postadressa, og trykk Enter.»",
			Problems: []string{
				"Noko er feil: vel «Endre kontaktinformasjon» eller «Endre eID og innlogging»; ingenting går tapt.",
			},
		},
		guideReceiptSaving: {
			Now: "Registreringa blir lagra.",
			Say: "«Eit augneblink, det blir lagra no.»",
		},
		guideReceiptSaved: {
			Now: "Kvitteringa, med ein referanse.",
			Say: "«Du er registrert. Kan du lese opp referansen for meg? Dei åtte første teikna held.» Seinare finn du registreringa att med kommandoen idporten-wizard show PREFIKS.",
		},
		guideReceiptFailed: {
			Now: "Ei melding om at lagringa feila, med grunnen; alt som er skrive, er teke vare på.",
			Say: "«Noko gjekk gale hos oss då det skulle lagrast. Ingenting er tapt; trykk r for å prøve igjen.»",
			Problems: []string{
				"Det feilar igjen: grunnen står på skjermen (til dømes full disk eller skriveverna lagringsmappe); det er ei sak for driftspersonalet, ikkje for innringjaren.",
			},
		},
		guideQuit: {
			Now: "Eit spørsmål om ein vil avslutte; det som er skrive, ville gå tapt.",
			Say: "«Trykk n for å halde fram der du var.»",
		},
		guideIdle: {
			Now: "«Er du framleis der?» med nedteljing; økta blir avslutta ved null.",
			Say: "«Trykk ein tast på tastaturet for å halde fram.»",
		},
	},
	EIDIssuer: map[model.EIDKind]string{
		model.MinID: "Digitaliseringsdirektoratet", model.BankID: "banken til innringjaren",
		model.BankIDMobile: "banken til innringjaren", model.Buypass: "Buypass AS", model.Commfides: "Commfides Norge AS",
	},
	EIDAge: map[model.EIDKind]string{
		model.MinID:        "frå året innringjaren fyller 13",
		model.BankID:       "13 år (bankane kan ha eigne grenser)",
		model.BankIDMobile: "13 år, som for BankID",
		model.Buypass:      "13 år, både for smartkort og mobil",
		model.Commfides:    "ingen",
	},
}
