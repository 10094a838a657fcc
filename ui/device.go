package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// devicePanel draws the simulated "other device" of a login: a clearly
// labelled box with the code, words or PIN a person reads and types. Width w
// is the outer width. When compact, it has no border (narrow terminals).
func (c *common) devicePanel(d *flows.Device, eidName string, w int, compact bool) string {
	t, st := c.t, c.st
	var title string
	var lines []string
	code := func(s string) string { return st.DeviceCode.Render(s) }
	switch d.Kind {
	case flows.DevicePhoneSMS:
		title = t.Device.Phone
		lines = []string{fmt.Sprintf(t.Device.SMSFrom, eidName), fmt.Sprintf(t.Device.SMSCode, code(d.Code))}
	case flows.DevicePhoneApp:
		title = t.Device.Phone
		lines = []string{eidName, t.Device.AppAsk, "", st.Strong.Render(t.Device.AppButton)}
	case flows.DeviceCodeDevice:
		title = t.Device.CodeDevice
		lines = []string{t.Device.CodeDeviceHint, "", "  " + code(spaced(d.Code))}
	case flows.DevicePINLetter:
		title = t.Device.PINLetter
		// Two columns in the box; three when compact and wide enough, so
		// the whole letter fits a short window.
		cols := 2
		item := lipgloss.Width(fmt.Sprintf(t.Device.PINLetterItem, 10, d.PINs[0]))
		if compact && w-2 >= 3*item+6 {
			cols = 3
		} else {
			lines = append(lines, t.Device.PINLetterIntro)
		}
		rows := (len(d.PINs) + cols - 1) / cols
		for i := 0; i < rows; i++ {
			var cells []string
			for c := 0; c < cols; c++ {
				if j := i + c*rows; j < len(d.PINs) {
					cells = append(cells, fmt.Sprintf(t.Device.PINLetterItem, j+1, d.PINs[j]))
				}
			}
			lines = append(lines, strings.Join(cells, "   "))
		}
	case flows.DevicePhoneSIM:
		title = t.Device.Phone
		bankID, _ := model.LookupEID(model.BankID) // the SIM app is BankID's
		lines = []string{bankID.Name, t.Device.WordsLabel, code(strings.Join(d.Words, " "))}
		if d.PIN != "" {
			lines = append(lines, "", t.Device.SIMAskPIN, fmt.Sprintf(t.Device.YourPIN, code(d.PIN)))
		}
	case flows.DeviceCardReader:
		title = t.Device.CardReader
		if d.Inserted {
			lines = []string{"✓ " + t.Device.CardIn, fmt.Sprintf(t.Device.YourPIN, code(d.PIN))}
		} else {
			lines = []string{"○ " + t.Device.CardOut}
		}
	case flows.DeviceUSB:
		title = t.Device.USB
		if d.Inserted {
			lines = []string{"✓ " + t.Device.USBIn, fmt.Sprintf(t.Device.YourPIN, code(d.PIN))}
		} else {
			lines = []string{"○ " + t.Device.USBOut}
		}
	}
	return c.panel(title, lines, w, compact)
}

// verifyPanel draws the simulated phone or inbox that receives the contact
// register's confirmation code.
func (c *common) verifyPanel(email bool, codeText string, w int, compact bool) string {
	t, st := c.t, c.st
	code := st.DeviceCode.Render(codeText)
	if email {
		return c.panel(t.Device.Inbox, []string{t.Device.InboxFrom, t.Device.InboxSubject, "", fmt.Sprintf(t.Device.InboxCode, code)}, w, compact)
	}
	return c.panel(t.Device.Phone, []string{fmt.Sprintf(t.Device.SMSFrom, t.Contact.Title), fmt.Sprintf(t.Device.InboxCode, code)}, w, compact)
}

// panel is a titled box; compact drops the border and keeps the title.
func (c *common) panel(title string, lines []string, w int, compact bool) string {
	st := c.st
	head := st.PanelTitle.Render("▣ " + title)
	if compact {
		body := wrap(strings.Join(lines, "\n"), w-2)
		return head + "\n" + indent(body, "  ")
	}
	inner := max(w-st.Panel.GetHorizontalFrameSize(), 10)
	body := lipgloss.NewStyle().Width(inner).Render(head + "\n\n" + strings.Join(lines, "\n"))
	return st.Panel.Render(body)
}

// spaced writes a code in groups of three, as code devices show it.
func spaced(s string) string {
	if len(s) <= 4 {
		return s
	}
	var parts []string
	for len(s) > 3 {
		parts = append(parts, s[:3])
		s = s[3:]
	}
	return strings.Join(append(parts, s), " ")
}

// indent prefixes every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
