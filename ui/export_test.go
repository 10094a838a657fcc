package ui

// ForgetDrawn drops the parts of the screen the wizard keeps between
// frames, so a benchmark can measure a frame drawn from nothing.
func (m *Model) ForgetDrawn() { m.c.drawn.forget() }

// ForgetStartViews drops the start screens drawn so far, which every
// wizard in the process shares, so a benchmark can measure a first frame.
func ForgetStartViews() {
	startViews.mu.Lock()
	clear(startViews.views)
	startViews.mu.Unlock()
}
