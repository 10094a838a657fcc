package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// The guide's entries, one per step and sub-step. The catalogue's
// GuideText.Entries has one for each key in every language (a test checks).
const (
	guideStart                 = "start"
	guideChoose                = "choose"
	guideLoginMethod           = "login.method"
	guideLoginNationalID       = "login.national_id"
	guideLoginPassword         = "login.password"
	guideLoginPersonalPassword = "login.personal_password"
	guideLoginOTPSMS           = "login.otp.phone_sms"
	guideLoginOTPDevice        = "login.otp.code_device"
	guideLoginPINLetter        = "login.pin_letter"
	guideLoginApprove          = "login.approve"
	guideLoginMobile           = "login.mobile"
	guideLoginBirthDate        = "login.birth_date"
	guideLoginReferenceWords   = "login.reference_words"
	guideLoginInsertCard       = "login.insert_card"
	guideLoginInsertUSB        = "login.insert_usb"
	guideLoginPIN              = "login.pin"
	guideLoginLocked           = "login.locked"
	guideLoginRefused          = "login.refused"
	guideContactAsk            = "contact.ask"
	guideContactMobile         = "contact.mobile"
	guideContactEmail          = "contact.email"
	guideContactVerifyMobile   = "contact.verify_mobile"
	guideContactVerifyEmail    = "contact.verify_email"
	guideContactVerifyLocked   = "contact.verify_locked"
	guideContactInfo           = "contact.info"
	guideContactSkipped        = "contact.skipped"
	guideSummary               = "summary"
	guideReceiptSaving         = "receipt.saving"
	guideReceiptSaved          = "receipt.saved"
	guideReceiptFailed         = "receipt.failed"
	guideQuit                  = "quit"
	guideIdle                  = "idle"
)

// guideKeys lists every entry key, for the completeness test.
var guideKeys = []string{
	guideStart, guideChoose, guideLoginMethod, guideLoginNationalID, guideLoginPassword,
	guideLoginPersonalPassword, guideLoginOTPSMS, guideLoginOTPDevice, guideLoginPINLetter,
	guideLoginApprove, guideLoginMobile, guideLoginBirthDate, guideLoginReferenceWords,
	guideLoginInsertCard, guideLoginInsertUSB, guideLoginPIN, guideLoginLocked, guideLoginRefused,
	guideContactAsk, guideContactMobile, guideContactEmail, guideContactVerifyMobile,
	guideContactVerifyEmail, guideContactVerifyLocked, guideContactInfo, guideContactSkipped, guideSummary,
	guideReceiptSaving, guideReceiptSaved, guideReceiptFailed, guideQuit, guideIdle,
}

// guideLoginKey is the entry for a step of a login: by field, and for the
// one-time code by the device that shows it.
func guideLoginKey(step flows.Step) string {
	if step.Field == flows.FieldOTP {
		if step.Device != nil && step.Device.Kind == flows.DeviceCodeDevice {
			return guideLoginOTPDevice
		}
		return guideLoginOTPSMS
	}
	return "login." + string(step.Field)
}

// guideKey is the guide's entry for a journey's step: its stage, and in a
// login the step's field (the one-time code by the device that shows it).
// It is the same for the caller's own wizard and for a helper watching it,
// since both have the registration; eid is what the facts are about (nil
// before one is chosen).
func guideKey(reg flows.Registration, st flows.Step) (key string, eid *model.EID) {
	e, ok := model.LookupEID(reg.EID)
	if reg.Stage == flows.StageChoose {
		e, ok = model.LookupEID(model.EIDKind(reg.Highlight))
	}
	if ok {
		eid = &e
	}
	switch reg.Stage {
	case flows.StageStart:
		return guideStart, nil
	case flows.StageChoose:
		return guideChoose, eid
	case flows.StageLogin:
		return guideLoginKey(st), eid
	case flows.StageLoginLocked:
		return guideLoginLocked, eid
	case flows.StageLoginRefused:
		return guideLoginRefused, eid
	case flows.StageVerifyMobile, flows.StageVerifyEmail:
		if reg.Verify != nil && reg.Verify.Wrong >= flows.MaxTries {
			return guideContactVerifyLocked, eid
		}
		if reg.Stage == flows.StageVerifyEmail {
			return guideContactVerifyEmail, eid
		}
		return guideContactVerifyMobile, eid
	case flows.StageContactDone:
		return guideContactInfo, eid
	case flows.StageContactAsk, flows.StageContactMobile, flows.StageContactEmail, flows.StageContactSkipped,
		flows.StageSummary, flows.StageSaving, flows.StageSaved, flows.StageSaveFailed:
		return string(reg.Stage), eid
	}
	return guideStart, nil
}

// guideKey is the entry for what the wizard shows now: the quit question
// or the wrapper's idle warning over the journey's step.
func (w *wizard) guideKey() (string, *model.EID) {
	key, e := guideKey(w.reg(), w.j.Step())
	switch {
	case w.overlay != nil && !w.watching:
		return guideIdle, nil
	case w.confirmQuit:
		return guideQuit, e
	}
	return key, e
}

// guideFacts are the facts the caller often asks about at this point: the
// eID's level, issuer and age rule, and from the contact register on what
// the register and the digital mailbox are for. The issuer and the age
// rule are the guide's own, written about the caller, not to them.
func (c *common) guideFacts(key string, e *model.EID) []string {
	g := c.t.Guide
	var facts []string
	if e != nil {
		facts = append(facts,
			fmt.Sprintf(g.FactEID, e.Name, c.t.LevelName[e.Level], g.EIDIssuer[e.Kind]),
			fmt.Sprintf(g.FactAge, g.EIDAge[e.Kind]))
	}
	if strings.HasPrefix(key, "contact.") || key == guideSummary || key == guideChoose {
		facts = append(facts, g.FactContact, g.FactMailbox)
		if e != nil && !e.CanOpenDigitalMailbox() {
			facts = append(facts, g.FactMailboxLevel)
		}
	}
	if strings.HasPrefix(key, "login.") {
		facts = append(facts, g.FactSimulated)
	}
	return facts
}

// guideView draws the panel, w wide and h high, beside the wizard (a rule
// on its left) or below it (a rule above): the title, what the caller sees,
// what to say, the problems and the facts, cut to the height (the most
// urgent parts come first).
func (wz *wizard) guideView(w, h int, side bool) string {
	c := wz.c
	g := c.t.Guide
	key, e := wz.guideKey()
	entry := g.Entries[key]
	inner := max(w-3, 10)
	if !side {
		inner = max(w-2, 10)
	}
	label := func(s string) string { return c.st.Strong.Render(s) }
	var b strings.Builder
	b.WriteString(wrap(label(g.Now+": ")+entry.Now, inner) + "\n")
	b.WriteString(wrap(label(g.Say+": ")+entry.Say, inner))
	if len(entry.Problems) > 0 {
		b.WriteString("\n" + label(g.Problems+":"))
		for _, p := range entry.Problems {
			b.WriteString("\n" + wrap("· "+p, inner))
		}
	}
	if facts := c.guideFacts(key, e); len(facts) > 0 {
		b.WriteString("\n" + label(g.Facts+":"))
		for _, f := range facts {
			b.WriteString("\n" + wrap("· "+f, inner))
		}
	}
	title := c.st.PanelTitle.Render(truncate(g.Title, inner-2))
	if side {
		body := fitHeight(title+"\n"+b.String(), h)
		rule := c.st.GuideRule.Render("│")
		lines := strings.Split(body, "\n")
		for i, l := range lines {
			lines[i] = rule + " " + l
		}
		return strings.Join(lines, "\n")
	}
	top := c.st.GuideRule.Render("──") + " " + title + " " +
		c.st.GuideRule.Render(strings.Repeat("─", max(w-lipgloss.Width(title)-4, 0)))
	return top + "\n" + indent(fitHeight(b.String(), max(h-1, 1)), " ")
}

// Guide layout: beside the wizard when the window is wide enough for both
// (the wizard keeps 80 columns), below it otherwise, and not at all when
// the wizard would not fit. Below, the panel takes a third of the height
// (guideBelowMin to guideBelowMax lines) and shrinks to guideBelowLeast
// before the wizard would have to cut what the person must read or choose.
const (
	guideSideMinWidth = 120
	guideSideMaxWidth = 60
	guideBelowMin     = 6
	guideBelowMax     = 10
	guideBelowLeast   = 3
)

// renderWithGuide draws the wizard with the guide panel beside or below it.
// The wizard is drawn in the space the panel leaves, as if the window were
// that size. The guide gives way: when the wizard would be cut in what is
// left, the panel shrinks, and when even the smallest panel is too much,
// the wizard gets the whole window (the person's screen comes first).
func (m *wizard) renderWithGuide() string {
	c := m.c
	w, h := c.width, c.height
	defer func() { c.width, c.height = w, h }()
	if w >= guideSideMinWidth {
		gw := min(w-80, guideSideMaxWidth)
		c.width, c.cut = w-gw, false
		if wizard := m.renderWizard(); !c.cut {
			wizard = lipgloss.NewStyle().Width(c.width).Render(fitHeight(wizard, h))
			return lipgloss.JoinHorizontal(lipgloss.Top, wizard, m.guideView(gw, h, true))
		}
		c.width = w
	}
	for gh := min(max(h/3, guideBelowMin), guideBelowMax); gh >= guideBelowLeast && w >= MinWidth; gh-- {
		if h-gh < MinHeight {
			continue
		}
		c.height, c.cut = h-gh, false
		if wizard := m.renderWizard(); !c.cut {
			return wizard + "\n" + m.guideView(w, gh, false)
		}
	}
	c.width, c.height, c.cut = w, h, false
	return m.renderWizard()
}
