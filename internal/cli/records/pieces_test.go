package records

// Tests of the pieces of the records commands.

import (
	"testing"
	"time"

	"github.com/idporten-wizard/idporten-wizard/model"
	"github.com/idporten-wizard/idporten-wizard/storage"
)

// TestMinutes: the age in the "unfinished save" line, in words.
func TestMinutes(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		time.Minute: "1 minute", 2 * time.Minute: "2 minutes", time.Hour: "60 minutes",
		90 * time.Second: "1m30s", 10 * time.Second: "10s", 0: "0s",
	} {
		if got := minutes(d); got != want {
			t.Errorf("minutes(%v) = %q, want %q", d, got, want)
		}
	}
	if got := minutes(storage.StaleTempAge); got != "2 minutes" {
		t.Errorf("minutes(storage.StaleTempAge) = %q, want 2 minutes (the line the tests expect)", got)
	}
}

func TestParseSince(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 14, 3, 0, 0, model.Oslo())
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, model.Oslo())},
		{"2026-07-01", time.Date(2026, 6, 30, 22, 0, 0, 0, time.UTC)}, // summer time: UTC+2
		{"24h", now.Add(-24 * time.Hour)},
		{"90m", now.Add(-90 * time.Minute)},
		{"1h30m", now.Add(-90 * time.Minute)},
		{"7d", now.Add(-7 * 24 * time.Hour)},
		{"2w", now.Add(-14 * 24 * time.Hour)},
		{"2026-11-24T12:00:00+01:00", time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC)},
	} {
		got, err := parseSince(tc.in, now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("parseSince(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	// Whole seconds, as a record's times are: now has a fraction.
	frac := now.Add(1500 * time.Millisecond)
	for in, want := range map[string]time.Time{
		"24h":                          now.Add(-24*time.Hour + time.Second),
		"2026-11-24T12:00:00.75+01:00": time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC),
	} {
		if got, err := parseSince(in, frac); err != nil || !got.Equal(want) {
			t.Errorf("parseSince(%q) at %v = %v, %v; want %v", in, frac, got, err, want)
		}
	}
	for _, in := range []string{"d", "w", "7", "7x", "-1h", "0d", "0s", "yesterday", "2026-13-01", "2026-02-29", "1d12h", "7 d"} {
		if got, err := parseSince(in, now); err == nil {
			t.Errorf("parseSince(%q) = %v, want an error", in, got)
		}
	}
}

func TestParseEIDKind(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]model.EIDKind{
		"minid": model.MinID, "MinID": model.MinID, "bankid": model.BankID, "bankid_mobil": model.BankIDMobile,
		"bankid-mobil": model.BankIDMobile, " Buypass ": model.Buypass, "commfides": model.Commfides,
	} {
		if got, ok := parseEIDKind(in); !ok || got != want {
			t.Errorf("parseEIDKind(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "bank", "bankidmobil", "buypass id", "idporten"} {
		if got, ok := parseEIDKind(in); ok {
			t.Errorf("parseEIDKind(%q) = %q, want unknown", in, got)
		}
	}
}

func TestShortIDLen(t *testing.T) {
	t.Parallel()
	rec := func(id string) model.Record { return model.Record{ID: id} }
	for _, tc := range []struct {
		name  string
		names []string // every id in the folder
		shown []string
		want  int
	}{
		{"distinct at 8", []string{"01a2123e-0000", "01a2123f-0000"}, []string{"01a2123e-0000", "01a2123f-0000"}, 8},
		// 9 would end on the dash: 10.
		{"same 8", []string{"01a2123e-1000", "01a2123e-2000"}, []string{"01a2123e-1000"}, 10},
		{"same 10", []string{"01a2123e-1100", "01a2123e-1200", "ffffffff-0000"}, []string{"ffffffff-0000", "01a2123e-1100"}, 11},
		// A record not shown (filtered out) still counts: show must find it.
		{"hidden neighbour", []string{"01a2123e-1100", "01a2123e-1200"}, []string{"01a2123e-1200"}, 11},
		// So does a file that is not a record: show matches file names.
		{"bad file", []string{"01a2123e-1100", "01a2123e-11"}, []string{"01a2123e-1100"}, 12},
	} {
		rs := &recordSet{names: tc.names}
		var shown []model.Record
		for _, id := range tc.shown {
			shown = append(shown, rec(id))
		}
		if got := rs.shortIDLen(shown); got != tc.want {
			t.Errorf("%s: shortIDLen = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestSpreadsheetText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"kari@eksempel.no": "kari@eksempel.no", "=1+2@eksempel.no": "'=1+2@eksempel.no",
		"+a@b.no": "'+a@b.no", "-a@b.no": "'-a@b.no", "a=b@c.no": "a=b@c.no", "": "",
	} {
		if got := spreadsheetText(in); got != want {
			t.Errorf("spreadsheetText(%q) = %q, want %q", in, got, want)
		}
	}
}
