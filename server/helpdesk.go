package server

import (
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"github.com/idporten-wizard/idporten-wizard/ui"
)

// A help-desk key's budget of wrong help codes, over all its sessions.
const (
	HelpdeskWrongCodes  = 5
	HelpdeskCodesWindow = 10 * time.Minute
)

// runHelpdesk is a HelpdeskUser session: the help code, then the caller's
// journey (ui.Watch). Wrong codes are counted per key, so reconnecting
// does not buy more guesses.
func (s *Server) runHelpdesk(sess ssh.Session, n uint64, lang ui.Lang, pty ssh.Pty, windows <-chan ssh.Window) string {
	fp := ""
	if k := sess.PublicKey(); k != nil {
		fp = gossh.FingerprintSHA256(k)
	}
	join := func(code string) (ui.WatchFeed, error) {
		if !s.codeBudget(fp, false) {
			return nil, ui.ErrTooManyCodes
		}
		f, err := s.cfg.Join(code)
		if err == ui.ErrWrongCode {
			s.codeBudget(fp, true)
			s.log.Warn("help code not found", "session", n, "key", fp)
		} else if err == nil {
			s.log.Info("help desk watching", "session", n, "key", fp)
		}
		return f, err
	}
	m := ui.NewWatch(ui.WatchOptions{Lang: lang, Theme: s.cfg.Theme, Join: join})
	defer m.Close()
	var p *tea.Program
	in := &eofReader{r: sess, onEOF: func() { p.Quit() }}
	w, h := windowSize(pty.Window)
	opts := append(bubbletea.MakeOptions(sess), tea.WithWindowSize(w, h), tea.WithInput(in), tea.WithoutSignalHandler())
	opts = append(opts, ui.ColorOptions(sess.Environ())...)
	p = tea.NewProgram(m, opts...)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
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
			}
		}
	}()
	_, _ = p.Run()
	_ = sess.Exit(0)
	return outcomeAbandoned
}

// codeBudget reports whether the key may try a code now; wrong records a
// wrong one.
func (s *Server) codeBudget(key string, wrong bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.codeTries == nil {
		s.codeTries = map[string][]time.Time{}
	}
	now := time.Now()
	kept := s.codeTries[key][:0]
	for _, t := range s.codeTries[key] {
		if now.Sub(t) < HelpdeskCodesWindow {
			kept = append(kept, t)
		}
	}
	if wrong {
		kept = append(kept, now)
	}
	s.codeTries[key] = kept
	return len(kept) < HelpdeskWrongCodes
}
