package ui_test

import (
	"math/rand/v2"
	"reflect"
	"regexp"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// The keystroke benchmarks measure what one key costs the wizard itself:
// the root model's Update with the key, then its View, on each busy screen
// at 100×30 (the renderer's diff and the terminal's drawing come after and
// are not counted). Each brings the wizard to its screen with real keys
// first, outside the timer.
//
// Run: go test -run='^$' -bench=Keystroke -benchmem ./ui
// (the target is at most 100 µs per key on the busiest screen).

// BenchmarkKeystrokeChoose moves the selection down the eID list (round
// and round the five, so every eID's facts panel is drawn).
func BenchmarkKeystrokeChoose(b *testing.B) {
	d := newBenchWizard(b)
	d.key(enterKey)
	d.want(chooseShown)
	d.measure(b, func(int) tea.KeyPressMsg { return downKey })
}

// BenchmarkKeystrokeChooseUndrawn is BenchmarkKeystrokeChoose with the
// parts the wizard keeps between frames (header, help bar, facts panel)
// dropped before every key: what a key costs when nothing is kept yet, as
// on the first visit to an eID or after a change of language or size.
func BenchmarkKeystrokeChooseUndrawn(b *testing.B) {
	d := newBenchWizard(b)
	d.key(enterKey)
	d.want(chooseShown)
	d.measure(b, func(int) tea.KeyPressMsg {
		d.m.ForgetDrawn()
		return downKey
	})
}

// BenchmarkKeystrokeLogin types digits into the national-ID field of
// MinID's login (the field is emptied, off the clock, after each 11).
func BenchmarkKeystrokeLogin(b *testing.B) {
	d := newBenchWizard(b)
	d.toNationalID()
	d.measureTyping(b, 11)
}

// BenchmarkKeystrokeLoginCode types digits into MinID's SMS code, with
// the simulated phone drawn beside the field (emptied after each 5).
func BenchmarkKeystrokeLoginCode(b *testing.B) {
	d := newBenchWizard(b)
	d.toSMSCode()
	d.measureTyping(b, 5)
}

// BenchmarkKeystrokeContact types digits into the contact register's
// mobile number (a huh input), emptied off the clock after each 8.
func BenchmarkKeystrokeContact(b *testing.B) {
	d := newBenchWizard(b)
	d.toContact()
	d.measureTyping(b, 8)
}

// BenchmarkKeystrokeHuhInput is the library's share of the contact form:
// a bare huh input with the same title, description, width and height,
// and a theme built once, typed into the same way (Form.Update and
// Form.View only, no wizard around it).
func BenchmarkKeystrokeHuhInput(b *testing.B) {
	t := ui.TextFor(ui.Nynorsk)
	var value string
	theme := huh.ThemeBase(false)
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Title(t.Contact.MobileTitle).
		Description(t.Contact.MobileHint).CharLimit(20).Value(&value))).
		WithShowHelp(false).WithWidth(98).WithHeight(6).
		WithTheme(huh.ThemeFunc(func(bool) *huh.Styles { return theme }))
	form.Init()
	update := func(k tea.KeyPressMsg) {
		fm, _ := form.Update(k)
		form = fm.(*huh.Form)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i > 0 && i%8 == 0 {
			b.StopTimer()
			for range 8 {
				update(backKey)
			}
			b.StartTimer()
		}
		update(digitKey(i))
		sink = form.View()
	}
}

// BenchmarkKeystrokeSummary moves the selection on the summary (round the
// three actions).
func BenchmarkKeystrokeSummary(b *testing.B) {
	d := newBenchWizard(b)
	d.toSummary()
	d.measure(b, func(int) tea.KeyPressMsg { return downKey })
}

// BenchmarkFirstFrame is the wizard's own share of starting up: building
// the root model and drawing its start screen as a tea.Program's first
// frames do (once at the default 80×24, then at the window's 100×30), with
// the start screens other wizards in the process drew forgotten. Styles
// and the text catalogue, built once per process, are warm here.
func BenchmarkFirstFrame(b *testing.B) {
	opts := ui.Options{
		Store: nopStore{}, NewID: func() string { return "bench" },
		Now:  func() time.Time { return fixedNow },
		Rand: rand.New(rand.NewPCG(7, 42)),
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		ui.ForgetStartViews()
		b.StartTimer()
		m := ui.New(opts)
		m.Init()
		sink = m.View().Content
		m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		sink = m.View().Content
	}
}

// TestKeystrokeBenchSetup walks the benchmarks' set-up once, so a change of
// the screens that breaks it fails here rather than only under -bench.
func TestKeystrokeBenchSetup(t *testing.T) {
	d := newBenchWizard(t)
	d.toSummary()
	d.want("Stadfest og lagre")
}

var (
	enterKey = tea.KeyPressMsg{Code: tea.KeyEnter}
	downKey  = tea.KeyPressMsg{Code: tea.KeyDown}
	backKey  = tea.KeyPressMsg{Code: tea.KeyBackspace}
)

func digitKey(i int) tea.KeyPressMsg {
	r := rune('0' + i%10)
	return tea.KeyPressMsg{Code: r, Text: string(r)}
}

// benchWizard drives the root model directly, the way tea.Program does
// but in the caller's goroutine: a message goes to Update, and the commands
// it returns are run and their messages fed back.
type benchWizard struct {
	tb testing.TB
	m  *ui.Model
}

// nopStore saves nothing: the benchmarks never reach the receipt.
type nopStore struct{}

func (nopStore) Save(model.Record) (string, error) { return "", nil }
func (nopStore) Dir() string                       { return "" }

func newBenchWizard(tb testing.TB) *benchWizard {
	tb.Helper()
	m := ui.New(ui.Options{
		Store: nopStore{}, NewID: func() string { return "bench" },
		Now:  func() time.Time { return fixedNow },
		Rand: rand.New(rand.NewPCG(7, 42)),
	})
	d := &benchWizard{tb: tb, m: m}
	d.send(m.Init())
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.want("Trykk Enter for å byrje.")
	return d
}

// cmdWait is how long a command may take before it is taken for a timer
// (cursor blink) and dropped; the wizard's own commands answer at once.
const cmdWait = 20 * time.Millisecond

// send gives msg to the model and runs what it asks for.
func (d *benchWizard) send(msg tea.Msg) {
	if msg == nil {
		return
	}
	if c, ok := msg.(tea.Cmd); ok {
		d.run(c)
		return
	}
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

var cmdType = reflect.TypeFor[tea.Cmd]()

// run runs a command and feeds its message back; batches and sequences
// (tea's own unexported type, a []Cmd) are taken apart and run in order.
func (d *benchWizard) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(cmdWait):
		return
	}
	if v := reflect.ValueOf(msg); v.IsValid() && v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := range v.Len() {
			d.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	d.send(msg)
}

func (d *benchWizard) key(keys ...tea.KeyPressMsg) {
	for _, k := range keys {
		d.send(k)
	}
}

func (d *benchWizard) typeText(s string) {
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// screen is the view's text without styles.
func (d *benchWizard) screen() string { return ansi.Strip(d.m.View().Content) }

func (d *benchWizard) want(s string) {
	d.tb.Helper()
	d.wantMatch(regexp.MustCompile(regexp.QuoteMeta(s)))
}

func (d *benchWizard) wantMatch(re *regexp.Regexp) []string {
	d.tb.Helper()
	m := re.FindStringSubmatch(d.screen())
	if m == nil {
		d.tb.Fatalf("screen does not match %q:\n%s", re, d.screen())
	}
	return m
}

// toNationalID goes to MinID's login (password and SMS code) and its
// national-ID field.
func (d *benchWizard) toNationalID() {
	d.tb.Helper()
	d.key(enterKey)
	d.want(chooseShown)
	d.key(enterKey) // MinID
	d.want("Korleis vil du logge inn?")
	d.key(enterKey) // password and SMS code
	d.want("Fødselsnummer eller D-nummer")
}

// toSMSCode goes through MinID's login up to the SMS code.
func (d *benchWizard) toSMSCode() {
	d.tb.Helper()
	d.toNationalID()
	d.typeText("17889033371")
	d.key(enterKey)
	d.want("Minst 8 teikn")
	d.typeText("Passord123")
	d.key(enterKey)
	d.wantMatch(reSMSCode)
}

// toContact logs in with MinID and comes to the mobile number.
func (d *benchWizard) toContact() {
	d.tb.Helper()
	d.toSMSCode()
	code := d.wantMatch(reSMSCode)[1]
	d.typeText(code)
	d.key(enterKey)
	d.want("Mobilnummer")
}

// toSummary registers a mobile number, confirms it, and comes to the
// summary.
func (d *benchWizard) toSummary() {
	d.tb.Helper()
	d.toContact()
	d.typeText("91234567")
	d.key(enterKey)
	d.want("E-postadresse")
	d.key(enterKey) // no e-mail address
	code := d.wantMatch(reVerifyCode)[1]
	d.typeText(code)
	d.key(enterKey)
	d.want("Kontaktinformasjonen er stadfesta")
	d.key(enterKey)
	d.want("Stadfest og lagre")
}

// sink keeps the views from being optimised away.
var sink string

// measure times Update and View for key(i), i = 0 … b.N-1.
func (d *benchWizard) measure(b *testing.B, key func(i int) tea.KeyPressMsg) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		d.m.Update(key(i))
		sink = d.m.View().Content
	}
}

// measureTyping times typing digits into the focused field; after every n
// it empties the field with the clock stopped.
func (d *benchWizard) measureTyping(b *testing.B, n int) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if i > 0 && i%n == 0 {
			b.StopTimer()
			for range n {
				d.m.Update(backKey)
			}
			b.StartTimer()
		}
		d.m.Update(digitKey(i))
		sink = d.m.View().Content
	}
}
