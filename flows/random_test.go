package flows_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// TestCodesNotFixed starts 50 logins with different seeds and collects the
// code each one asks for: they must vary.
func TestCodesNotFixed(t *testing.T) {
	const logins = 50
	tests := append(slices.Clone(codeSteps),
		codeStep{"BankID på mobil words", model.BankIDMobile, model.MethodSIM, flows.FieldReferenceWords})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			for seed := range uint64(logins) {
				st := advanceTo(t, start(t, tc.kind, seed), tc.method, tc.field)
				code := expected(st)
				if tc.field == flows.FieldReferenceWords {
					code = st.Device.Words[0] + " " + st.Device.Words[1]
				}
				seen[code] = true
			}
			// A 4-digit card PIN has the fewest values; 50 draws of 10 000
			// collide a few times at most.
			if len(seen) < logins-5 {
				t.Errorf("%d different codes in %d logins: %v", len(seen), logins, seen)
			}
		})
	}
}

// TestUnseededCodesDiffer: without a Rand, each login gets its own source.
func TestUnseededCodesDiffer(t *testing.T) {
	seen := map[string]bool{}
	for range 20 {
		l, _ := flows.NewLogin(model.BankID, flows.Options{})
		seen[expected(advanceTo(t, l, model.MethodCodeDevice, flows.FieldOTP))] = true
	}
	if len(seen) < 15 {
		t.Errorf("unseeded logins gave only %d different codes of 20", len(seen))
	}
}

// TestCodeDigitsSpread checks every digit position of the codes takes all
// ten values, leading zeros included, over many logins.
func TestCodeDigitsSpread(t *testing.T) {
	var pos [6]map[byte]bool
	for i := range pos {
		pos[i] = map[byte]bool{}
	}
	for seed := range uint64(300) {
		code := expected(advanceTo(t, start(t, model.BankID, seed), model.MethodCodeDevice, flows.FieldOTP))
		for i := range code {
			pos[i][code[i]] = true
		}
	}
	for i, p := range pos {
		if len(p) != 10 {
			t.Errorf("digit %d of the code took %d values, want 10", i+1, len(p))
		}
	}
}

// TestReferenceWordList draws many word pairs: always two different
// non-empty words, from a list of at least 40.
func TestReferenceWordList(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(400) {
		w := advanceTo(t, start(t, model.BankIDMobile, seed), model.MethodSIM, flows.FieldReferenceWords).Device.Words
		if len(w) != 2 || w[0] == w[1] || w[0] == "" || w[1] == "" {
			t.Fatalf("seed %d: words %q", seed, w)
		}
		seen[w[0]], seen[w[1]] = true, true
	}
	if len(seen) < 40 {
		t.Errorf("%d different reference words in 400 draws, want at least 40", len(seen))
	}
}

// TestStepIsACopy: changing the Options or Device a Step returns does not
// change the login or the eID facts.
func TestStepIsACopy(t *testing.T) {
	l := start(t, model.MinID, 1)
	opt := l.Step().Options
	opt[0] = model.MethodUSB
	if got := l.Step().Options[0]; got != model.MethodSMS {
		t.Fatalf("Options[0] = %s after editing a Step, want sms", got)
	}
	st := advanceTo(t, l, model.MethodPINLetter, flows.FieldPINLetter)
	want := expected(st)
	st.Device.PINs[st.Device.PINIndex-1] = "00000"
	st.Device.PINIndex = 1
	if got := expected(l.Step()); got != want {
		t.Fatalf("expected code changed from %q to %q by editing a Step", want, got)
	}
}

// TestRandomDriving drives every eID with random mixtures of right, wrong,
// malformed and young answers and Back, and checks the invariants after
// each action.
func TestRandomDriving(t *testing.T) {
	iterations := 400
	if testing.Short() {
		iterations = 50
	}
	young := synthetic(t, 2020, time.May, 5).String()
	garbage := []string{"", "x", "12", "abc123", "1234567890123", "  ", "ÆØÅ", "+46 70 123 45 67", "310290"}
	for _, e := range model.EIDs() {
		t.Run(string(e.Kind), func(t *testing.T) {
			ends := map[flows.State]int{}
			for it := range iterations {
				r := rand.New(rand.NewPCG(uint64(it), 99))
				l := start(t, e.Kind, uint64(it)+1000)
				method := e.Methods[r.IntN(len(e.Methods))]
				wrongs := 0
				for step := 0; step < 40 && l.State() == flows.Active; step++ {
					st := l.Step()
					checkActiveStep(t, st, e)
					var answer string
					switch p := r.IntN(100); {
					case p < 15:
						moved := l.Back()
						if moved != (st.Index > 1) || moved && l.Step().Index != st.Index-1 {
							t.Fatalf("Back at index %d = %v, now at %d", st.Index, moved, l.Step().Index)
						}
						continue
					case p < 30:
						answer = garbage[r.IntN(len(garbage))]
					case p < 60 && isCode(st.Field):
						answer = wrong(st)
					case p < 35 && (st.Field == flows.FieldNationalID || st.Field == flows.FieldBirthDate):
						answer = young
						if st.Field == flows.FieldBirthDate {
							answer = "050520"
						}
					case p < 50 && st.Field == flows.FieldMethod:
						answer = string(e.Methods[r.IntN(len(e.Methods))])
						method = model.Method(answer)
					default:
						answer = right(st, method)
					}
					err := l.Submit(answer)
					var ie *flows.InputError
					var we *flows.WrongCodeError
					var ae *flows.AgeError
					switch {
					case err == nil:
					case errors.As(err, &ie):
						if ie.Field != st.Field || l.State() != flows.Active || l.Step().Index != st.Index {
							t.Fatalf("InputError %v moved the login from %s", err, st.Field)
						}
					case errors.As(err, &we):
						wrongs++
						if we.TriesLeft != flows.MaxTries-wrongs || we.Field != st.Field {
							t.Fatalf("WrongCodeError %+v after %d wrong", *we, wrongs)
						}
					case errors.As(err, &ae):
						if l.State() != flows.Refused {
							t.Fatalf("AgeError but state %v", l.State())
						}
					default:
						t.Fatalf("Submit at %s: unexpected error %v", st.Field, err)
					}
					if (wrongs >= flows.MaxTries) != (l.State() == flows.Locked) {
						t.Fatalf("%d wrong answers but state %v", wrongs, l.State())
					}
				}
				checkEnded(t, l, e)
				ends[l.State()]++
			}
			t.Logf("%s: %v (0 Active, 1 Done, 2 Locked, 3 Refused)", e.Kind, ends)
			// The mixture is meant to reach every end the eID has.
			for _, end := range []flows.State{flows.Done, flows.Locked, flows.Refused} {
				if ends[end] == 0 && (end != flows.Refused || e.AgeRule != model.AgeNone) {
					t.Errorf("no random run of %s ended in state %v", e.Kind, end)
				}
			}
		})
	}
}

// checkActiveStep checks the invariants of a step while the login asks.
func checkActiveStep(t *testing.T, st flows.Step, e model.EID) {
	t.Helper()
	if st.Field == "" || st.Index < 1 || st.Index > st.Count {
		t.Fatalf("bad step %+v", st)
	}
	if st.TriesLeft < 0 || st.TriesLeft > flows.MaxTries || (st.TriesLeft > 0) != isCode(st.Field) {
		t.Fatalf("step %s: TriesLeft %d", st.Field, st.TriesLeft)
	}
	if (st.Options != nil) != (st.Field == flows.FieldMethod) {
		t.Fatalf("step %s: Options %v", st.Field, st.Options)
	}
	if isCode(st.Field) && expected(st) == "" {
		t.Fatalf("step %s: no code on the device", st.Field)
	}
	if st.Value != "" && !slices.Contains([]flows.Field{flows.FieldMethod, flows.FieldNationalID,
		flows.FieldMobile, flows.FieldBirthDate}, st.Field) {
		t.Fatalf("step %s keeps a value %q", st.Field, st.Value)
	}
}

// checkEnded checks the invariants of a login that may have ended.
func checkEnded(t *testing.T, l flows.Login, e model.EID) {
	t.Helper()
	switch l.State() {
	case flows.Active:
		return
	case flows.Done:
		r := l.Result()
		if l.Err() != nil || r.EID.Kind != e.Kind || !e.HasMethod(r.Method) || r.BirthDate.IsZero() {
			t.Fatalf("Done with err %v, result %+v", l.Err(), r)
		}
		if e.NeedsNationalID == r.NationalID.IsZero() || e.NeedsNationalID == (r.Mobile != "") {
			t.Fatalf("Done with national ID %q and mobile %q", r.NationalID, r.Mobile)
		}
		if !e.AgeRule.Allows(r.BirthDate, now) {
			t.Fatalf("Done though born %v", r.BirthDate)
		}
	case flows.Locked:
		var we *flows.WrongCodeError
		if !errors.As(l.Err(), &we) || we.TriesLeft != 0 {
			t.Fatalf("Locked with Err %v", l.Err())
		}
	case flows.Refused:
		var ae *flows.AgeError
		if !errors.As(l.Err(), &ae) || ae.EID.Kind != e.Kind {
			t.Fatalf("Refused with Err %v", l.Err())
		}
	}
	if err := l.Submit(""); !errors.Is(err, flows.ErrNotActive) {
		t.Fatalf("Submit in state %v = %v, want ErrNotActive", l.State(), err)
	}
	if l.Back() {
		t.Fatalf("Back in state %v = true", l.State())
	}
}
