package flows_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/flows"
	"github.com/idporten-wizard/idporten-wizard/model"
)

// BenchmarkLoginMinIDSMS runs one whole MinID login by SMS per operation:
// choose SMS, national ID, password, the code read off the phone.
func BenchmarkLoginMinIDSMS(b *testing.B) {
	nid := specNID(b, specAdultBirth).String()
	opts := flows.Options{Rand: rand.New(rand.NewPCG(1, 2)), Now: func() time.Time { return specNow }}
	b.ReportAllocs()
	for b.Loop() {
		l, err := flows.NewLogin(model.MinID, opts)
		if err != nil {
			b.Fatal(err)
		}
		for _, a := range []string{string(model.MethodSMS), nid, "Passord123"} {
			if err := l.Submit(a); err != nil {
				b.Fatal(err)
			}
		}
		if err := l.Submit(l.Step().Device.Code); err != nil {
			b.Fatal(err)
		}
		if l.State() != flows.Done {
			b.Fatalf("state %v", l.State())
		}
	}
}
