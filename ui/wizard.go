package ui

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// Step is a step of the wizard; its number is the one in «Steg 3 av 5».
type Step int

// The steps of the wizard.
const (
	StepStart Step = iota + 1
	StepChoose
	StepLogin
	StepContact
	StepSummary
	StepReceipt
)

// screen is one stage's component (soft-serve's pattern): it draws the
// journey's step it was shown, turns keys into events for the wizard,
// names its keys for the help bar, and lays itself out in the size it is
// given. Screens hold no rule and write no shared state: what the person
// does reaches the journey through the events they return.
type screen interface {
	// show gives the screen the journey's step and registration as they
	// are now (after every change).
	show(st flows.Step, reg flows.Registration) tea.Cmd
	// update handles a message and returns what the person did, if
	// anything (an answer, back, a highlight, typing).
	update(msg tea.Msg) (tea.Cmd, event)
	view() string
	keys() helpKeys
	setSize(w, h int)
	getSize() (int, int)
}

// event is what a person did on a screen, for the wizard to hand to the
// journey.
type event interface{ isEvent() }

type (
	// answered: the person answered the step with value.
	answered struct{ value string }
	// wentBack: the person pressed Back.
	wentBack struct{}
	// highlighted: the person moved the highlight of a list to value.
	highlighted struct{ value string }
	// typed: the person's input in the current field is now value.
	typed struct{ value string }
	// resent: the person asked for a new confirmation code.
	resent struct{}
	// restarted: the person asked for a new registration (the receipt).
	restarted struct{}
)

func (answered) isEvent()    {}
func (wentBack) isEvent()    {}
func (highlighted) isEvent() {}
func (typed) isEvent()       {}
func (resent) isEvent()      {}
func (restarted) isEvent()   {}

// savedMsg is sent by the save command when a record has been written or
// has failed to be.
type savedMsg struct {
	id   string
	path string
	err  error
}

// wizard is the journey's user interface: it shows the journey's current
// step with that stage's screen, hands the person's answers to the
// journey, and owns what every screen shares: the frame, the help bar, the
// guide panel, the quit question and the language. Kiosk, idle and
// shutdown handling wrap it (Model).
type wizard struct {
	opts        Options
	c           *common
	j           *flows.Journey
	help        help.Model
	showHelp    bool
	confirmQuit bool
	guideShown  bool
	// notice is a one-line message above the help bar until the next key
	// (which language Ctrl+L switched to); status are the wrapper's lines
	// there (a shutdown's countdown, a clamped window).
	notice string
	status []string
	// example is a synthetic national ID offered in the hint.
	example string
	scr     screen
	// overlay, when set, draws instead of the screen (the wrapper's idle
	// warning), with the guide beside it.
	overlay func() string
	// watching: this is a helper's view of a caller's journey (Watch):
	// barKeys are its help bar, and its overlay is the hint chooser.
	watching bool
	barKeys  *helpKeys
	// built is the stage and step position the screen was built for.
	built builtFor
	saves int
	// savedPath is where the last record was saved.
	savedPath string
}

// builtFor says which screen is built: a new stage, or a login's new
// step, builds a new one.
type builtFor struct {
	stage flows.Stage
	field flows.Field
	index int
	eid   model.EIDKind
}

func newWizard(opts Options, c *common) *wizard {
	w := &wizard{opts: opts, c: c, help: c.newHelp(), guideShown: opts.Guide && !opts.Kiosk}
	w.j = flows.NewJourney(flows.JourneyOptions{
		Options: flows.Options{Rand: opts.rnd, Now: opts.Now},
		NewID:   opts.NewID, Channel: opts.Channel, Lang: string(c.lang),
	})
	w.example = syntheticExample(opts.now(), opts.rnd)
	w.sync()
	return w
}

// reg is the journey's registration now.
func (w *wizard) reg() flows.Registration { return w.j.Registration() }

// sync shows the journey's current step: the same screen updated, or a
// new one for a new stage or step.
func (w *wizard) sync() tea.Cmd {
	st, reg := w.j.Step(), w.j.Registration()
	b := builtFor{stage: st.Stage, field: st.Field, index: st.Index, eid: reg.EID}
	if w.scr == nil || b != w.built {
		w.scr, w.built = w.newScreen(st), b
		bw, bh := w.c.bodySize(1)
		w.scr.setSize(bw, bh)
	}
	if r, ok := w.scr.(*receiptScreen); ok {
		r.path = w.savedPath
	}
	return w.scr.show(st, reg)
}

// newScreen builds the component of a step.
func (w *wizard) newScreen(st flows.Step) screen {
	switch st.Stage {
	case flows.StageStart:
		return &startScreen{c: w.c}
	case flows.StageChoose:
		return &chooseScreen{c: w.c}
	case flows.StageLogin, flows.StageLoginLocked, flows.StageLoginRefused:
		return newLoginScreen(w.c, w.example, w.opts.now)
	case flows.StageContactAsk, flows.StageContactMobile, flows.StageContactEmail,
		flows.StageVerifyMobile, flows.StageVerifyEmail, flows.StageContactDone, flows.StageContactSkipped:
		return newContactScreen(w.c)
	case flows.StageSummary:
		return &summaryScreen{c: w.c}
	}
	dir := ""
	if w.opts.Store != nil { // a helper's view has no store
		dir = w.opts.Store.Dir()
	}
	return &receiptScreen{c: w.c, showPaths: w.opts.Channel == model.ChannelTerminal && w.opts.Store != nil, dir: dir}
}

// step is the wizard's numbered step now.
func (w *wizard) step() Step { return Step(w.j.Stage().Phase()) }

// init starts the first screen.
func (w *wizard) init() tea.Cmd { return w.sync() }

// update handles a message.
func (w *wizard) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		w.c.width, w.c.height = msg.Width, msg.Height
		bw, bh := w.c.bodySize(1)
		w.scr.setSize(bw, bh)
		cmd, ev := w.scr.update(msg)
		return tea.Batch(cmd, w.apply(ev))
	case savedMsg:
		return w.onSaved(msg)
	case tea.KeyPressMsg:
		w.notice = ""
		return w.key(msg)
	}
	// Other messages (cursor blink, form internals) go to the screen.
	cmd, ev := w.scr.update(msg)
	return tea.Batch(cmd, w.apply(ev))
}

// key routes a key press: the quit question, the keys of every screen,
// then the screen.
func (w *wizard) key(msg tea.KeyPressMsg) tea.Cmd {
	k := w.c.keys
	if w.confirmQuit {
		switch {
		case key.Matches(msg, k.Yes), key.Matches(msg, k.Quit):
			return tea.Quit
		case key.Matches(msg, k.No):
			w.confirmQuit = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		if w.reg().HasAnswers() {
			w.confirmQuit = true
			return nil
		}
		return tea.Quit
	case key.Matches(msg, k.Language):
		return w.switchLang()
	case key.Matches(msg, k.Guide):
		w.guideShown = !w.guideShown
		return nil
	case w.tooSmall():
		return nil
	case key.Matches(msg, k.HelpF1), key.Matches(msg, k.Help) && !w.capturesText():
		w.showHelp = !w.showHelp
		return nil
	}
	cmd, ev := w.scr.update(msg)
	return tea.Batch(cmd, w.apply(ev))
}

// capturesText reports whether "?" belongs to the focused input (passwords
// and e-mail addresses may hold one).
func (w *wizard) capturesText() bool {
	st := w.j.Step()
	switch st.Field {
	case flows.FieldPassword, flows.FieldPersonalPassword, flows.FieldContactEmail:
		return true
	}
	return false
}

// apply hands an event to the journey and shows where it went.
func (w *wizard) apply(ev event) tea.Cmd {
	switch ev := ev.(type) {
	case nil:
		return nil
	case answered:
		_ = w.j.Submit(ev.value) // the journey names the problem itself
		if w.j.Stage() == flows.StageSaving {
			return tea.Batch(w.sync(), w.save())
		}
	case wentBack:
		w.j.Back()
	case highlighted:
		w.j.Highlight(ev.value)
		return nil
	case typed:
		w.j.Type(ev.value)
		return nil
	case resent:
		_ = w.j.Resend()
	case restarted:
		w.j.Restart()
		w.example = syntheticExample(w.opts.now(), w.opts.rnd)
	case finished:
		return tea.Quit
	}
	return w.sync()
}

// receiptCountdown tells a kiosk's receipt how long it has left.
func (w *wizard) receiptCountdown(left time.Duration) {
	if r, ok := w.scr.(*receiptScreen); ok {
		r.kioskLeft = left
	}
}

// save writes the record in the background; savedMsg brings the result.
func (w *wizard) save() tea.Cmd {
	rec := *w.reg().Record
	store := w.opts.Store
	return func() tea.Msg {
		path, err := store.Save(rec)
		return savedMsg{id: rec.ID, path: path, err: err}
	}
}

// onSaved follows a save: the receipt, or the reason and a retry.
func (w *wizard) onSaved(msg savedMsg) tea.Cmd {
	reg := w.reg()
	if msg.err == nil {
		w.saves++
	}
	if reg.Stage != flows.StageSaving || reg.Record == nil || reg.Record.ID != msg.id {
		return nil // a reset (or a new registration) came first
	}
	if msg.err != nil {
		w.j.SaveFailed(saveReason(msg.err))
	} else {
		w.savedPath = msg.path
		w.j.Saved()
	}
	return w.sync()
}

// saveReason is why a save failed, as far as a person can act on it.
func saveReason(err error) flows.SaveReason {
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return flows.SaveDiskFull
	case errors.Is(err, syscall.EROFS):
		return flows.SaveReadOnly
	case errors.Is(err, fs.ErrPermission):
		return flows.SavePermission
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, fs.ErrNotExist):
		return flows.SaveNoFolder
	}
	return flows.SaveOther
}

// switchLang switches to the next language; nothing typed is lost (the
// answers live in the journey, and forms are rebuilt around them).
func (w *wizard) switchLang() tea.Cmd {
	w.c.setLang(w.c.lang.next())
	w.j.SetLang(string(w.c.lang))
	w.notice = w.c.t.LangSwitched
	w.help = w.c.newHelp()
	if r, ok := w.scr.(interface{ relang() tea.Cmd }); ok {
		return r.relang()
	}
	return w.scr.show(w.j.Step(), w.reg())
}

func (w *wizard) tooSmall() bool { return w.c.width < MinWidth || w.c.height < MinHeight }

// render draws the wizard, with the guide panel when shown.
func (w *wizard) render() string {
	w.c.cut = false
	if w.guideShown {
		return w.renderWithGuide()
	}
	return w.renderWizard()
}

// renderWizard draws the wizard in the common size.
func (w *wizard) renderWizard() string {
	c := w.c
	if c.width < 12 || c.height < 3 {
		// Too small even to ask for more: the least that says so.
		return truncate(sprintf("%d×%d", MinWidth, MinHeight), max(c.width, 1))
	}
	if w.tooSmall() {
		msg := wrap(strings.ReplaceAll(
			sprintf(c.t.TooSmall, c.width, c.height, MinWidth, MinHeight), "\n", "\n\n"), max(c.width-2, 10))
		return lipgloss.Place(max(c.width, 1), max(c.height, 1), lipgloss.Center, lipgloss.Center, msg)
	}
	if w.overlay != nil {
		return w.overlay()
	}
	if w.confirmQuit {
		k := c.keys
		body := c.st.Warning.Render("? "+c.t.QuitTitle) + "\n\n" + wrap(c.t.QuitBody, c.contentWidth()) +
			"\n\n" + c.st.Strong.Render(c.t.QuitYes) + "\n" + c.st.Strong.Render(c.t.QuitNo)
		return c.frame(int(w.step()), indent(body, " "), w.help, helpKeys{short: []key.Binding{k.Yes, k.No}}, false)
	}
	s := w.scr
	keys := withLanguage(s.keys(), c.keys.Language)
	if w.barKeys != nil {
		keys = *w.barKeys
	}
	if w.opts.HelpDesk != nil {
		// The help key comes before the language's, so a narrow bar
		// keeps it.
		n := len(keys.short)
		keys.short = append(keys.short[:n-1:n-1], c.keys.Share, keys.short[n-1])
		keys.full = append(keys.full, []key.Binding{c.keys.Share})
	}
	if w.guideShown {
		keys.short = append(keys.short, c.keys.Guide)
	}
	keys.full = append(keys.full, []key.Binding{c.keys.Guide})
	bar := c.helpBar(w.help, keys, w.showHelp)
	if w.notice != "" {
		bar = c.st.Success.Render(truncate("✓ "+w.notice, c.width)) + "\n" + bar
	}
	if len(w.status) > 0 {
		bar = strings.Join(w.status, "\n") + "\n" + bar
	}
	// The body gets what the help bar leaves: it wraps onto more lines in
	// a narrow window, and screens lay themselves out in the rest.
	bw, bh := c.bodySize(lipgloss.Height(bar))
	if sw, sh := s.getSize(); sw != bw || sh != bh {
		s.setSize(bw, bh)
	}
	return c.frameBar(int(w.step()), indent(s.view(), " "), bar)
}
