package ui

// ForgetDrawn drops the parts of the screen the wizard keeps between
// frames, so a benchmark can measure a frame drawn from nothing.
func (m *Model) ForgetDrawn() { m.c.drawn.forget() }
