package ui

import (
	"fmt"
	"math/rand/v2"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// Model is the program's model: the wizard, wrapped in what a session
// needs around it. The inactivity timer (a warning, then the end, or on a
// kiosk a reset to a new wizard), the kiosk's receipt countdown and exit
// sequence, a server's shutdown countdown and clamped-window notice, and
// the goodbye all live here, not in the wizard.
type Model struct {
	opts Options
	c    *common
	w    *wizard

	// The inactivity timer: the last key, one timer armed at a time (gen
	// tells a stale one), and the warning's countdown.
	lastKey     time.Time
	armed       bool
	gen         int
	idleWarning bool
	idleLeft    time.Duration
	// savedAt starts a kiosk's receipt countdown; recentKeys are the last
	// key names, for the kiosk's admin exit.
	savedAt    time.Time
	recentKeys []string

	goodbye  string
	ending   Ending
	shutdown bool
	// closingAt is when the server closes (a countdown shows); clientW and
	// clientH the client's window when the server clamped it.
	closingAt        time.Time
	clientW, clientH int
	// saves counts the registrations saved, over every wizard of a kiosk.
	saves int

	// share is the journey shared with the help desk (nil: not shared):
	// how many helpers watch, their last hint; shareNote a line about
	// sharing until the next key (the hub is away, the code expired).
	share         Share
	shareWatchers int
	shareHint     string
	shareNote     string
	shareDrawn    struct {
		key   shareDrawKey
		lines []string
	}
}

// New returns a wizard at its start screen.
func New(opts Options) *Model {
	opts = opts.withDefaults()
	m := &Model{opts: opts, c: newCommon(opts.Lang, opts.Theme, opts.Kiosk)}
	m.w = newWizard(opts, m.c)
	return m
}

// syntheticExample makes a synthetic national ID (month + 80) of an adult,
// so hints never show a real person's number.
func syntheticExample(now time.Time, rnd *rand.Rand) string {
	year := model.Today(now).Year() - 20 - rnd.IntN(40)
	birth := time.Date(year, time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), 0, 0, 0, 0, time.UTC)
	n, err := model.SyntheticNationalID(birth, rnd.IntN(500))
	if err != nil {
		return ""
	}
	return n.String()
}

// CurrentStep returns the step shown now.
func (m *Model) CurrentStep() Step { return m.w.step() }

// Registration returns the journey's registration as it stands.
func (m *Model) Registration() flows.Registration { return m.w.reg() }

// Saved returns the saved record and its file, once the receipt shows it.
func (m *Model) Saved() (model.Record, string, bool) {
	reg := m.w.reg()
	if reg.Stage != flows.StageSaved || reg.Record == nil {
		return model.Record{}, "", false
	}
	return *reg.Record, m.w.savedPath, true
}

// Ending says why the wizard ended (or EndingQuit while it runs).
func (m *Model) Ending() Ending { return m.ending }

// Saves returns how many registrations were saved in this session.
func (m *Model) Saves() int { return m.saves + m.w.saves }

// Init implements tea.Model: the first screen, and the inactivity timer
// when an idle timeout is set.
func (m *Model) Init() tea.Cmd {
	m.lastKey = m.opts.Clock.Now()
	return tea.Batch(m.w.init(), m.arm())
}

// Messages of the timers.
type (
	// idleCheckMsg: the inactivity timer armed as gen has run out.
	idleCheckMsg struct{ gen int }
	// countdownMsg: a second of a countdown (the warning, the kiosk's
	// receipt, a shutdown) has passed.
	countdownMsg struct{}
	// goodbyeDoneMsg: the goodbye has been read; the program ends.
	goodbyeDoneMsg struct{}
)

// ShutdownMsg tells the wizard the server is closing (sent by the SSH
// server on SIGTERM or SIGHUP) at At. Until then a line above the help bar
// counts down («Tenaren stengjer om 42 sekund – fullfør no») and the person
// can finish; at At the wizard says goodbye and ends, after a save in
// flight. A zero At means now.
type ShutdownMsg struct{ At time.Time }

// ClientSizeMsg tells the wizard the window the client reported, when the
// server drew in a smaller one because the client's was larger than its
// limit (zero: it was not); a line above the help bar says so.
type ClientSizeMsg struct{ Width, Height int }

// Ending says why a wizard ended: the session outcome the SSH server logs.
type Ending int

// The ways a wizard ends.
const (
	EndingQuit     Ending = iota // the person quit (or is still there)
	EndingTimedOut               // no key press for the idle timeout
	EndingShutdown               // the server closed
)

// goodbyeTime is how long the goodbye stays on screen.
const goodbyeTime = 1500 * time.Millisecond

// Update implements tea.Model. While the journey is shared, its state
// after every message goes to the help desk (masked there, and only when
// it changed).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if m.share != nil {
		m.share.Publish(m.w.reg())
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case shareEventMsg:
		return m.onShareEvent(msg)
	case idleCheckMsg:
		return m.onIdleCheck(msg.gen)
	case countdownMsg:
		return m.onCountdown()
	case ShutdownMsg:
		return m.onClosing(msg.At)
	case ClientSizeMsg:
		m.clientW, m.clientH = msg.Width, msg.Height
		return nil
	case goodbyeDoneMsg:
		return tea.Quit
	case savedMsg:
		before := m.w.reg().Stage
		cmd := m.w.update(msg)
		return tea.Batch(cmd, m.afterSave(before))
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return m.w.update(msg)
}

// key handles a key press around the wizard: the kiosk's exit sequence,
// the inactivity warning, the kiosk's receipt; then the wizard.
func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.adminExit(msg) {
		return tea.Quit
	}
	if m.goodbye != "" {
		return nil
	}
	m.lastKey = m.opts.Clock.Now()
	arm := m.arm()
	if m.idleWarning {
		// Any key continues where the person was; the key itself is not
		// passed on.
		m.idleWarning = false
		return arm
	}
	m.shareNote = ""
	if m.opts.HelpDesk != nil && key.Matches(msg, m.c.keys.Share) {
		return tea.Batch(arm, m.toggleShare())
	}
	if m.opts.Kiosk && m.w.reg().Stage == flows.StageSaved {
		if key.Matches(msg, m.c.keys.Language) {
			return tea.Batch(arm, m.w.update(msg))
		}
		return tea.Batch(arm, m.wipe()) // any key: the next person's turn
	}
	return tea.Batch(arm, m.w.update(msg))
}

// arm starts the inactivity timer if none is running: it fires when the
// warning is due; a key in between only moves lastKey (the timer, when it
// fires, arms itself again for what is left). Nothing ticks meanwhile.
func (m *Model) arm() tea.Cmd {
	if m.opts.IdleTimeout <= 0 || m.armed || m.goodbye != "" {
		return nil
	}
	m.armed = true
	m.gen++
	gen := m.gen
	d := m.lastKey.Add(m.warnAfter()).Sub(m.opts.Clock.Now())
	return after(m.opts.Clock, max(d, 0), func(time.Time) tea.Msg { return idleCheckMsg{gen} })
}

// warnAfter is the time without a key before the warning.
func (m *Model) warnAfter() time.Duration { return max(m.opts.IdleTimeout-m.opts.IdleWarning, 0) }

// onIdleCheck is the inactivity timer: too early (a key came), arm again
// for what is left; else the warning and its countdown.
func (m *Model) onIdleCheck(gen int) tea.Cmd {
	if gen != m.gen || m.goodbye != "" {
		return nil
	}
	m.armed = false
	now := m.opts.Clock.Now()
	if now.Sub(m.lastKey) < m.warnAfter() {
		return m.arm()
	}
	if m.opts.Kiosk && m.untouched() {
		// An untouched start screen has nothing to erase: wait for a key.
		return nil
	}
	m.idleWarning = true
	m.idleLeft = m.opts.IdleTimeout - now.Sub(m.lastKey)
	return m.tick()
}

// untouched reports whether a kiosk shows its start screen as a newcomer
// finds it.
func (m *Model) untouched() bool {
	return m.w.reg().Stage == flows.StageStart && m.c.lang == m.opts.Lang && !m.w.showHelp && m.share == nil
}

// tick asks for the next second of a countdown.
func (m *Model) tick() tea.Cmd {
	return after(m.opts.Clock, time.Second, func(time.Time) tea.Msg { return countdownMsg{} })
}

// counting reports whether a countdown runs: the warning, a kiosk's
// receipt, a shutdown.
func (m *Model) counting() bool {
	return m.idleWarning || !m.savedAt.IsZero() || !m.closingAt.IsZero()
}

// onCountdown moves every countdown on by what time says, and acts at
// zero: the end of the session (or a kiosk's reset), the start screen
// after a kiosk's receipt, the goodbye of a shutdown.
func (m *Model) onCountdown() tea.Cmd {
	if m.goodbye != "" {
		return nil
	}
	now := m.opts.Clock.Now()
	if !m.closingAt.IsZero() && !now.Before(m.closingAt) {
		if cmd := m.onShutdown(); cmd != nil || m.goodbye != "" {
			return cmd
		}
	}
	if m.idleWarning {
		m.idleLeft = m.opts.IdleTimeout - now.Sub(m.lastKey)
		if m.idleLeft <= 0 {
			m.idleWarning = false
			if m.opts.Kiosk {
				return tea.Batch(m.wipe(), m.tickIfCounting())
			}
			m.ending = EndingTimedOut
			return m.sayGoodbye(m.c.t.Idle.Goodbye)
		}
	}
	if !m.savedAt.IsZero() {
		left := m.opts.ReceiptReturn - now.Sub(m.savedAt)
		m.w.receiptCountdown(left)
		if left <= 0 {
			return tea.Batch(m.wipe(), m.tickIfCounting())
		}
	}
	return m.tickIfCounting()
}

// tickIfCounting asks for the next second while a countdown runs.
func (m *Model) tickIfCounting() tea.Cmd {
	if m.counting() {
		return m.tick()
	}
	return nil
}

// afterSave starts a kiosk's receipt countdown once a save has shown the
// receipt, and ends a closing session whose last save is done.
func (m *Model) afterSave(before flows.Stage) tea.Cmd {
	now := m.w.reg().Stage
	if before != flows.StageSaving || now != flows.StageSaved {
		if m.shutdown && now != flows.StageSaving && !m.opts.Clock.Now().Before(m.closingAt) {
			return m.onShutdown()
		}
		return nil
	}
	var cmds []tea.Cmd
	if m.opts.Kiosk {
		wasCounting := m.counting()
		m.savedAt = m.opts.Clock.Now()
		m.w.receiptCountdown(m.opts.ReceiptReturn)
		if !wasCounting {
			cmds = append(cmds, m.tick())
		}
	}
	if m.shutdown && !m.opts.Clock.Now().Before(m.closingAt) {
		cmds = append(cmds, m.onShutdown())
	}
	return tea.Batch(cmds...)
}

// wipe ends a kiosk person's turn: everything they typed or chose (and
// any eID they locked) is dropped with the wizard itself, the language is
// the kiosk's again, the terminal is cleared and the start screen shows.
func (m *Model) wipe() tea.Cmd {
	m.stopShare(StopReset)
	m.saves += m.w.saves
	m.c.setLang(m.opts.Lang)
	m.w = newWizard(m.opts, m.c)
	m.idleWarning, m.idleLeft = false, 0
	m.lastKey, m.savedAt = m.opts.Clock.Now(), time.Time{}
	m.recentKeys = nil
	return tea.Batch(tea.ClearScreen, m.w.init(), m.arm())
}

// adminExit reports whether msg completes the kiosk operator's exit
// sequence.
func (m *Model) adminExit(msg tea.KeyPressMsg) bool {
	seq := m.opts.AdminExit
	if !m.opts.Kiosk || len(seq) == 0 {
		return false
	}
	m.recentKeys = append(m.recentKeys, msg.String())
	if len(m.recentKeys) > len(seq) {
		m.recentKeys = m.recentKeys[len(m.recentKeys)-len(seq):]
	}
	if len(m.recentKeys) < len(seq) {
		return false
	}
	for i, k := range seq {
		if m.recentKeys[i] != k {
			return false
		}
	}
	return true
}

// sayGoodbye shows a last message, then ends the program.
func (m *Model) sayGoodbye(text string) tea.Cmd {
	m.goodbye = text
	return after(m.opts.Clock, goodbyeTime, func(time.Time) tea.Msg { return goodbyeDoneMsg{} })
}

// onClosing starts a shutdown's countdown, or ends at once when its time
// has come.
func (m *Model) onClosing(at time.Time) tea.Cmd {
	wasCounting := m.counting()
	m.shutdown = true
	if at.IsZero() || !m.opts.Clock.Now().Before(at) {
		m.closingAt = m.opts.Clock.Now()
		return m.onShutdown()
	}
	m.closingAt = at
	if wasCounting {
		return nil
	}
	return m.tick()
}

// closingLeft is the shutdown countdown's seconds, 0 when none runs.
func (m *Model) closingLeft() int {
	if m.closingAt.IsZero() || m.goodbye != "" {
		return 0
	}
	return max(int((m.closingAt.Sub(m.opts.Clock.Now())+time.Second-1)/time.Second), 0)
}

// onShutdown ends the wizard because the server is closing, after any save
// in flight (afterSave calls back).
func (m *Model) onShutdown() tea.Cmd {
	if m.w.reg().Stage == flows.StageSaving {
		return nil
	}
	m.ending = EndingShutdown
	return m.sayGoodbye(m.c.t.Idle.ServerClosing)
}

// View implements tea.Model.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.c.t.AppTitle
	// A theme with colours of its own (high contrast) sets the terminal's
	// background and text colours, so the whole window is in the theme.
	v.BackgroundColor, v.ForegroundColor = m.c.st.bg, m.c.st.fg
	return v
}

func (m *Model) render() string {
	c := m.c
	if m.goodbye != "" {
		if c.width < 12 || c.height < 3 {
			return truncate(m.goodbye, max(c.width, 1))
		}
		return lipgloss.Place(c.width, c.height, lipgloss.Center, lipgloss.Center,
			wrap(m.goodbye, max(min(c.width-4, 60), 10)))
	}
	m.w.overlay = nil
	if m.idleWarning && !m.w.tooSmall() {
		m.w.overlay = m.idleView
	}
	var status []string
	if secs := m.closingLeft(); secs > 0 {
		status = append(status, c.st.Warning.Render(wrap("! "+c.t.closing(secs), c.width)))
	}
	if m.clientW > 0 {
		status = append(status, c.st.Muted.Render(truncate(sprintf(c.t.Server.Clamped, m.clientW, m.clientH, c.width, c.height), c.width)))
	}
	status = append(status, m.shareStatus()...)
	m.w.status = status
	return m.w.render()
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
	return c.frame(int(m.w.step()), indent(body, " "), m.w.help, helpKeys{short: []key.Binding{anyKey}}, false)
}
