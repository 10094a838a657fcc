package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
)

// HelpDesk lets a caller share their journey with the help desk, live and
// masked (package hub implements it over NATS). Nil: no help key.
type HelpDesk interface {
	// Share starts sharing with a new help code. It never waits on the
	// network: with the hub unreachable it fails at once.
	Share() (Share, error)
}

// Share is one session's sharing, from the code until Stop.
type Share interface {
	// Code is the help code to read out (6 digits), and Valid how long it
	// waits for a helper to join.
	Code() string
	Valid() time.Duration
	// Publish hands over the registration as it is now; it is masked
	// before it leaves the machine, and Publish never blocks.
	Publish(reg flows.Registration)
	// Events brings the helpers' arrivals, departures and hints; closed
	// when sharing ends.
	Events() <-chan ShareEvent
	// Stop ends sharing at once; reason is "caller", "reset" or "ended".
	Stop(reason string)
}

// Why sharing ends, as Share.Stop and WatchView.Reason name it.
const (
	StopByCaller = "caller"  // the caller pressed the help key again
	StopReset    = "reset"   // a kiosk reset, or the receipt's timeout
	StopEnded    = "ended"   // the session ended
	StopExpired  = "expired" // nobody joined in time
)

// ShareEvent is news from the help desk: how many helpers watch now, and
// a hint for the screen when Hint is set.
type ShareEvent struct {
	Watchers int
	Hint     string
}

// shareEventMsg brings a ShareEvent of share to the wizard; ok is false
// once sharing has ended.
type shareEventMsg struct {
	share Share
	ev    ShareEvent
	ok    bool
}

// waitShare waits for the share's next event.
func waitShare(s Share) tea.Cmd {
	ch := s.Events()
	return func() tea.Msg {
		ev, ok := <-ch
		return shareEventMsg{share: s, ev: ev, ok: ok}
	}
}

// toggleShare is the help key: a help code and the journey shared, or, while
// shared, the end of it.
func (m *Model) toggleShare() tea.Cmd {
	if m.share != nil {
		m.stopShare(StopByCaller)
		m.shareNote = m.c.t.Share.Stopped
		return nil
	}
	s, err := m.opts.HelpDesk.Share()
	if err != nil {
		m.shareNote = m.c.t.Share.Unavailable
		return nil
	}
	m.share, m.shareWatchers, m.shareHint = s, 0, ""
	return waitShare(s)
}

// stopShare ends sharing, if it runs, for reason.
func (m *Model) stopShare(reason string) {
	if m.share == nil {
		return
	}
	m.share.Stop(reason)
	m.share, m.shareWatchers, m.shareHint = nil, 0, ""
}

// Close ends what the session still holds open: sharing with the help
// desk. The program's runner calls it once the program has ended.
func (m *Model) Close() { m.stopShare(StopEnded) }

// onShareEvent takes news from the help desk: helpers came or went, a
// hint; or sharing ended from the hub's side (the code expired).
func (m *Model) onShareEvent(msg shareEventMsg) tea.Cmd {
	if msg.share != m.share || m.share == nil {
		return nil // an earlier share's last word
	}
	if !msg.ok {
		m.share, m.shareWatchers, m.shareHint = nil, 0, ""
		m.shareNote = m.c.t.Share.Expired
		return nil
	}
	m.shareWatchers = msg.ev.Watchers
	if msg.ev.Hint != "" {
		m.shareHint = msg.ev.Hint
	}
	return waitShare(m.share)
}

// shareStatus are the lines above the help bar about sharing: the code to
// read out until a helper comes, then the banner that someone watches, and
// the last hint, marked as the help desk's.
func (m *Model) shareStatus() []string {
	if m.share == nil && m.shareNote == "" {
		return nil
	}
	k := shareDrawKey{note: m.shareNote, watchers: m.shareWatchers, hint: m.shareHint, width: m.c.width, lang: m.c.lang}
	if m.share != nil {
		k.code = m.share.Code()
	}
	// The lines change only with these: drawn once, not every frame.
	if m.shareDrawn.lines == nil || m.shareDrawn.key != k {
		m.shareDrawn.key, m.shareDrawn.lines = k, m.drawShareStatus()
	}
	return m.shareDrawn.lines
}

// shareDrawKey is what the sharing lines depend on.
type shareDrawKey struct {
	note, hint, code string
	watchers, width  int
	lang             Lang
}

func (m *Model) drawShareStatus() []string {
	c, t := m.c, &m.c.t.Share
	w := max(c.width-2, 10)
	var lines []string
	if m.shareNote != "" {
		lines = append(lines, c.st.Warning.Render(wrap("! "+m.shareNote, w)))
	}
	if m.share == nil {
		return lines
	}
	stop := sprintf(t.StopKey, strings.ToUpper(ShareKey))
	if m.shareWatchers == 0 {
		spaced, words := t.readOut(m.share.Code())
		mins := int(m.share.Valid().Round(time.Minute) / time.Minute)
		lines = append(lines,
			c.st.Strong.Render(wrap(sprintf(t.Code, spaced)+" "+sprintf(t.ReadOut, words), w)),
			c.st.Muted.Render(wrap(sprintf(t.Valid, max(mins, 1))+" "+stop, w)))
	} else {
		banner := t.Watching
		if m.shareWatchers > 1 {
			banner = sprintf(t.WatchingN, m.shareWatchers)
		}
		lines = append(lines, c.st.Warning.Render(wrap("● "+banner+" "+stop, w)))
	}
	if m.shareHint != "" {
		lines = append(lines, c.st.Subtitle.Render(wrap("✉ "+sprintf(t.Hint, m.shareHint), w)))
	}
	return lines
}

// readOut is a help code as it is shown ("593 474") and read out ("fem ni
// tre – fire sju fire").
func (t *ShareText) readOut(code string) (spaced, words string) {
	var w []string
	for i, d := range code {
		if i == 3 {
			w = append(w, "–")
		}
		if d >= '0' && d <= '9' {
			w = append(w, t.Digits[d-'0'])
		}
	}
	if len(code) == 6 {
		spaced = code[:3] + " " + code[3:]
	}
	return spaced, strings.Join(w, " ")
}
