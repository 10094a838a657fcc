package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// savedMsg is sent by the save command when a record has been written or
// has failed to be; the receipt shows either.
type savedMsg struct {
	record model.Record
	path   string
	err    error
}

// receiptScreen is the receipt: saving, then the record's id and file, or
// the reason saving failed with a retry.
type receiptScreen struct {
	size
	c      *context
	record model.Record
	saving bool
	path   string
	err    error
	dir    string
	// showPaths names the file and folder: only on the owner's own
	// terminal, never on a kiosk or over SSH, where the public reads it.
	showPaths bool
	// kioskLeft is the time until a kiosk's receipt gives way to the start
	// screen; zero when not a kiosk.
	kioskLeft time.Duration
}

func (s *receiptScreen) saved() bool { return !s.saving && s.err == nil && s.path != "" }

func (s *receiptScreen) keys() helpKeys {
	k := s.c.keys
	switch {
	case s.saving:
		return helpKeys{short: []key.Binding{k.Quit}}
	case s.err != nil:
		return helpKeys{short: []key.Binding{k.Retry, k.Back, k.Quit, k.Help}}
	}
	if s.c.kiosk {
		return helpKeys{short: []key.Binding{k.AnyKey, k.Language}}
	}
	return helpKeys{short: []key.Binding{k.New, k.Finish, k.Help}}
}

func (s *receiptScreen) view() string {
	t, st := s.c.t, s.c.st
	w := s.width
	if s.saving {
		return st.Muted.Render("… " + t.Receipt.Saving)
	}
	if s.err != nil {
		return st.Error.Render(wrap("✗ "+t.Receipt.FailTitle, w)) + "\n\n" +
			wrap(t.saveError(s.err, s.dir, s.showPaths), w) + "\n\n" + st.Strong.Render(wrap(t.Receipt.FailKept, w))
	}
	title := st.Success.Render("✓ " + t.Receipt.Title)
	id := st.Label.Render(t.Receipt.ID+": ") + s.record.ID
	if s.showPaths {
		id += "\n" + st.Label.Render(t.Receipt.File+": ") + wrap(s.path, w-lipgloss.Width(t.Receipt.File)-2)
	}
	next := st.Strong.Render(t.Receipt.NextTitle) + "\n" + wrap(receiptNext(t, s.record), w)
	note := st.Muted.Render(wrap(t.Receipt.SimNote, w))
	countdown := ""
	if s.c.kiosk {
		secs := int((s.kioskLeft + time.Second - 1) / time.Second)
		countdown = "\n\n" + st.Warning.Render(wrap(fmt.Sprintf(t.Idle.KioskReturn, secs), w))
	}
	// The reference is what a person must be able to read; what comes
	// after it gives way in a short window.
	return firstFitting(s.height,
		title+"\n\n"+id+"\n\n"+next+"\n\n"+note+countdown,
		title+"\n\n"+id+"\n\n"+next+countdown,
		title+"\n"+id+"\n"+next+countdown,
		title+"\n"+id+countdown)
}

// receiptNext is what happens next: the eID to log in with, and whether
// contact information will be used or can be registered later.
func receiptNext(t *Text, r model.Record) string {
	more := t.Receipt.NextNoContact
	if r.ContactRegister.Registered {
		more = t.Receipt.NextContact
	}
	return fmt.Sprintf(t.Receipt.Next, r.EID.Name) + " " + more
}
