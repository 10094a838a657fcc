package ui

import "github.com/idporten-wizard/idporten-wizard/model"

// guideEN is the help-desk guide in English.
var guideEN = GuideText{
	Title:            "Guide for help-desk staff",
	Now:              "The caller sees",
	Say:              "Say",
	Problems:         "Common problems",
	Facts:            "Facts",
	FactEID:          "%s: %s, issued by %s.",
	FactAge:          "Age limit: %s.",
	FactContact:      "The Contact Register (KRR) is where public bodies find the mobile number and e-mail address to notify people at.",
	FactMailbox:      "With a digital mailbox (Digipost or e-Boks), the caller is notified each time the state or a municipality sends an important letter.",
	FactMailboxLevel: "Opening a digital mailbox needs a high-level eID; MinID is not enough.",
	FactSimulated:    "This is a simulation: codes and PINs are on the caller's screen, and nothing is sent.",
	Entries: map[string]GuideEntry{
		guideStart: {
			Now: "The start page: what the registration is, the steps ahead, and a note that this site is only for the ID-porten user profile.",
			Say: "“Press Enter to begin. It takes about five minutes, and you need the eID you want to log in with.”",
			Problems: []string{
				"They wanted a public service (the Tax Administration, Nav): that service has its own website; this only sets up the user profile.",
			},
		},
		guideChoose: {
			Now: "The list of the five eIDs, with facts about the highlighted one.",
			Say: "“Which electronic ID do you have: MinID, BankID, Buypass ID or Commfides? Choose it with the arrow keys and Enter, or type its number.”",
			Problems: []string{
				"No eID at all: MinID can be ordered from the year they turn 13; Commfides has no age limit but needs an ID check.",
				"BankID på mobil: historical (phased out 2022–2024); it needed ordinary BankID with codes first.",
				"An eID marked locked: three wrong codes in this session; choose another eID.",
			},
		},
		guideLoginMethod: {
			Now: "A question about how to log in with this eID, with the choices numbered.",
			Say: "“How do you usually log in: by code on your phone, in the app, or another way? Choose that one.”",
			Problems: []string{
				"No phone to hand: MinID's PIN-code letter (legacy) or BankID's code device work without one.",
			},
		},
		guideLoginNationalID: {
			Now: "A field for the national identity number, 11 digits.",
			Say: "“Type your 11-digit national identity number. D-numbers work too; spaces are fine.”",
			Problems: []string{
				"“The check digits do not match”: one digit is wrong; ask the caller to read the number out digit by digit.",
				"For a demo, the synthetic test number in the hint can be used.",
			},
		},
		guideLoginPassword: {
			Now: "A password field; what is typed shows as dots.",
			Say: "“Type your password and press Enter.” Never ask them to read it out.",
			Problems: []string{
				"MinID rules: at least 8 characters, letters and digits, no æ, ø or å.",
				"Forgotten password: in real life they reset it with the issuer; in the simulation any password that follows the rules works.",
			},
		},
		guideLoginPersonalPassword: {
			Now: "The BankID personal password field; what is typed shows as dots.",
			Say: "“Now type your personal BankID password, the one you chose yourself.”",
			Problems: []string{
				"Forgotten: a real user contacts their bank; in the simulation any password of 8 characters or more works.",
			},
		},
		guideLoginOTPSMS: {
			Now: "A field for the one-time code, and a simulated phone showing the SMS with the code.",
			Say: "“Read the code in the text message on the simulated phone, and type it.”",
			Problems: []string{
				"No SMS received (real life): check the mobile number on file, wait a minute, or choose another code channel (app, PIN-code letter).",
				"Wrong code: two more tries; after three the eID is locked for this session.",
			},
		},
		guideLoginOTPDevice: {
			Now: "A field for the one-time code, and a simulated code device showing six digits.",
			Say: "“Type the six digits shown on the code device.”",
			Problems: []string{
				"Code refused: type it again from the device; three wrong codes lock BankID for this session.",
				"Device lost or broken (real life): the bank issues a new one.",
			},
		},
		guideLoginPINLetter: {
			Now: "A field asking for one numbered PIN from the simulated PIN-code letter.",
			Say: "“Find the number asked for in the letter, and type the PIN beside it.”",
			Problems: []string{
				"They typed the wrong number's PIN: check the number in the question again.",
				"The PIN-code letter is a legacy option; SMS or the app are the usual ways.",
			},
		},
		guideLoginApprove: {
			Now: "A simulated phone app asking to approve the login.",
			Say: "“Press Enter to approve in the app on the simulated phone.”",
			Problems: []string{
				"Nothing in the app (real life): open the app and check it is for the right person; or choose the code instead.",
			},
		},
		guideLoginMobile: {
			Now: "BankID på mobil: a field for the mobile number the BankID is on.",
			Say: "“Type the mobile number your BankID på mobil is on, eight digits.”",
			Problems: []string{
				"They have no BankID på mobil: it is historical and needed ordinary BankID first; go back and choose BankID.",
			},
		},
		guideLoginBirthDate: {
			Now: "A field for the date of birth as six digits, DDMMYY.",
			Say: "“Your date of birth as six digits: day, month, year. 17 August 1990 is 170890.”",
			Problems: []string{
				"“That date does not exist”: day and month swapped, or a typing slip.",
			},
		},
		guideLoginReferenceWords: {
			Now: "Two reference words on the screen and on the simulated phone.",
			Say: "“Check that the two words on the screen are the same as on the phone, then press Enter.”",
			Problems: []string{
				"The words differ (real life): do not go on; someone else may be trying to log in.",
			},
		},
		guideLoginInsertCard: {
			Now: "A simulated card reader waiting for the Buypass smart card.",
			Say: "“Press Enter to put the card in the card reader.”",
			Problems: []string{
				"No card reader (real life): Buypass ID on mobile works without one; go back and choose it.",
			},
		},
		guideLoginInsertUSB: {
			Now: "A simulated Commfides USB stick, not yet inserted.",
			Say: "“Press Enter to insert the USB stick.”",
			Problems: []string{
				"The stick is not found (real life): try another USB port, or contact Commfides.",
			},
		},
		guideLoginPIN: {
			Now: "A PIN field; the simulated device shows the PIN to use.",
			Say: "“Type your PIN; in this simulation it is shown on the simulated device.”",
			Problems: []string{
				"Wrong PIN: two more tries; after three the eID is locked and a real user must contact the issuer.",
			},
		},
		guideLoginLocked: {
			Now: "A message that this eID is locked after three wrong codes.",
			Say: "“That eID is locked now. A real user contacts the issuer to have it unlocked. You can choose another eID: press Esc.”",
			Problems: []string{
				"They want to try the same eID again: not in this session; choose another eID, or start again later.",
			},
		},
		guideLoginRefused: {
			Now: "A message that the caller is under the age limit for this eID, with the date it becomes possible and the eIDs that remain.",
			Say: "“You are not old enough for this eID yet. The screen lists the other eIDs you can use; press Esc to choose another.”",
			Problems: []string{
				"Under 13: Commfides has no age limit; MinID is open from the year they turn 13.",
			},
		},
		guideContactAsk: {
			Now: "Why the Contact Register matters (notices from the digital mailbox), and the question whether to register a mobile number and e-mail address now.",
			Say: "“Would you like public bodies to be able to notify you by text message and e-mail? I recommend it.”",
			Problems: []string{
				"They say no: that is allowed with this eID, and they can register later.",
			},
		},
		guideContactMobile: {
			Now: "A field for the mobile number (Norwegian, 8 digits). With MinID, a mobile number or an e-mail address is required.",
			Say: "“Type your Norwegian mobile number, eight digits. Leave it empty if you only want e-mail.”",
			Problems: []string{
				"A foreign number: only Norwegian (+47) mobile numbers can be registered; use e-mail instead.",
				"A landline: Norwegian mobile numbers start with 4 or 9.",
			},
		},
		guideContactEmail: {
			Now: "A field for the e-mail address.",
			Say: "“Type your e-mail address, for example kari@example.no. Leave it empty if you have entered a mobile number and do not want e-mail.”",
			Problems: []string{
				"Both fields empty with MinID: at least one is required.",
				"Ask the caller to spell the address letter by letter; a typing slip means notices go astray.",
			},
		},
		guideContactVerifyMobile: {
			Now: "A field for the 6-digit code sent to the mobile number, shown on the simulated phone.",
			Say: "“We have sent a code to your phone. Type the six digits.”",
			Problems: []string{
				"No SMS received (real life): check the number shown, wait a minute, or press r for a new code; Esc goes back to change the number.",
				"Three wrong codes: press r for a new code.",
			},
		},
		guideContactVerifyEmail: {
			Now: "A field for the 6-digit code sent to the e-mail address, shown in the simulated inbox.",
			Say: "“We have sent a code to your e-mail. Type the six digits.”",
			Problems: []string{
				"No e-mail received (real life): check the spam folder and the address, or press r for a new code.",
			},
		},
		guideContactVerifyLocked: {
			Now: "A message that too many wrong codes were typed for this address.",
			Say: "“Let's check that the number or address is right. Press r for a new code, or Esc to change it.”",
		},
		guideContactInfo: {
			Now: "A confirmation that the contact information is ready; on the next page the caller checks everything.",
			Say: "“Press Enter, and you can check everything before it is saved.”",
		},
		guideContactSkipped: {
			Now: "A note that contact information can be registered later, in the user profile in ID-porten.",
			Say: "“That's fine. You can add a mobile number and e-mail later when you log in to your user profile. Press Enter.”",
			Problems: []string{
				"They change their mind: Esc goes back to the question.",
			},
		},
		guideSummary: {
			Now: "Everything to be saved: eID, login method, masked national ID, contact details; and choices to confirm or change.",
			Say: "“Please check that everything on the screen is right, above all the mobile number and e-mail address, then press Enter.”",
			Problems: []string{
				"Something is wrong: choose “Change contact information” or “Change eID and login”; nothing is lost.",
			},
		},
		guideReceiptSaving: {
			Now: "The registration is being saved.",
			Say: "“One moment, it is being saved.”",
		},
		guideReceiptSaved: {
			Now: "The receipt, with a reference.",
			Say: "“You are registered. Could you read me the reference? The first eight characters are enough.” To find the registration later, run idporten-wizard show PREFIX.",
		},
		guideReceiptFailed: {
			Now: "A message that saving failed, with the reason; everything typed is kept.",
			Say: "“Something went wrong on our side when saving. Nothing is lost; press r to try again.”",
			Problems: []string{
				"It fails again: the reason is on the screen (a full disk or a read-only data folder, for example); that is for the operators, not the caller.",
			},
		},
		guideQuit: {
			Now: "A question whether to quit; what was typed would be lost.",
			Say: "“Press n to carry on where you were.”",
		},
		guideIdle: {
			Now: "“Are you still there?” with a countdown; the session ends at zero.",
			Say: "“Press any key on the keyboard to carry on.”",
		},
	},
	EIDIssuer: map[model.EIDKind]string{
		model.MinID: "the Norwegian Digitalisation Agency (Digdir)", model.BankID: "the caller's bank",
		model.BankIDMobile: "the caller's bank", model.Buypass: "Buypass AS", model.Commfides: "Commfides Norge AS",
	},
	EIDAge: map[model.EIDKind]string{
		model.MinID:        "from the year the caller turns 13",
		model.BankID:       "13 (banks may have their own limits)",
		model.BankIDMobile: "13, as for BankID",
		model.Buypass:      "13, for both the smart card and mobile",
		model.Commfides:    "none",
	},
}
