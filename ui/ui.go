// Package ui is the full-screen wizard: a Bubble Tea v2 root model that walks
// a person through registering a new user in ID-porten, one screen per step.
//
// The root model (Model) owns navigation and the registration being built;
// each screen (start, choose, login, contact, summary, receipt) is a small
// component with Update, View, its help keys and SetSize. Everything a person
// reads comes from the text catalogue (text*.go), every style from
// styles.go and every key from keys.go. The eID logins themselves are the
// state machines of package flows; saving goes through the Store the caller
// gives, so ui never touches files.
package ui

import (
	"math/rand/v2"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/idporten-wizard/idporten-wizard/model"
)

// Store saves finished registrations. storage.Store satisfies it.
type Store interface {
	// Save writes the record and returns the path of the file.
	Save(r model.Record) (path string, err error)
	// Dir is the folder records are saved in, for messages.
	Dir() string
}

// Options configure a wizard.
type Options struct {
	// Lang is the starting language; Nynorsk when empty.
	Lang Lang
	// Store saves the finished registration. Required.
	Store Store
	// NewID makes the id of a new record (a UUIDv7). Required.
	NewID func() string
	// Channel is stored in the record; terminal when empty.
	Channel model.Channel
	// Now is the clock (age rules, timestamps); time.Now when nil.
	Now func() time.Time
	// Rand makes codes and reference words; randomly seeded when nil.
	Rand *rand.Rand
	// IdleTimeout is the whole time without a key press until the wizard
	// ends (a kiosk: resets), the warning included (0: never; a kiosk:
	// KioskIdle plus the warning). Only key presses count, not redraws or
	// network traffic.
	IdleTimeout time.Duration
	// IdleWarning is how long before the end of IdleTimeout the countdown
	// shows, so the warning comes after IdleTimeout - IdleWarning without a
	// key; any key continues. Default IdleWarning.
	IdleWarning time.Duration
	// Theme is the colour theme; the default theme when empty.
	Theme Theme
	// Guide shows the help-desk guide panel from the start (Ctrl+G
	// toggles it; never on a kiosk).
	Guide bool

	// Kiosk is for a public terminal: the quit keys do nothing, the idle
	// timeout (default KioskIdle) erases everything and shows the start
	// screen again instead of ending, and the receipt returns to the start
	// screen by itself after ReceiptReturn. Records get channel kiosk.
	Kiosk bool
	// AdminExit is the operator's key sequence that ends a kiosk, as key
	// names (["ctrl+x", "ctrl+x", "q"]); without it only a signal does.
	AdminExit []string
	// ReceiptReturn is how long a kiosk's receipt stays; default 30 s.
	ReceiptReturn time.Duration
	// Clock times the inactivity warning and the countdowns; the real
	// clock when nil (tests give one they move themselves).
	Clock Clock
	// HelpDesk, when set, gives the help key (F2): a help code, and the
	// journey shared live and masked with the help desk until F2 again,
	// a kiosk reset or the end of the session.
	HelpDesk HelpDesk

	// rnd is Rand, or the randomness made for this wizard.
	rnd *rand.Rand
}

// Clock is the wizard's sense of time passing, for its timers: the
// inactivity warning, the kiosk's countdowns and a shutdown's. Nothing ticks
// while nothing is counted down: a timer is armed for the next moment that
// matters.
type Clock interface {
	// Now is the time now.
	Now() time.Time
	// After sends the time on the channel once d has passed. The timer
	// starts when After is called (so a test that moves its clock after
	// it sees a timer's effect cannot be early).
	After(d time.Duration) <-chan time.Time
}

// RealClock is the clock of the world, the default Options.Clock.
var RealClock Clock = realClock{}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// after is a command that sends msg(t) once d has passed on c; the timer
// starts now, not when the command runs.
func after(c Clock, d time.Duration, msg func(time.Time) tea.Msg) tea.Cmd {
	ch := c.After(d)
	return func() tea.Msg { return msg(<-ch) }
}

// IdleWarning is the countdown shown before an idle wizard ends or a kiosk
// resets: at least 20 s, as universal design asks. It is the default of
// Options.IdleWarning, and the one the command line and the SSH server use.
const IdleWarning = 30 * time.Second

// Kiosk defaults.
const (
	// KioskIdle is how long a kiosk waits without a key press before the
	// IdleWarning countdown; it resets when that runs out, at KioskIdle +
	// IdleWarning.
	KioskIdle = 90 * time.Second
	// KioskReceiptReturn is how long a kiosk's receipt stays.
	KioskReceiptReturn = 30 * time.Second
)

// withDefaults fills in what was left empty: Nynorsk, channel terminal
// (kiosk on a kiosk, with its idle and receipt times), the real clock, the
// IdleWarning countdown. Both the full-screen wizard and the line mode
// start from it.
func (o Options) withDefaults() Options {
	if o.Lang == "" {
		o.Lang = Nynorsk
	}
	if o.IdleWarning <= 0 {
		o.IdleWarning = IdleWarning
	}
	if o.Kiosk {
		o.Channel = model.ChannelKiosk
		if o.IdleTimeout <= 0 {
			o.IdleTimeout = KioskIdle + o.IdleWarning
		}
		if o.ReceiptReturn <= 0 {
			o.ReceiptReturn = KioskReceiptReturn
		}
	}
	if o.Channel == "" {
		o.Channel = model.ChannelTerminal
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Clock == nil {
		o.Clock = RealClock
	}
	if o.rnd == nil {
		o.rnd = o.rand()
	}
	return o
}

// rand returns the randomness to use: Rand, or a new randomly seeded one.
func (o Options) rand() *rand.Rand {
	if o.Rand != nil {
		return o.Rand
	}
	return rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Minimum terminal size; below it the wizard asks for a larger window.
const (
	MinWidth  = 50
	MinHeight = 16
)
