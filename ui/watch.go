package ui

import (
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// The reasons a Join fails that a helper can act on (package hub returns
// them).
var (
	ErrWrongCode    = errors.New("no caller has that code")
	ErrTooManyCodes = errors.New("too many wrong codes")
	ErrNoHub        = errors.New("the hub cannot be reached")
)

// WatchFeed is one caller's shared journey, as a helper receives it.
type WatchFeed interface {
	// Views brings the caller's views, latest last; closed by Leave.
	Views() <-chan WatchView
	// Hint sends a hint for the caller's screen.
	Hint(text string) error
	// Leave stops watching.
	Leave()
}

// WatchView is one view of a caller's journey: masked at the caller's end.
type WatchView struct {
	// Reg is the journey (masked); nil once Stopped.
	Reg *flows.Registration
	// Watchers counts the helpers the caller sees, this one included.
	Watchers int
	// Stopped says sharing ended: Reason is "caller", "reset", "ended" or
	// "expired".
	Stopped bool
	Reason  string
	// Lost and Back say the helper's connection to the hub went and came.
	Lost, Back bool
}

// WatchOptions configure a helper's view.
type WatchOptions struct {
	Lang  Lang
	Theme Theme
	// Join finds the caller with a code and returns the feed of their
	// journey; errors are ErrWrongCode, ErrTooManyCodes, ErrNoHub or
	// others.
	Join func(code string) (WatchFeed, error)
	// Code, when set, is joined at once (else the view asks for it).
	Code string
}

// Watch is the helper's view of a caller's journey: the caller's screen
// rebuilt from the masked journey in the helper's own window and language,
// the guide for the caller's exact step beside it, and hints to send. The
// helper can never type into the caller's fields or press their keys:
// nothing here reaches the caller but a hint.
type Watch struct {
	opts WatchOptions
	c    *common
	w    *wizard
	help help.Model

	code     string
	feed     WatchFeed
	view     WatchView
	seen     bool // a view of the journey has come
	ended    string
	lost     bool
	sent     string
	codeIn   field
	codeErr  string
	choosing bool // the hint chooser is open
	hints    choiceList
	own      bool // writing an own hint
	ownIn    field
}

// NewWatch returns the helper's view; it joins Code at once when set.
func NewWatch(opts WatchOptions) *Watch {
	if opts.Lang == "" {
		opts.Lang = Nynorsk
	}
	c := newCommon(opts.Lang, opts.Theme, false)
	wz := newWizard(Options{Lang: opts.Lang, Clock: RealClock, NewID: func() string { return "" }}.withDefaults(), c)
	wz.guideShown, wz.watching = true, true
	// The caller's hint offers a synthetic number of its own; the helper
	// cannot know it, and is not shown another one to read out.
	wz.example = strings.Repeat(model.Mask, 11)
	return &Watch{opts: opts, c: c, w: wz, help: c.newHelp(), codeIn: newField(c, false, 7)}
}

// watchViewMsg brings a view; ok is false once the feed has closed.
type watchViewMsg struct {
	v  WatchView
	ok bool
}

// joinedMsg is the result of a join.
type joinedMsg struct {
	code string
	feed WatchFeed
	err  error
}

func (m *Watch) join(code string) tea.Cmd {
	return func() tea.Msg {
		f, err := m.opts.Join(code)
		return joinedMsg{code: code, feed: f, err: err}
	}
}

func (m *Watch) next() tea.Cmd {
	ch := m.feed.Views()
	return func() tea.Msg {
		v, ok := <-ch
		return watchViewMsg{v: v, ok: ok}
	}
}

// Init implements tea.Model.
func (m *Watch) Init() tea.Cmd {
	if m.opts.Code != "" {
		return m.join(m.opts.Code)
	}
	return nil
}

// Close leaves the caller's session (the caller's banner counts one less).
func (m *Watch) Close() {
	if m.feed != nil {
		m.feed.Leave()
		m.feed = nil
	}
}

// Update implements tea.Model.
func (m *Watch) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		return m, m.w.update(msg)
	case joinedMsg:
		return m, m.onJoined(msg)
	case watchViewMsg:
		return m, m.onView(msg)
	case tea.KeyPressMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Watch) onJoined(msg joinedMsg) tea.Cmd {
	t := &m.c.t.Watch
	switch {
	case msg.err == nil:
		m.code, m.feed, m.codeErr, m.ended, m.seen = msg.code, msg.feed, "", "", false
		return m.next()
	case errors.Is(msg.err, ErrWrongCode):
		m.codeErr = t.WrongCode
	case errors.Is(msg.err, ErrTooManyCodes):
		m.codeErr = t.TooMany
	default:
		m.codeErr = t.NoHub
	}
	m.codeIn.setValue("")
	return nil
}

func (m *Watch) onView(msg watchViewMsg) tea.Cmd {
	if !msg.ok {
		return nil
	}
	v := msg.v
	switch {
	case v.Lost:
		m.lost = true
	case v.Back:
		m.lost = false
	case v.Stopped:
		if m.ended == "" { // the first word on why counts; later ones echo it
			m.ended = v.Reason
		}
		m.choosing, m.own = false, false
	case v.Reg != nil:
		m.view, m.seen = v, true
		m.w.j = flows.ResumeJourney(*v.Reg, flows.JourneyOptions{})
		cmd := m.w.sync()
		if mr, ok := m.w.scr.(interface {
			mirror(flows.Registration) tea.Cmd
		}); ok {
			cmd = tea.Batch(cmd, mr.mirror(*v.Reg))
		}
		return tea.Batch(cmd, m.next())
	default:
		m.view.Watchers = v.Watchers
	}
	return m.next()
}

// Keys of the helper's view.
func (m *Watch) keys() (hint, send, cancel, quit key.Binding) {
	t := m.c.t
	hint = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t.Watch.HintKey))
	send = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.Keys.Choose))
	cancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t.Keys.Back))
	quit = key.NewBinding(key.WithKeys("ctrl+c", "q"), key.WithHelp("q", t.Keys.Quit))
	return
}

func (m *Watch) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	hint, send, cancel, quit := m.keys()
	switch {
	case msg.String() == "ctrl+c":
		return tea.Quit
	case key.Matches(msg, k.Language):
		m.c.setLang(m.c.lang.next())
		m.help = m.c.newHelp()
		m.w.help = m.c.newHelp()
		return m.w.sync()
	case key.Matches(msg, k.Guide):
		m.w.guideShown = !m.w.guideShown
		return nil
	}
	if m.feed == nil { // the code prompt
		if key.Matches(msg, send) {
			code := strings.ReplaceAll(m.codeIn.value(), " ", "")
			if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
				m.codeErr = sprintf(m.c.t.Watch.CodeBad, len([]rune(code)))
				return nil
			}
			return m.join(code)
		}
		return m.codeIn.update(msg)
	}
	if m.own {
		switch {
		case key.Matches(msg, cancel):
			m.own = false
			return nil
		case key.Matches(msg, send):
			return m.sendHint(m.ownIn.value())
		}
		return m.ownIn.update(msg)
	}
	if m.choosing {
		if key.Matches(msg, cancel) {
			m.choosing = false
			return nil
		}
		if m.hints.update(msg) == listChosen {
			v := m.hints.value()
			if v == "" {
				m.own, m.ownIn = true, newField(m.c, false, 200)
				return nil
			}
			return m.sendHint(v)
		}
		return nil
	}
	switch {
	case key.Matches(msg, quit):
		return tea.Quit
	case key.Matches(msg, hint) && m.ended == "" && m.seen:
		m.openHints()
	case key.Matches(msg, send) && m.ended != "":
		// Sharing has ended: the prompt again, for the next caller.
		m.Close()
		m.view, m.seen, m.ended, m.lost, m.sent, m.codeErr = WatchView{}, false, "", false, "", ""
		m.codeIn = newField(m.c, false, 7)
	}
	return nil
}

// openHints offers what the guide says to say at the caller's step, and a
// line of one's own.
func (m *Watch) openHints() {
	key, _ := m.w.guideKey()
	// In the caller's language: it is their screen the hint appears on.
	t := m.c.t
	if m.view.Reg != nil {
		if l, ok := ParseLang(m.view.Reg.Lang); ok {
			t = TextFor(l)
		}
	}
	say := strings.Trim(strings.TrimSpace(t.Guide.Entries[key].Say), "«»")
	var values, labels []string
	if say != "" {
		values, labels = append(values, say), append(labels, say)
	}
	values, labels = append(values, ""), append(labels, m.c.t.Watch.OwnText)
	m.hints = newChoiceList(m.c, values, labels, nil, values[0])
	m.choosing = true
}

func (m *Watch) sendHint(text string) tea.Cmd {
	m.choosing, m.own = false, false
	text = strings.TrimSpace(text)
	if text == "" || m.feed == nil {
		return nil
	}
	if err := m.feed.Hint(text); err == nil {
		m.sent = text
	}
	return nil
}

// View implements tea.Model.
func (m *Watch) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.c.t.Watch.Title + " · " + m.c.t.AppTitle
	v.BackgroundColor, v.ForegroundColor = m.c.st.bg, m.c.st.fg
	return v
}

func (m *Watch) render() string {
	c, t := m.c, &m.c.t.Watch
	// The width the caller's screen gets: the guide beside it takes the rest.
	ww := c.width
	if m.w.guideShown && ww >= guideSideMinWidth {
		ww -= min(ww-80, guideSideMaxWidth)
	}
	w := max(ww-2, 10)
	hint, send, cancel, quit := m.keys()
	if m.feed == nil {
		body := c.st.Subtitle.Render(t.CodeTitle) + "\n" +
			m.codeIn.view("", t.CodeHint, m.codeErr, "", c.contentWidth())
		return c.frame(0, indent(body, " "), m.help, helpKeys{short: []key.Binding{send, quit, c.keys.Language}}, false)
	}
	// One line each: the caller's screen keeps the room (a long one is cut,
	// marked with …).
	status := []string{c.st.PanelTitle.Render(t.Title) + " " + c.st.Muted.Render(truncate(sprintf(t.Watching, m.code[:3]+" "+m.code[3:]), w-lenRunes(t.Title)-3))}
	switch n := m.view.Watchers - 1; {
	case n == 1:
		status = append(status, c.st.Muted.Render(truncate(t.OthersOne, w)))
	case n > 1:
		status = append(status, c.st.Muted.Render(truncate(sprintf(t.Others, n), w)))
	}
	switch {
	case m.lost:
		status = append(status, c.st.Warning.Render(truncate("! "+t.Lost, w)))
	case m.ended != "":
		status = append(status, c.st.Warning.Render(truncate("! "+m.endedText(), w)))
	case !m.seen:
		status = append(status, c.st.Muted.Render(t.Waiting))
	}
	if m.sent != "" {
		status = append(status, c.st.Success.Render(truncate("✓ "+sprintf(t.HintSent, m.sent), w)))
	}
	keys := helpKeys{short: []key.Binding{hint, quit, c.keys.Language}}
	if m.ended != "" {
		again := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t.NewCode))
		keys = helpKeys{short: []key.Binding{again, quit, c.keys.Language}}
	}
	if m.choosing || m.own {
		keys = helpKeys{short: []key.Binding{c.keys.Up, c.keys.Down, send, cancel}}
	}
	m.w.status = status
	m.w.barKeys = &keys
	m.w.overlay = nil
	if m.choosing || m.own {
		m.w.overlay = m.chooserView
	}
	return m.w.render()
}

func (m *Watch) endedText() string {
	t := &m.c.t.Watch
	switch m.ended {
	case StopReset:
		return t.Reset
	case StopEnded:
		return t.Ended
	case StopExpired:
		return t.Expired
	}
	return t.Stopped
}

// chooserView draws the hint chooser in the wizard's place.
func (m *Watch) chooserView() string {
	c, t := m.c, &m.c.t.Watch
	body := c.st.Subtitle.Render(t.HintTitle) + "\n\n"
	if m.own {
		body += m.ownIn.view("", sprintf(t.HintLimit, 200), "", "", c.contentWidth())
	} else {
		for _, r := range m.hints.rows(true) {
			body += r.style.Render(wrap(r.text, c.contentWidth())) + "\n"
		}
	}
	_, send, cancel, _ := m.keys()
	return c.frame(int(m.w.step()), indent(body, " "), m.help,
		helpKeys{short: []key.Binding{c.keys.Up, c.keys.Down, send, cancel}}, false)
}

func lenRunes(s string) int { return len([]rune(s)) }
