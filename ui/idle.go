package ui

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// idleTickMsg is sent every second by the inactivity clock while an idle
// timeout is set; the root model compares it with the last key press.
type idleTickMsg time.Time

// goodbyeDoneMsg is sent a moment after the goodbye screen is shown, to end
// the program once the person has had time to read it.
type goodbyeDoneMsg struct{}

// ShutdownMsg tells the wizard the server is closing (sent by the SSH
// server on SIGTERM or SIGHUP) at At. Until then a line above the help bar
// counts down («Tenaren stengjer om 42 sekund – fullfør no») and the person
// can finish; at At the wizard says goodbye and ends, after a save in
// flight. A zero At means now.
type ShutdownMsg struct{ At time.Time }

// closingTickMsg counts a shutdown's seconds down.
type closingTickMsg time.Time

func closingTick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return closingTickMsg(t) })
}

// ClientSizeMsg tells the wizard the window the client reported, when the
// server drew in a smaller one because the client's was larger than its
// limit (zero: it was not); a line above the help bar says so.
type ClientSizeMsg struct{ Width, Height int }

// idleTick schedules the next inactivity check.
func idleTick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return idleTickMsg(t) })
}

// goodbyeAfter ends the program after the goodbye has been on screen a while.
func goodbyeAfter(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return goodbyeDoneMsg{} })
}

// Ending says why a wizard ended: the session outcome the SSH server logs.
type Ending int

// The ways a wizard ends.
const (
	EndingQuit     Ending = iota // the person quit (or is still there)
	EndingTimedOut               // no key press for the idle timeout
	EndingShutdown               // the server closed
)

// idleRemaining returns how long until the idle timeout, at now.
func (m *Model) idleRemaining(now time.Time) time.Duration {
	return m.opts.IdleTimeout - now.Sub(m.lastKey)
}

// onIdleTick warns, or ends the session, when no key has been pressed.
func (m *Model) onIdleTick(now time.Time) tea.Cmd {
	if m.opts.IdleTimeout <= 0 || m.goodbye != "" {
		return nil
	}
	if m.opts.Kiosk {
		return m.onKioskTick(now)
	}
	left := m.idleRemaining(now)
	switch {
	case left <= 0:
		m.ending = EndingTimedOut
		return m.sayGoodbye(m.c.t.Idle.Goodbye)
	case left <= m.opts.IdleWarning:
		m.idleWarning = true
		m.idleLeft = left
	default:
		m.idleWarning = false
	}
	return idleTick()
}

// onKioskTick counts down the receipt and the inactivity warning on a
// kiosk; at zero the next person's turn begins.
func (m *Model) onKioskTick(now time.Time) tea.Cmd {
	if m.step == StepReceipt && m.receipt.saved() {
		m.receipt.kioskLeft = m.opts.ReceiptReturn - now.Sub(m.savedAt)
		if m.receipt.kioskLeft <= 0 {
			return tea.Batch(m.wipe(), idleTick())
		}
		return idleTick()
	}
	// An untouched start screen has nothing to erase.
	if m.step == StepStart && m.c.lang == m.opts.Lang && !m.showHelp {
		m.lastKey = now
		return idleTick()
	}
	left := m.idleRemaining(now)
	switch {
	case left <= 0:
		return tea.Batch(m.wipe(), idleTick())
	case left <= m.opts.IdleWarning:
		m.idleWarning = true
		m.idleLeft = left
	default:
		m.idleWarning = false
	}
	return idleTick()
}

// sayGoodbye shows a last message, then ends the program.
func (m *Model) sayGoodbye(text string) tea.Cmd {
	m.goodbye = text
	return goodbyeAfter(goodbyeTime)
}

// goodbyeTime is how long the goodbye stays on screen.
const goodbyeTime = 1500 * time.Millisecond

// onClosing starts a shutdown's countdown, or ends at once when its time
// has come.
func (m *Model) onClosing(at time.Time) tea.Cmd {
	m.closingAt = at
	if at.IsZero() || !time.Now().Before(at) {
		return m.onShutdown()
	}
	return closingTick()
}

// onClosingTick ends the wizard when the shutdown's time has come.
func (m *Model) onClosingTick(now time.Time) tea.Cmd {
	if m.goodbye != "" {
		return nil
	}
	if !now.Before(m.closingAt) {
		return m.onShutdown()
	}
	return closingTick()
}

// closingLeft is the countdown's seconds, 0 when none runs.
func (m *Model) closingLeft() int {
	if m.closingAt.IsZero() || m.goodbye != "" {
		return 0
	}
	return max(int((time.Until(m.closingAt)+time.Second-1)/time.Second), 0)
}

// onShutdown ends the wizard because the server is closing, after any save
// in flight.
func (m *Model) onShutdown() tea.Cmd {
	m.shutdown = true
	if m.step == StepReceipt && m.receipt.saving {
		return nil // savedMsg calls back here
	}
	m.ending = EndingShutdown
	return m.sayGoodbye(m.c.t.Idle.ServerClosing)
}

// idleView is the full-screen «Er du framleis der?» with its countdown.
func (m *Model) idleView() string {
	c := m.c
	secs := int((m.idleLeft + time.Second - 1) / time.Second)
	text := c.t.Idle.Body
	if m.opts.Kiosk {
		text = c.t.Idle.KioskBody
	}
	body := c.st.Warning.Render("? "+c.t.Idle.Title) + "\n\n" +
		wrap(fmt.Sprintf(text, secs), c.contentWidth()) + "\n\n" +
		c.st.Strong.Render(wrap(c.t.Idle.Continue, c.contentWidth()))
	anyKey := key.NewBinding(key.WithKeys("enter"), key.WithHelp(c.t.Idle.AnyKey, c.t.Keys.Next))
	return c.frame(int(m.step), indent(body, " "), m.help, helpKeys{short: []key.Binding{anyKey}}, false)
}
