package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"aims/internal/aims"
)

// benchEnv is an environment whose organization has n AI systems.
func benchEnv(b *testing.B, n int) *env {
	e := sqliteEnv(b)
	p := e.principal(aims.RoleAdmin)
	for i := 0; i < n; i++ {
		a := aims.AISystem{Name: fmt.Sprintf("System %05d %s", i, []string{"scoring", "assistant", "forecast", "vision", "triage"}[i%5]),
			Purpose: fmt.Sprintf("Benchmark system %d with data set %d.", i, i%97), Lifecycle: aims.Lifecycles[i%len(aims.Lifecycles)],
			OwnerID: p.UserID, InScope: i%3 != 0}
		if i%4 == 0 {
			a.EUAIAct = &aims.Classification{Art50: []string{"art50.1"}, Reasoning: "Talks to people."}
		}
		if _, err := e.store.CreateAISystem(context.Background(), p, a); err != nil {
			b.Fatal(err)
		}
	}
	return e
}

// BenchmarkPages measures the main pages and API lists of an organization
// with 10,000 AI systems on SQLite, in-process (no network).
func BenchmarkPages(b *testing.B) {
	e := benchEnv(b, 10000)
	for _, path := range []string{
		"/ai-systems", "/ai-systems?q=scoring&lifecycle=operation-monitoring&sort=next_review", "/ai-systems?offset=9950",
		"/api/v1/ai-systems", "/api/v1/ai-systems?q=assistant&risk_class=limited&limit=100", "/gap", "/",
	} {
		b.Run(path, func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: e.users[aims.RoleAdmin].Session})
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				e.srv.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s = %d", path, w.Code)
				}
			}
		})
	}
}
