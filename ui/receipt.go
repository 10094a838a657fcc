package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// receiptScreen is the receipt: saving, then the record's reference (and on
// the owner's terminal its file), or the reason saving failed, with a
// retry.
type receiptScreen struct {
	size
	c     *common
	stage flows.Stage
	reg   flows.Registration
	// path is the saved file; dir the data folder, for a failure.
	path, dir string
	// showPaths names the file and folder: only on the owner's own
	// terminal, never on a kiosk or over SSH, where the public reads it.
	showPaths bool
	// kioskLeft is the time until a kiosk's receipt gives way to the start
	// screen; zero when not a kiosk.
	kioskLeft time.Duration
}

// finished is the person's "quit" on the receipt.
type finished struct{}

func (finished) isEvent() {}

func (s *receiptScreen) show(st flows.Step, reg flows.Registration) tea.Cmd {
	s.stage, s.reg = st.Stage, reg
	return nil
}

func (s *receiptScreen) update(msg tea.Msg) (tea.Cmd, event) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, nil
	}
	k := s.c.keys
	switch s.stage {
	case flows.StageSaveFailed:
		switch {
		case key.Matches(kp, k.Retry):
			return nil, answered{flows.AnswerRetry}
		case key.Matches(kp, k.Back):
			return nil, wentBack{}
		}
	case flows.StageSaved:
		switch {
		case key.Matches(kp, k.New):
			return nil, restarted{}
		case key.Matches(kp, k.Finish):
			return nil, finished{}
		}
	}
	return nil, nil
}

func (s *receiptScreen) keys() helpKeys {
	k := s.c.keys
	switch s.stage {
	case flows.StageSaving:
		return helpKeys{short: []key.Binding{k.Quit}}
	case flows.StageSaveFailed:
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
	switch s.stage {
	case flows.StageSaving:
		return st.Muted.Render("… " + t.Receipt.Saving)
	case flows.StageSaveFailed:
		reason := flows.SaveOther
		if p := s.reg.Problem; p != nil {
			reason = p.Reason
		}
		return st.Error.Render(wrap("✗ "+t.Receipt.FailTitle, w)) + "\n\n" +
			wrap(t.saveError(reason, s.dir, s.showPaths), w) + "\n\n" + st.Strong.Render(wrap(t.Receipt.FailKept, w))
	}
	rec := s.reg.Record
	if rec == nil {
		return ""
	}
	title := st.Success.Render("✓ " + t.Receipt.Title)
	id := st.Label.Render(t.Receipt.ID+": ") + rec.ID
	if s.showPaths {
		id += "\n" + st.Label.Render(t.Receipt.File+": ") + wrap(s.path, w-lipgloss.Width(t.Receipt.File)-2)
	}
	next := st.Strong.Render(t.Receipt.NextTitle) + "\n" + wrap(receiptNext(t, *rec), w)
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
