package server

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// Session outcomes, as logged when a session closes.
const (
	outcomeSaved     = "saved"
	outcomeAbandoned = "abandoned"
	outcomeTimedOut  = "timed_out"
	outcomeRefused   = "refused"
	outcomeShutdown  = "server_closed"
	outcomeCrashed   = "crashed"
)

// modeLine names line-mode sessions in the log.
const (
	modeLine     = "line"
	modeHelpdesk = "helpdesk"
)

// sessionHandler runs one connection: refusals first, then a wizard of its
// own. It is the only middleware; nothing after it runs.
func (s *Server) sessionHandler(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		n := s.seq.Add(1)
		start := time.Now()
		lang := LangFromEnv(sess.Environ(), s.cfg.Lang)
		t := ui.TextFor(lang)
		s.log.Info("session open", "session", n, "remote", remoteIP(sess), "lang", string(lang))

		outcome, reason, mode := s.run(sess, n, lang, t)
		fields := []any{"session", n, "outcome", outcome, "duration", time.Since(start).Round(time.Millisecond).String()}
		if mode != "" {
			fields = append(fields, "mode", mode)
		}
		if reason != "" {
			fields = append(fields, "reason", reason)
		}
		s.log.Info("session close", fields...)
	}
}

// lineMode reports whether a session asks for the accessible line mode:
// ACCESSIBLE or TERM=dumb in its environment, or a PTY of type dumb (the
// PTY request, not the environment, carries the client's TERM).
func lineMode(sess ssh.Session) bool {
	pty, _, hasPTY := sess.Pty()
	return ui.Accessible(sess.Environ()) || hasPTY && pty.Term == "dumb"
}

// run applies the refusals and then the wizard; it returns the outcome,
// for refusals why, and "line" for a line-mode session.
func (s *Server) run(sess ssh.Session, n uint64, lang ui.Lang, t *ui.Text) (outcome, reason, mode string) {
	refuse := func(msg, reason string) (string, string, string) {
		fmt.Fprint(sess.Stderr(), msg+"\r\n")
		_ = sess.Exit(1)
		return outcomeRefused, reason, ""
	}
	switch {
	case s.closing.Load():
		return refuse(t.Idle.ServerClosing, "closing")
	case len(sess.Command()) > 0:
		return refuse(t.Server.Exec, "exec")
	}
	if tc, ok := sess.Context().Value(trackedKey{}).(*trackedConn); ok {
		// One address (a room behind one NAT) gets a share of the slots,
		// never all of them.
		if !s.gate.openSession(tc.src) {
			return refuse(t.Server.Busy, refusedSourceSessions)
		}
		defer s.gate.closeSession(tc.src)
	}
	// Nothing reads what a client sends on its stderr stream; unread, it
	// would hold a window (2 MB) of the session's memory and stall its input.
	go func() { _, _ = io.Copy(io.Discard, sess.Stderr()) }()
	pty, windows, hasPTY := sess.Pty()
	line := lineMode(sess)
	// Without a PTY only the line mode works: a script piping answers
	// (ssh -T -o SetEnv=ACCESSIBLE=1 host < answers.txt).
	if !hasPTY && !line {
		return refuse(t.Server.NoPTY, "no_pty")
	}
	if s.active.Add(1) > int64(s.cfg.MaxSessions) {
		s.active.Add(-1)
		return refuse(t.Server.Busy, "max_sessions")
	}
	defer s.active.Add(-1)
	s.sessions.Add(1)
	defer s.sessions.Done()
	if line {
		if sess.User() == HelpdeskUser {
			return refuse(t.Server.NoPTY, "no_pty")
		}
		outcome, reason = s.runLine(sess, n, lang, t, hasPTY, windows)
		return outcome, reason, modeLine
	}
	if sess.User() == HelpdeskUser {
		return s.runHelpdesk(sess, n, lang, pty, windows), "", modeHelpdesk
	}

	m := s.cfg.NewModel(ui.Options{
		Lang: lang, Store: &sessionStore{Store: s.cfg.Store, s: s, n: n}, NewID: s.cfg.NewID, Channel: model.ChannelSSH,
		IdleTimeout: s.cfg.IdleTimeout, IdleWarning: s.cfg.IdleWarning, Clock: s.cfg.Clock, Theme: s.cfg.Theme,
		Guide: s.cfg.Guide || sess.User() == GuideUser, HelpDesk: s.cfg.HelpDesk,
	})
	if c, ok := m.(interface{ Close() }); ok {
		defer c.Close() // sharing with the help desk ends with the session
	}
	// The server handles SIGINT/SIGTERM (see Shutdown); a session must not.
	// NO_COLOR from the client (SendEnv/SetEnv) with any value means no
	// colour, as it does locally. The end of the client's input (ssh -tt <
	// /dev/null, a closed pipe) ends the session and frees its slot.
	var p *tea.Program
	in := &eofReader{r: sess, onEOF: func() { p.Quit() }}
	w, h := windowSize(pty.Window)
	opts := append(bubbletea.MakeOptions(sess), tea.WithWindowSize(w, h), tea.WithInput(in),
		tea.WithoutSignalHandler())
	opts = append(opts, ui.ColorOptions(sess.Environ())...)
	p = tea.NewProgram(m, opts...)
	s.track(n, p)
	defer s.untrack(n)

	size, _ := sess.Context().Value(sizeKey{}).(*clientSize)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		sendClamp := func() {
			if size != nil {
				cw, ch, _ := size.get()
				p.Send(ui.ClientSizeMsg{Width: cw, Height: ch})
			}
		}
		sendClamp()
		for {
			select {
			case <-stop:
				return
			case <-sess.Context().Done():
				p.Quit()
				return
			case win := <-windows:
				w, h := windowSize(win)
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
				sendClamp()
			}
		}
	}()

	final, err := p.Run()
	if errors.Is(err, tea.ErrProgramPanic) {
		// The program has restored the terminal; the stack went to stderr
		// of the server, never to the person.
		fmt.Fprint(sess, "\r\n"+t.Server.Panic+"\r\n")
		s.log.Error("session panic", "session", n)
		_ = sess.Exit(1)
		return outcomeCrashed, "", ""
	}
	outcome = outcomeAbandoned
	if w, ok := final.(*ui.Model); ok {
		switch w.Ending() {
		case ui.EndingTimedOut:
			fmt.Fprint(sess, t.Idle.Goodbye+"\r\n")
			outcome = outcomeTimedOut
		case ui.EndingShutdown:
			fmt.Fprint(sess, t.Idle.ServerClosing+"\r\n")
			outcome = outcomeShutdown
		}
		if w.Saves() > 0 {
			outcome = outcomeSaved
		}
	}
	_ = sess.Exit(0)
	return outcome, "", ""
}

// runLine runs the accessible line mode over the session. With a PTY the
// client's terminal is raw (no line discipline on either side), so the
// line mode echoes and edits the typing itself. The session ends after the
// receipt, on the idle timeout, when the client goes, or when the server
// shuts down (its context is cancelled with ui.ErrServerClosing, so the
// line mode says so). Its exit status is 1 when the input ended before a
// record was saved, so a script sees the failure.
func (s *Server) runLine(sess ssh.Session, n uint64, lang ui.Lang, t *ui.Text, echo bool, windows <-chan ssh.Window) (outcome, reason string) {
	closing := make(chan time.Time, 1)
	s.trackLine(n, closing)
	defer s.untrackLine(n)
	if echo {
		// Window changes mean nothing to lines, but their channel must be
		// drained or the session's requests stall; the SSH library closes
		// it when the session ends.
		go func() {
			for range windows {
			}
		}()
	}
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprint(sess, "\r\n"+t.Server.Panic+"\r\n")
			s.log.Error("session panic", "session", n)
			_ = sess.Exit(1)
			outcome, reason = outcomeCrashed, ""
		}
	}()
	res, err := ui.RunLine(sess.Context(), ui.LineOptions{
		Options: ui.Options{
			Lang: lang, Store: &sessionStore{Store: s.cfg.Store, s: s, n: n}, NewID: s.cfg.NewID, Channel: model.ChannelSSH,
			IdleTimeout: s.cfg.IdleTimeout, IdleWarning: s.cfg.IdleWarning, Clock: s.cfg.Clock, HelpDesk: s.cfg.HelpDesk,
		},
		In: sess, Out: sess, Echo: echo, MaxLine: s.lim.MaxLine, Closing: closing,
	})
	outcome = outcomeAbandoned
	switch res.Ending {
	case ui.EndingTimedOut:
		outcome = outcomeTimedOut
	case ui.EndingShutdown:
		outcome = outcomeShutdown
	}
	if res.Saves > 0 {
		outcome = outcomeSaved
	}
	// Only a saved registration exits 0: a script must not count a session
	// that timed out or met a shutdown as one.
	_ = sess.Exit(ui.LineExitCode(res, err))
	return outcome, ""
}

// trackLine registers where a line session hears of a shutdown's
// deadline; a session that starts while the server is closing is told at
// once.
func (s *Server) trackLine(n uint64, closing chan<- time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines[n] = closing
	if !s.deadline.IsZero() {
		closing <- s.deadline
	}
}

func (s *Server) untrackLine(n uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.lines, n)
}

func (s *Server) track(n uint64, p *tea.Program) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.programs[n] = p
	if !s.deadline.IsZero() {
		go p.Send(ui.ShutdownMsg{At: s.deadline})
	}
}

func (s *Server) untrack(n uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.programs, n)
}

// refuseSubsystem answers sftp and the like with one line and closes.
func (s *Server) refuseSubsystem(sess ssh.Session) {
	n := s.seq.Add(1)
	t := ui.TextFor(LangFromEnv(sess.Environ(), s.cfg.Lang))
	fmt.Fprint(sess.Stderr(), t.Server.Subsystem+"\r\n")
	_ = sess.Exit(1)
	s.log.Info("session close", "session", n, "outcome", outcomeRefused, "reason", "subsystem")
}

// LangFromEnv picks the wizard's language from the client's locale, as a
// program does: LC_ALL, then LC_MESSAGES, then LANG, the first one set
// decides, mapped by ui.LangFromLocale; any other (or none) gives def.
func LangFromEnv(environ []string, def ui.Lang) ui.Lang {
	vars := map[string]string{}
	for _, kv := range environ {
		if name, v, ok := strings.Cut(kv, "="); ok && v != "" {
			vars[name] = v
		}
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v, ok := vars[name]
		if !ok {
			continue
		}
		if l, ok := ui.LangFromLocale(v); ok {
			return l
		}
		return def
	}
	return def
}

// windowSize is the size a wizard draws in: what the client reports (the
// guard has clamped it already), or 80×24 when it reports none (0×0 is
// what ssh -tt sends when its own input is not a terminal).
func windowSize(w ssh.Window) (int, int) {
	if w.Width <= 0 || w.Height <= 0 {
		return 80, 24
	}
	return w.Width, w.Height
}

// eofReader tells when the client's input ends, which Bubble Tea does not
// act on by itself: the session would otherwise hold its slot until the
// idle timeout.
type eofReader struct {
	r     io.Reader
	once  sync.Once
	onEOF func()
}

func (e *eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if errors.Is(err, io.EOF) {
		e.once.Do(e.onEOF)
	}
	return n, err
}

// sessionStore saves through the server's store and logs a failed save at
// warning level with its cause (never the record's contents): a save the
// person was told failed must not go unseen by the operator.
type sessionStore struct {
	ui.Store
	s *Server
	n uint64
}

// Save saves the record and logs a failure.
func (st *sessionStore) Save(r model.Record) (string, error) {
	path, err := st.Store.Save(r)
	if err != nil {
		st.s.log.Warn("save failed", "session", st.n, "record", r.ID, "err", err.Error())
	}
	return path, err
}

// remoteIP is the client's address without the port.
func remoteIP(sess ssh.Session) string {
	addr := sess.RemoteAddr().String()
	if i := strings.LastIndexByte(addr, ':'); i > 0 {
		return strings.Trim(addr[:i], "[]")
	}
	return addr
}
