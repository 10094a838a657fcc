package ui

import (
	"math/rand/v2"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// outcome is what a screen asks the root model to do after a key.
type outcome int

const (
	outcomeNone outcome = iota // stay
	outcomeNext                // the screen is done: go forward
	outcomeBack                // go back one step
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

// Model is the root of the wizard: it owns navigation between the steps and
// the registration being built, and hands keys to the current screen.
type Model struct {
	opts        Options
	c           *context
	help        help.Model
	showHelp    bool
	confirmQuit bool
	step        Step
	rand        *rand.Rand
	// example is a synthetic national ID offered in the hint.
	example string

	// locked are the eIDs locked in this session after three wrong codes.
	locked map[model.EIDKind]bool

	start   *startScreen
	choose  *chooseScreen
	login   *loginScreen
	contact *contactScreen
	summary *summaryScreen
	receipt *receiptScreen

	// Inactivity and the end of the session.
	lastKey     time.Time
	idleWarning bool
	idleLeft    time.Duration
	goodbye     string
	ending      Ending
	shutdown    bool
	// closingAt is when the server closes (a countdown shows); clientW and
	// clientH the client's window when the server clamped it.
	closingAt        time.Time
	clientW, clientH int
	saves            int
	// savedAt is when the receipt's record was saved (kiosk countdown);
	// recentKeys are the last key names, for the kiosk's admin exit.
	savedAt    time.Time
	recentKeys []string
	// guideShown shows the help-desk guide panel (never on a kiosk).
	guideShown bool
	// notice is a one-line message above the help bar until the next key
	// (which language Ctrl+L switched to).
	notice string

	// The registration being built.
	loginResult flows.Result
	loggedIn    bool
	contactData contactData
}

// New returns a wizard at its start screen.
func New(opts Options) *Model {
	opts = opts.withDefaults()
	r := opts.rand()
	m := &Model{opts: opts, c: newContext(opts.Lang, opts.Theme, opts.Kiosk), rand: r, locked: map[model.EIDKind]bool{}}
	m.help = m.c.newHelp()
	m.guideShown = opts.Guide && !opts.Kiosk
	m.reset()
	return m
}

// reset empties the registration and returns to the start screen.
func (m *Model) reset() {
	m.step = StepStart
	m.start = &startScreen{c: m.c}
	m.choose = newChooseScreen(m.c, m.locked)
	m.login, m.contact = nil, nil
	m.summary = &summaryScreen{c: m.c}
	m.receipt = &receiptScreen{c: m.c}
	m.loginResult, m.loggedIn = flows.Result{}, false
	m.contactData = contactData{}
	m.showHelp, m.confirmQuit = false, false
	m.example = syntheticExample(m.opts.now(), m.rand)
	m.resize()
}

// resize gives every screen the body area of the current window.
func (m *Model) resize() {
	w, h := m.c.bodySize(1)
	screens := []screen{m.start, m.choose, m.summary, m.receipt}
	// The login and contact screens exist once their step is reached.
	if m.login != nil {
		screens = append(screens, m.login)
	}
	if m.contact != nil {
		screens = append(screens, m.contact)
	}
	for _, s := range screens {
		s.setSize(w, h)
	}
}

// current returns the screen of the current step.
func (m *Model) current() screen {
	switch m.step {
	case StepChoose:
		return m.choose
	case StepLogin:
		return m.login
	case StepContact:
		return m.contact
	case StepSummary:
		return m.summary
	case StepReceipt:
		return m.receipt
	}
	return m.start
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
func (m *Model) CurrentStep() Step { return m.step }

// Saved returns the saved record and its file, once the receipt shows it.
func (m *Model) Saved() (model.Record, string, bool) {
	if m.step != StepReceipt || !m.receipt.saved() {
		return model.Record{}, "", false
	}
	return m.receipt.record, m.receipt.path, true
}

// Ending says why the wizard ended (or EndingQuit while it runs).
func (m *Model) Ending() Ending { return m.ending }

// Saves returns how many registrations were saved in this wizard.
func (m *Model) Saves() int { return m.saves }

// Init implements tea.Model: it starts the inactivity clock when an idle
// timeout is set.
func (m *Model) Init() tea.Cmd {
	if m.opts.IdleTimeout <= 0 {
		return nil
	}
	m.lastKey = time.Now()
	return idleTick()
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.resize()
		if m.contact != nil && m.contact.form != nil {
			return m, m.forwardToForm(msg)
		}
		return m, nil
	case savedMsg:
		if msg.err == nil {
			m.saves++
		}
		if m.step != StepReceipt || msg.record.ID != m.receipt.record.ID {
			// A kiosk reset (or a new registration) came first: the
			// result belongs to nobody on screen any more.
			return m, nil
		}
		m.receipt.saving = false
		m.receipt.path, m.receipt.err = msg.path, msg.err
		if msg.err == nil {
			m.savedAt = time.Now()
			m.receipt.kioskLeft = m.opts.ReceiptReturn
		}
		if m.shutdown && !time.Now().Before(m.closingAt) {
			return m, m.onShutdown()
		}
		return m, nil
	case idleTickMsg:
		return m, m.onIdleTick(time.Time(msg))
	case ShutdownMsg:
		return m, m.onClosing(msg.At)
	case closingTickMsg:
		return m, m.onClosingTick(time.Time(msg))
	case ClientSizeMsg:
		m.clientW, m.clientH = msg.Width, msg.Height
		return m, nil
	case goodbyeDoneMsg:
		return m, tea.Quit
	case tea.KeyPressMsg:
		if m.adminExit(msg) {
			return m, tea.Quit
		}
		if m.goodbye != "" {
			return m, nil
		}
		m.lastKey = time.Now()
		m.notice = ""
		if m.idleWarning {
			// Any key continues where the person was; the key itself is
			// not passed on.
			m.idleWarning = false
			return m, nil
		}
		return m, m.handleKey(msg)
	}
	// Other messages (cursor blink, form internals) go to the screen.
	switch m.step {
	case StepLogin:
		_, cmd := m.login.update(msg)
		return m, cmd
	case StepContact:
		out, cmd := m.contact.update(msg)
		return m, tea.Batch(cmd, m.follow(out))
	}
	return m, nil
}

func (m *Model) forwardToForm(msg tea.Msg) tea.Cmd {
	out, cmd := m.contact.update(msg)
	return tea.Batch(cmd, m.follow(out))
}

// handleKey routes a key press: quit confirmation, global keys, then the
// current screen.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if m.confirmQuit {
		switch {
		case key.Matches(msg, k.Yes), msg.String() == "ctrl+c":
			return tea.Quit
		case key.Matches(msg, k.No):
			m.confirmQuit = false
		}
		return nil
	}
	if key.Matches(msg, k.Quit) {
		if m.entered() {
			m.confirmQuit = true
			return nil
		}
		return tea.Quit
	}
	if key.Matches(msg, k.Language) {
		return m.switchLang()
	}
	if key.Matches(msg, k.Guide) {
		m.guideShown = !m.guideShown
		return nil
	}
	if m.tooSmall() {
		return nil
	}
	if msg.String() == "f1" || (msg.String() == "?" && !m.capturesText()) {
		m.showHelp = !m.showHelp
		return nil
	}
	if key.Matches(msg, k.Back) {
		return m.back()
	}

	switch m.step {
	case StepStart:
		return m.follow(m.start.update(msg))
	case StepChoose:
		return m.follow(m.choose.update(msg))
	case StepLogin:
		out, cmd := m.login.update(msg)
		return tea.Batch(cmd, m.follow(out))
	case StepContact:
		out, cmd := m.contact.update(msg)
		return tea.Batch(cmd, m.follow(out))
	case StepSummary:
		out, action := m.summary.update(msg)
		if out == outcomeNext {
			return m.summaryAction(action)
		}
	case StepReceipt:
		return m.receiptKey(msg)
	}
	return nil
}

// capturesText reports whether the focused input takes free text, where
// "?" is a character rather than the help key.
func (m *Model) capturesText() bool {
	switch m.step {
	case StepLogin:
		return m.login.capturesText()
	case StepContact:
		return m.contact.capturesText()
	}
	return false
}

// entered reports whether the person has typed or chosen anything that
// quitting would lose.
func (m *Model) entered() bool {
	if m.step == StepReceipt && m.receipt.saved() {
		return false
	}
	if m.loggedIn || !m.contactData.empty() {
		return true
	}
	if m.step == StepLogin && m.login.flow.State() == flows.Active {
		return m.login.flow.Step().Index > 1 || m.login.field.value() != ""
	}
	return false
}

// follow acts on a screen's outcome.
func (m *Model) follow(out outcome) tea.Cmd {
	switch out {
	case outcomeNext:
		return m.forward()
	case outcomeBack:
		return m.back()
	}
	return nil
}

// forward moves to the next step from the current one.
func (m *Model) forward() tea.Cmd {
	switch m.step {
	case StepStart:
		m.step = StepChoose
	case StepChoose:
		m.startLogin(m.choose.selected().Kind)
	case StepLogin:
		res := m.login.flow.Result()
		if !res.SamePerson(m.loginResult) {
			// Another person (or the first): nothing typed for the last
			// one, verified or not, may reach this one's record.
			m.contactData = contactData{}
		}
		m.loginResult = res
		m.loggedIn = true
		if m.loginResult.Mobile != "" && m.contactData.mobileInput == "" {
			m.contactData.mobileInput = model.FormatMobile(m.loginResult.Mobile)
		}
		return m.startContact()
	case StepContact:
		m.step = StepSummary
		m.summary = &summaryScreen{c: m.c, login: m.loginResult, data: &m.contactData}
		m.resize()
	}
	return nil
}

// back moves one step back. It is never blocked by a validation error.
func (m *Model) back() tea.Cmd {
	switch m.step {
	case StepChoose:
		m.step = StepStart
	case StepLogin:
		if m.login.back() == outcomeBack {
			m.step = StepChoose
			m.choose.selectKind(m.login.flow.EID().Kind)
		}
	case StepContact:
		out, cmd := m.contact.back()
		if out == outcomeBack && m.login != nil && m.login.reopen() {
			// Back to the login's last part, with what was typed kept.
			m.loggedIn = false
			m.step = StepLogin
		}
		return cmd
	case StepSummary:
		m.step = StepContact
		return m.contact.enter(phaseInfo)
	case StepReceipt:
		if m.receipt.err != nil {
			m.step = StepSummary
		}
	}
	return nil
}

func (m *Model) startLogin(kind model.EIDKind) {
	flow, err := flows.NewLogin(kind, flows.Options{Rand: m.rand, Now: m.opts.Now})
	if err != nil {
		return
	}
	m.login = newLoginScreen(m.c, flow, m.example, m.opts.Now, m.locked)
	m.resize()
	m.step = StepLogin
}

func (m *Model) startContact() tea.Cmd {
	var cmd tea.Cmd
	w, h := m.c.bodySize(1)
	m.contact, cmd = newContactScreen(m.c, w, h, m.loginResult.EID, &m.contactData, m.rand, m.opts.Now)
	m.step = StepContact
	return cmd
}

func (m *Model) summaryAction(a summaryAction) tea.Cmd {
	switch a {
	case actionEditLogin:
		m.loggedIn = false
		m.step = StepChoose
		m.choose.selectKind(m.loginResult.EID.Kind)
		return nil
	case actionEditContact:
		return m.startContact()
	}
	m.step = StepReceipt
	m.receipt = &receiptScreen{c: m.c, record: buildRecord(m.opts, m.c.lang, m.loginResult, m.contactData),
		dir: m.opts.Store.Dir(), showPaths: m.opts.Channel == model.ChannelTerminal}
	m.resize()
	return m.save()
}

// save writes the record in the background; savedMsg brings the result.
func (m *Model) save() tea.Cmd {
	m.receipt.saving = true
	m.receipt.err = nil
	rec, store := m.receipt.record, m.opts.Store
	return func() tea.Msg {
		path, err := store.Save(rec)
		return savedMsg{record: rec, path: path, err: err}
	}
}

func (m *Model) receiptKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case m.receipt.saving:
	case m.receipt.err != nil:
		if key.Matches(msg, k.Retry) {
			return m.save()
		}
	case m.opts.Kiosk:
		// Any key: the next person's turn.
		return m.wipe()
	case key.Matches(msg, k.New):
		m.reset()
	case key.Matches(msg, k.Finish):
		return tea.Quit
	}
	return nil
}

// buildRecord turns a registration (the login's result and the contact
// data, in lang) into the record to save; the line mode builds its record
// here too. The same record (and id) is saved again on retry.
func buildRecord(opts Options, lang Lang, r flows.Result, d contactData) model.Record {
	now := opts.now().In(model.Oslo()).Truncate(time.Second)
	rec := model.Record{
		SchemaVersion: model.SchemaVersion,
		ID:            opts.NewID(),
		CreatedAt:     now,
		Language:      string(lang),
		Channel:       opts.Channel,
		EID: model.RecordEID{Kind: r.EID.Kind, Name: r.EID.Name, Issuer: r.EID.Issuer,
			Level: r.EID.Level, Method: r.Method},
		Person: model.Person{BirthDate: model.Date{Time: r.BirthDate}},
	}
	if !r.NationalID.IsZero() {
		rec.Person = model.PersonFromNationalID(r.NationalID)
	}
	if d.wants {
		c := &rec.ContactRegister
		if d.mobile != "" {
			at := d.mobileVerifiedAt.In(model.Oslo()).Truncate(time.Second)
			c.Mobile, c.MobileVerifiedAt = d.mobile, &at
		}
		if d.email != "" {
			at := d.emailVerifiedAt.In(model.Oslo()).Truncate(time.Second)
			c.Email, c.EmailVerifiedAt = d.email, &at
		}
		c.Registered = c.Mobile != "" || c.Email != ""
	}
	return rec
}

func (m *Model) tooSmall() bool { return m.c.width < MinWidth || m.c.height < MinHeight }

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
	if m.guideShown && m.goodbye == "" {
		return m.renderWithGuide()
	}
	return m.renderWizard()
}

// renderWizard draws the wizard in the context's size.
func (m *Model) renderWizard() string {
	c := m.c
	if c.width < 12 || c.height < 3 {
		// Too small even to ask for more: the least that says so.
		return truncate(sprintf("%d×%d", MinWidth, MinHeight), max(c.width, 1))
	}
	if m.tooSmall() {
		msg := wrap(strings.ReplaceAll(
			sprintf(c.t.TooSmall, c.width, c.height, MinWidth, MinHeight), "\n", "\n\n"), max(c.width-2, 10))
		return lipgloss.Place(max(c.width, 1), max(c.height, 1), lipgloss.Center, lipgloss.Center, msg)
	}
	if m.goodbye != "" {
		return lipgloss.Place(c.width, c.height, lipgloss.Center, lipgloss.Center,
			wrap(m.goodbye, max(min(c.width-4, 60), 10)))
	}
	if m.idleWarning {
		return m.idleView()
	}
	if m.confirmQuit {
		k := c.keys
		body := c.st.Warning.Render("? "+c.t.QuitTitle) + "\n\n" + wrap(c.t.QuitBody, c.contentWidth()) +
			"\n\n" + c.st.Strong.Render(c.t.QuitYes) + "\n" + c.st.Strong.Render(c.t.QuitNo)
		return c.frame(int(m.step), indent(body, " "), m.help, helpKeys{short: []key.Binding{k.Yes, k.No}}, false)
	}
	s := m.current()
	keys := withLanguage(s.keys(), c.keys.Language)
	if m.guideShown {
		keys.short = append(keys.short, c.keys.Guide)
	}
	keys.full = append(keys.full, []key.Binding{c.keys.Guide})
	bar := c.helpBar(m.help, keys, m.showHelp)
	if m.notice != "" {
		bar = c.st.Success.Render(truncate("✓ "+m.notice, c.width)) + "\n" + bar
	}
	if m.clientW > 0 {
		bar = c.st.Muted.Render(truncate(sprintf(c.t.Server.Clamped, m.clientW, m.clientH, c.width, c.height), c.width)) + "\n" + bar
	}
	if secs := m.closingLeft(); secs > 0 {
		bar = c.st.Warning.Render(wrap("! "+c.t.closing(secs), c.width)) + "\n" + bar
	}
	// The body gets what the help bar leaves: it wraps onto more lines in
	// a narrow window, and screens lay themselves out in the rest.
	w, h := c.bodySize(lipgloss.Height(bar))
	if sw, sh := s.getSize(); sw != w || sh != h {
		s.setSize(w, h)
	}
	return c.frameBar(int(m.step), indent(s.view(), " "), bar)
}

// switchLang switches to the next language; nothing typed is lost (values
// live outside the screens, and forms are rebuilt around them).
func (m *Model) switchLang() tea.Cmd {
	m.c.setLang(m.c.lang.next())
	m.notice = m.c.t.LangSwitched
	if m.contact != nil {
		return m.contact.relang()
	}
	return nil
}

// wipe ends a kiosk person's turn: everything they typed or chose (and
// any eID they locked) is dropped, the language is the kiosk's again, the
// terminal is cleared and the start screen shows.
func (m *Model) wipe() tea.Cmd {
	m.locked = map[model.EIDKind]bool{}
	m.c.setLang(m.opts.Lang)
	m.idleWarning, m.idleLeft = false, 0
	m.lastKey, m.savedAt = time.Now(), time.Time{}
	m.recentKeys = nil
	m.reset()
	return tea.ClearScreen
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
