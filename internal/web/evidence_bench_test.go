package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"aims/internal/aims"
	"aims/internal/testdb"
)

// BenchmarkUpload200MB uploads a 200 MB file, generated as it is sent,
// through a real HTTP server on each engine, then downloads it, and reports
// throughput and the peak Go heap above the heap before the upload (sampled
// every 2 ms). The figures go to docs/performance.md; nothing here asserts
// a time.
//
//	go test -run XXX -bench BenchmarkUpload200MB -benchtime 1x ./internal/web
func BenchmarkUpload200MB(b *testing.B) {
	const size = 200_000_000
	for _, eng := range testdb.Engines(b, migrateSource) {
		b.Run(eng.Name, func(b *testing.B) {
			e := newEnv(b, eng).withUploadLimit(256 << 20)
			for b.Loop() {
				peak, stop := heapPeak()
				pr, pw := io.Pipe()
				mw := multipart.NewWriter(pw)
				go func() {
					fw, _ := mw.CreateFormFile("file", "inference-log.txt")
					line := []byte("2026-11-27T09:30:00Z credit-decision approved score=0.82 model=creditlens-3.2 applicant=0000000\n")
					block := bytes.Repeat(line, 10_000) // 1 MB a write, as a real client sends
					for n := 0; n < size; n += len(block) {
						fw.Write(block)
					}
					mw.Close()
					pw.Close()
				}()
				req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/evidence", pr)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.Header.Set("Authorization", "Bearer "+e.users[aims.RoleAdmin].Token)
				start := time.Now()
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				up := time.Since(start)
				upPeak := stop()
				if res.StatusCode != http.StatusCreated {
					b.Fatalf("upload = %d %s", res.StatusCode, body)
				}
				var ev aims.Evidence
				json.Unmarshal(body, &ev)
				peak, stop = heapPeak()
				_ = peak
				dl, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/evidence/"+strconv.FormatInt(ev.ID, 10)+"/content", nil)
				dl.Header.Set("Authorization", "Bearer "+e.users[aims.RoleAdmin].Token)
				start = time.Now()
				got, err := http.DefaultClient.Do(dl)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, got.Body)
				got.Body.Close()
				down := time.Since(start)
				downPeak := stop()
				if n != ev.Size {
					b.Fatalf("downloaded %d bytes of %d", n, ev.Size)
				}
				mb := float64(ev.Size) / 1e6
				b.ReportMetric(mb/up.Seconds(), "upload-MB/s")
				b.ReportMetric(mb/down.Seconds(), "download-MB/s")
				b.ReportMetric(float64(upPeak)/(1<<20), "upload-peak-heap-MiB")
				b.ReportMetric(float64(downPeak)/(1<<20), "download-peak-heap-MiB")
				fmt.Printf("%s: %d bytes up in %s (%.1f MB/s, peak heap +%.1f MiB), down in %s (%.1f MB/s, peak heap +%.1f MiB)\n",
					eng.Name, ev.Size, up.Round(time.Millisecond), mb/up.Seconds(), float64(upPeak)/(1<<20),
					down.Round(time.Millisecond), mb/down.Seconds(), float64(downPeak)/(1<<20))
			}
		})
	}
}

// heapPeak samples the heap until stop is called, which returns the peak
// above the heap at the start.
func heapPeak() (*atomic.Uint64, func() uint64) {
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	return &peak, func() uint64 {
		close(done)
		wg.Wait()
		if p := peak.Load(); p > base.HeapAlloc {
			return p - base.HeapAlloc
		}
		return 0
	}
}
