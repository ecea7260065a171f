package aims_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"aims/internal/aims"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"2025-03-04", "2025-03-04", false},
		{"2024-02-29", "2024-02-29", false},
		{"2000-02-29", "2000-02-29", false},
		{"1900-01-01", "1900-01-01", false},
		{"2200-12-31", "2200-12-31", false},
		{"1899-12-31", "", true}, // outside the years a record may use
		{"0001-01-01", "", true}, // the zero time would read as "not set": refused
		{"0000-03-01", "", true}, // not a year either database keeps
		{"2201-01-01", "", true}, // a review 60 months on would pass 9999 soon enough
		{"9999-12-31", "", true},
		{"", "", false},
		{"2023-02-29", "", true},
		{"1900-02-29", "", true},
		{"2024-13-01", "", true},
		{"2024-00-10", "", true},
		{"2024-04-31", "", true},
		{"2024-1-5", "", true},
		{"24-01-05", "", true},
		{"05/01/2024", "", true},
		{"2024-01-05T00:00:00Z", "", true},
		{" 2024-01-05", "", true},
		{"2024-01-05 ", "", true},
		{"today", "", true},
	}
	for _, tt := range tests {
		d, err := aims.ParseDate(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseDate(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), `"`+tt.in+`"`) || !strings.Contains(err.Error(), "YYYY-MM-DD") {
				t.Errorf("ParseDate(%q) error = %q, want it to quote the input and name the format", tt.in, err)
			}
			if !d.IsZero() {
				t.Errorf("ParseDate(%q) = %v with an error, want the zero Date", tt.in, d)
			}
			continue
		}
		if got := d.String(); got != tt.want {
			t.Errorf("ParseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if d.IsZero() != (tt.want == "") {
			t.Errorf("ParseDate(%q).IsZero() = %v, want %v", tt.in, d.IsZero(), tt.want == "")
		}
		if !d.IsZero() {
			if tm := d.Time(); tm.Location() != time.UTC || tm.Hour() != 0 || tm.Minute() != 0 || tm.Second() != 0 || tm.Nanosecond() != 0 {
				t.Errorf("ParseDate(%q).Time() = %v, want midnight UTC", tt.in, tm)
			}
		}
	}
}

func TestDateZero(t *testing.T) {
	var d aims.Date
	if !d.IsZero() {
		t.Errorf("Date{}.IsZero() = false, want true")
	}
	if got := d.String(); got != "" {
		t.Errorf("Date{}.String() = %q, want \"\"", got)
	}
	if !d.Time().IsZero() {
		t.Errorf("Date{}.Time() = %v, want the zero time", d.Time())
	}
	if got := d.AddMonths(5); !got.IsZero() {
		t.Errorf("Date{}.AddMonths(5) = %v, want the zero Date", got)
	}
}

func TestDateOf(t *testing.T) {
	plus2 := time.FixedZone("UTC+2", 2*3600)
	minus5 := time.FixedZone("UTC-5", -5*3600)
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{"UTC", time.Date(2025, 3, 4, 15, 4, 5, 6, time.UTC), "2025-03-04"},
		{"just after midnight east of UTC (still the previous day in UTC)", time.Date(2025, 3, 1, 0, 30, 0, 0, plus2), "2025-03-01"},
		{"late evening west of UTC (already the next day in UTC)", time.Date(2025, 2, 28, 23, 30, 0, 0, minus5), "2025-02-28"},
		{"the same instant seen from UTC", time.Date(2025, 2, 28, 23, 30, 0, 0, minus5).UTC(), "2025-03-01"},
		{"new year's eve west of UTC", time.Date(2024, 12, 31, 22, 0, 0, 0, minus5), "2024-12-31"},
		{"zero time", time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := aims.DateOf(tt.t)
			if got := d.String(); got != tt.want {
				t.Errorf("DateOf(%v) = %q, want %q", tt.t, got, tt.want)
			}
			if !d.IsZero() && d.Time().Location() != time.UTC {
				t.Errorf("DateOf(%v).Time() is in %v, want UTC", tt.t, d.Time().Location())
			}
			if !d.IsZero() {
				want, _ := aims.ParseDate(tt.want)
				if d != want {
					t.Errorf("DateOf(%v) = %#v, want it == ParseDate(%q) = %#v", tt.t, d, tt.want, want)
				}
			}
		})
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D aims.Date `json:"d"`
	}
	marshal := []struct {
		d    string
		want string
	}{
		{"", `{"d":null}`},
		{"2024-02-29", `{"d":"2024-02-29"}`},
		{"1900-01-02", `{"d":"1900-01-02"}`},
	}
	for _, tt := range marshal {
		b, err := json.Marshal(doc{D: day(t, tt.d)})
		if err != nil {
			t.Errorf("json.Marshal(%q): %v", tt.d, err)
			continue
		}
		if string(b) != tt.want {
			t.Errorf("json.Marshal(%q) = %s, want %s", tt.d, b, tt.want)
		}
		var back doc
		if err := json.Unmarshal(b, &back); err != nil {
			t.Errorf("json.Unmarshal(%s): %v", b, err)
			continue
		}
		if back.D != day(t, tt.d) {
			t.Errorf("round trip of %q gave %q", tt.d, back.D)
		}
	}

	unmarshal := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{`{"d":"2025-12-31"}`, "2025-12-31", false},
		{`{"d":null}`, "", false},
		{`{"d":""}`, "", false},
		{`{}`, "2000-01-01", false}, // absent: the previous value stays
		{`{"d":"2025-02-30"}`, "", true},
		{`{"d":"31/12/2025"}`, "", true},
		{`{"d":20251231}`, "", true},
		{`{"d":true}`, "", true},
		{`{"d":["2025-12-31"]}`, "", true},
		{`{"d":{}}`, "", true},
	}
	for _, tt := range unmarshal {
		v := doc{D: day(t, "2000-01-01")} // a set value, so null and "" must clear it
		err := json.Unmarshal([]byte(tt.in), &v)
		if (err != nil) != tt.wantErr {
			t.Errorf("json.Unmarshal(%s) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && v.D.String() != tt.want {
			t.Errorf("json.Unmarshal(%s) = %q, want %q", tt.in, v.D, tt.want)
		}
		if err != nil && !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("json.Unmarshal(%s) error = %q, want it to name the format", tt.in, err)
		}
	}
}

func TestDateAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-15", 0, "2025-01-15"},
		{"2025-01-15", 1, "2025-02-15"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2100-01-31", 1, "2100-02-28"}, // not a leap year
		{"2000-01-31", 1, "2000-02-29"}, // a leap year
		{"2025-01-30", 1, "2025-02-28"},
		{"2025-01-29", 1, "2025-02-28"},
		{"2024-01-29", 1, "2024-02-29"},
		{"2025-05-31", 1, "2025-06-30"},
		{"2025-08-31", 6, "2026-02-28"},
		{"2025-01-31", 2, "2025-03-31"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2025-12-15", 1, "2026-01-15"},
		{"2025-12-31", 2, "2026-02-28"},
		{"2025-11-30", 25, "2027-12-30"},
		{"2025-03-31", -1, "2025-02-28"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2025-01-15", -1, "2024-12-15"},
		{"2025-01-31", -2, "2024-11-30"},
		{"2025-03-15", -13, "2024-02-15"},
		{"2025-03-31", -25, "2023-02-28"},
		{"2025-06-30", 60, "2030-06-30"},
	}
	for _, tt := range tests {
		if got := day(t, tt.from).AddMonths(tt.n).String(); got != tt.want {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestDateBefore(t *testing.T) {
	tests := []struct {
		d, e string
		want bool
	}{
		{"2025-03-01", "2025-03-02", true},
		{"2025-03-02", "2025-03-01", false},
		{"2025-03-01", "2025-03-01", false},
		{"2024-12-31", "2025-01-01", true},
		{"", "2025-01-01", true},
		{"2025-01-01", "", false},
	}
	for _, tt := range tests {
		if got := day(t, tt.d).Before(day(t, tt.e)); got != tt.want {
			t.Errorf("%q.Before(%q) = %v, want %v", tt.d, tt.e, got, tt.want)
		}
	}
}
