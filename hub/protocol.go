// Package hub is the help desk's message hub: a caller's masked journey,
// shared with consent, and a helper watching it, over NATS. The hub is an
// embedded NATS server by default (StartNode), or a real cluster when one
// machine is not enough; callers and helpers are different NATS users whose
// permissions keep each to its own subjects.
//
// Nothing personal ever leaves the caller's machine unmasked: a Share
// publishes flows.Registration.Masked(), and no subject name holds anything
// but random node and session names.
package hub

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/ui"
)

// viewSubject is where a caller publishes a session's view.
func viewSubject(node, session string) string { return viewPrefix + "." + node + "." + session }

// toCallerSubject is where helpers send a session's caller what kind says
// ("watch": a heartbeat, "hint": a hint).
func toCallerSubject(node, session, kind string) string {
	return toCallerPrefix + "." + node + "." + session + "." + kind
}

// The kinds of message a helper sends a caller.
const (
	kindWatch = "watch"
	kindHint  = "hint"
)

// View is what a caller publishes about one shared session.
type View struct {
	// Seq counts the views of the session, so a helper can drop a late one.
	Seq uint64 `json:"seq"`
	// Reg is the journey, masked at the source; nil once Stopped.
	Reg *flows.Registration `json:"reg,omitempty"`
	// Watchers is how many helpers the caller sees now.
	Watchers int `json:"watchers"`
	// Stopped says sharing has ended, and Reason why.
	Stopped bool       `json:"stopped,omitempty"`
	Reason  StopReason `json:"reason,omitempty"`
}

// StopReason is why sharing ended.
type StopReason string

// The reasons sharing ends.
const (
	StopByCaller StopReason = ui.StopByCaller
	StopReset    StopReason = ui.StopReset
	StopEnded    StopReason = ui.StopEnded
	StopExpired  StopReason = ui.StopExpired
)

// joinRequest asks the callers for a help code (SubjectJoin).
type joinRequest struct {
	Code   string `json:"code"`
	Helper string `json:"helper"` // the helper's random instance name
}

// joinReply is the caller's answer to a right code.
type joinReply struct {
	Node    string `json:"node"`
	Session string `json:"session"`
	View    View   `json:"view"`
}

// watchMsg is a helper's heartbeat while it watches (Bye when it leaves).
type watchMsg struct {
	Helper string `json:"helper"`
	Bye    bool   `json:"bye,omitempty"`
	// Seen is the last view's Seq the helper has; behind the caller's, the
	// caller sends its view again (views lost while the hub was away).
	Seen uint64 `json:"seen,omitempty"`
}

// hintMsg is a hint for the caller's screen.
type hintMsg struct {
	Helper string `json:"helper"`
	Text   string `json:"text"`
}

// MaxHint is the longest hint a caller shows, in characters.
const MaxHint = 200

// cleanHint makes a helper's text safe to draw: control and invisible
// characters go (no escape sequence reaches the caller's terminal), spaces
// are collapsed, and it is cut at MaxHint characters.
func cleanHint(s string) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if n >= MaxHint {
			break
		}
		switch {
		case r == '\n' || r == '\t' || r == ' ' || r == '\u00a0':
			space = b.Len() > 0
			continue
		case r < 0x20 || (r >= 0x7f && r < 0xa0) || isInvisible(r):
			continue
		}
		if space {
			b.WriteRune(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// isInvisible reports a character that changes how text reads without
// showing: format characters (bidi controls, zero-width characters, a BOM,
// the soft hyphen, tags), line and paragraph separators, and variation
// selectors.
func isInvisible(r rune) bool {
	return unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Variation_Selector)
}

func encode(v any) []byte {
	b, _ := json.Marshal(v) // the messages are plain structs: Marshal cannot fail
	return b
}
