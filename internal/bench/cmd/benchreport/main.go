// Command benchreport is `make bench`: it builds trustwork and a minimal
// Bubble Tea program, generates the S, M and L journals, runs the Go
// benchmarks several times, runs the whole-process measurements (first
// frame in a pseudo-terminal, export against sqlite3, peak memory), and
// prints one table of target, measured value, ratio and pass/fail.
//
// Run it from the repository root:
//
//	go run ./internal/bench/cmd/benchreport [-count 5] [-runs 7] [-keep]
//	                                          [-process | -export | -lock]
//
// Every whole-process figure is the median of -runs runs, and every
// comparison is against a baseline measured in the same run.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trustwork/trustwork/content"
	"github.com/trustwork/trustwork/internal/bench"
	"github.com/trustwork/trustwork/internal/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "benchreport: %v\n", err)
		os.Exit(1)
	}
}

var (
	count = flag.Int("count", 5, "go test -count for the Go benchmarks")
	runs  = flag.Int("runs", 7, "runs of each whole-process measurement")
	// process skips the Go benchmarks: only the whole-process figures
	// (first frame, export, memory), for a quick look after a change.
	process = flag.Bool("process", false, "only the whole-process measurements (first frame, export, memory)")
	// exportOnly is the export section alone, for the export's own work.
	exportOnly = flag.Bool("export", false, "only the whole-process export measurements (section 5)")
	// lockOnly is the lock's figures alone: the session with the lock on
	// and section 7.
	lockOnly = flag.Bool("lock", false, "only the figures with the lock on (the locked session of 6, and 7)")
	keep     = flag.Bool("keep", false, "keep the work directory (binaries, journals, raw benchmark output)")
)

// progress goes to stderr so stdout is only the table.
func progress(format string, a ...any) { fmt.Fprintf(os.Stderr, "· "+format+"\n", a...) }

func run() error {
	flag.Parse()
	if _, err := os.Stat("go.mod"); err != nil {
		return errors.New("run from the repository root (where go.mod is)")
	}
	work, err := os.MkdirTemp("", "trustwork-bench-")
	if err != nil {
		return err
	}
	if *keep {
		progress("work directory: %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	began := time.Now()

	progress("building trustwork and the minimal Bubble Tea program")
	tw := filepath.Join(work, "trustwork")
	minimal := filepath.Join(work, "minimal")
	floor := filepath.Join(work, "exportfloor")
	peak := filepath.Join(work, "peakrss")
	for _, b := range [][2]string{{tw, "./cmd/trustwork"}, {minimal, "./internal/bench/cmd/minimal"}, {floor, "./internal/bench/cmd/exportfloor"}, {peak, "./internal/bench/cmd/peakrss"}} {
		if out, err := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", b[0], b[1]).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
	}

	progress("generating the S, M and L journals")
	ctx := context.Background()
	dbs := map[string]string{}
	var genL time.Duration
	for _, size := range []string{"S", "M", "L"} {
		t0 := time.Now()
		p, err := bench.GenerateFile(ctx, work, size)
		if err != nil {
			return err
		}
		if size == "L" {
			genL = time.Since(t0)
		}
		dbs[size] = p
	}
	info := map[string]string{"gen": genL.Round(time.Millisecond).String()}
	if st, err := os.Stat(dbs["L"]); err == nil {
		info["Lsize"] = fmt.Sprintf("%.1f MB", float64(st.Size())/1e6)
	}

	r := &report{}
	env := append(os.Environ(), bench.DataEnv+"="+work)
	cnt := strconv.Itoa(*count)

	if *exportOnly {
		r.section(fmt.Sprintf("5. Export (median of %d)", *runs))
		if err := exportBench(r, work, tw, floor, peak, dbs); err != nil {
			return err
		}
		return r.finish(info, began)
	}

	if *lockOnly {
		r.section(fmt.Sprintf("6. Memory: TUI session on L, open journal and an entry (median of %d)", *runs))
		if err := memorySession(r, work, tw, peak, dbs["L"], true); err != nil {
			return err
		}
		progress("Go benchmarks: autosave with the lock on, 2000 saves per run (-count 3)")
		auto, err := goBench(work, "autosave", env, "-bench", "^BenchmarkAutosaveLocked$", "-benchmem", "-benchtime", "2000x", "-count", "3", "./internal/bench/")
		if err != nil {
			return err
		}
		if err := lockSection(r, work, env, cnt, auto); err != nil {
			return err
		}
		return r.finish(info, began)
	}

	var scr, auto results
	if !*process {
		if scr, auto, err = goBenchmarks(r, work, env, cnt); err != nil {
			return err
		}
	}

	// 3. First frame.
	r.section(fmt.Sprintf("3. Time to first frame in a pty (median of %d)", *runs))
	if err := firstFrame(r, work, tw, minimal, dbs["L"]); err != nil {
		return err
	}
	if !*process {
		r.info("in process: open store + tui.New + first View, S / L",
			fmtNs(scr.median("Startup/size=S", "ns/op"))+" / "+fmtNs(scr.median("Startup/size=L", "ns/op")))
	}

	if !*process {
		autosaveSection(r, auto)
	}

	// 5. Export.
	r.section(fmt.Sprintf("5. Export (median of %d)", *runs))
	if err := exportBench(r, work, tw, floor, peak, dbs); err != nil {
		return err
	}
	if !*process {
		r.info("in process: export.Markdown to io.Discard, M / L",
			fmtNs(scr.median("Export/size=M", "ns/op"))+" / "+fmtNs(scr.median("Export/size=L", "ns/op")))
	}

	// 6. Memory.
	r.section(fmt.Sprintf("6. Memory: TUI session on L, open journal and an entry (median of %d)", *runs))
	if err := memorySession(r, work, tw, peak, dbs["L"], false); err != nil {
		return err
	}
	if err := memorySession(r, work, tw, peak, dbs["L"], true); err != nil {
		return err
	}

	// 7. The lock.
	if !*process {
		if err := lockSection(r, work, env, cnt, auto); err != nil {
			return err
		}
	}

	return r.finish(info, began)
}

// lockSection runs the lock's Go benchmarks and reports section 7; auto
// holds BenchmarkAutosaveLocked.
func lockSection(r *report, work string, env []string, cnt string, auto results) error {
	progress("Go benchmarks: unlock, filter with the lock off and on (-count %s)", cnt)
	lock, err := goBench(work, "lock", env, "-bench", "^Benchmark(Unlock|Filter)$", "-benchmem", "-count", cnt, "./internal/bench/")
	if err != nil {
		return err
	}
	r.section("7. With the lock on (passphrase set)")
	r.max("unlock: Argon2id (19 MiB, 3 passes) and unwrap", 1e9, lock.median("Unlock", "ns/op"), fmtNs)
	r.max("filter L, lock on: two counts and a page", 500e6, lock.median("Filter/size=L/lock=on", "ns/op"), fmtNs)
	r.info("  same with the lock off", fmtNs(lock.median("Filter/size=L/lock=off", "ns/op")))
	r.max("autosave p99, lock on (synchronous=NORMAL)", 10e6, auto.median("AutosaveLocked", "p99-ms")*1e6, fmtNs)
	r.info("  keystroke", "Update+View never touch the store; the figures in 1. hold as they are")
	return nil
}

// finish prints the table under its header line and the verdict.
func (r *report) finish(info map[string]string, began time.Time) error {
	fmt.Printf("trustwork benchmarks · %s · %d cores · %s · %s · L = %s, generated in %s\n\n",
		cpuModel(), runtime.NumCPU(), runtime.Version(), time.Now().Format("2006-01-02"), info["Lsize"], info["gen"])
	r.print(os.Stdout)
	progress("done in %v", time.Since(began).Round(time.Second))
	if r.failed > 0 {
		fmt.Printf("\n%d of %d targets missed (see BENCHMARKS.md)\n", r.failed, r.checked)
	} else {
		fmt.Printf("\nall %d targets met\n", r.checked)
	}
	return nil
}

// goBenchmarks runs the Go benchmarks and reports sections 1 and 2; it
// returns the screens results, whose in-process figures go beside the
// whole-process ones, and the autosave results for section 4.
func goBenchmarks(r *report, work string, env []string, cnt string) (scr, auto results, err error) {
	progress("Go benchmarks: editor widget (-count %s)", cnt)
	edit, err := goBench(work, "textedit", env, "-bench", "^BenchmarkKeystroke(Textarea)?$", "-benchmem", "-count", cnt, "./internal/textedit/")
	if err != nil {
		return nil, nil, err
	}
	progress("Go benchmarks: screens, journal, TUI keystroke (-count %s)", cnt)
	scr, err = goBench(work, "screens", env, "-bench", "ScreenView|TrendsRedraw|OpenJournal|TUIKeystroke|Startup|Export", "-benchmem", "-count", cnt, "./internal/bench/")
	if err != nil {
		return nil, nil, err
	}
	progress("Go benchmarks: autosave, 2000 saves per run (-count 3)")
	auto, err = goBench(work, "autosave", env, "-bench", "Autosave", "-benchmem", "-benchtime", "2000x", "-count", "3", "./internal/bench/")
	if err != nil {
		return nil, nil, err
	}

	// 1. Keystroke.
	r.section("1. Keystroke (Update+View, one letter)")
	for _, cur := range []string{"end", "middle"} {
		k1 := edit.median("Keystroke/size=1KB/cursor="+cur, "ns/op")
		k50 := edit.median("Keystroke/size=50KB/cursor="+cur, "ns/op")
		k1m := edit.median("Keystroke/size=1MB/cursor="+cur, "ns/op")
		r.max("editor widget 50 KB, cursor "+cur, 1e6, k50, fmtNs)
		r.ratio("editor widget 1 MB / 1 KB, cursor "+cur, 3, k1m, k1, fmtNs)
		// The widget it replaces, measured in the same run.
		if ta := edit.median("KeystrokeTextarea/size=50KB/cursor="+cur, "ns/op"); ta > 0 && k50 > 0 {
			r.info("  baseline bubbles/textarea 50 KB, cursor "+cur,
				fmt.Sprintf("%s (%.0f× the editor widget)", fmtNs(ta), ta/k50))
		}
	}
	for _, cur := range []string{"end", "middle"} {
		k1 := scr.median("TUIKeystroke/draft=1KB/cursor="+cur, "ns/op")
		k50 := scr.median("TUIKeystroke/draft=50KB/cursor="+cur, "ns/op")
		k1m := scr.median("TUIKeystroke/draft=1MB/cursor="+cur, "ns/op")
		r.max("TUI editor screen 50 KB, cursor "+cur, 1e6, k50, fmtNs)
		r.ratio("TUI editor screen 1 MB / 1 KB, cursor "+cur, 3, k1m, k1, fmtNs)
	}

	// 2. Screens.
	r.section("2. Screens on L (10,000 entries): one View()")
	for _, s := range []string{"home", "step", "journal"} {
		r.max("View "+s, 2e6, scr.median("ScreenView/size=L/screen="+s, "ns/op"), fmtNs)
	}
	for _, term := range []string{"80x24", "200x50"} {
		r.max("View trends, 3 years of check-ins, "+term, 2e6, scr.median("ScreenViewTrends/size=L/screen=trends/term="+term, "ns/op"), fmtNs)
	}
	if v := scr.median("TrendsRedraw", "ns/op"); v > 0 {
		r.info("  trends: range key, chart drawn again, 200x50", fmtNs(v))
	}
	jS := scr.median("OpenJournal/size=S", "B/op")
	jL := scr.median("OpenJournal/size=L", "B/op")
	r.ratio("open journal: bytes allocated L / S", 1.5, jL, jS, fmtBytes)

	return scr, auto, nil
}

// autosaveSection reports section 4.
func autosaveSection(r *report, auto results) {
	r.section("4. Autosave: one SaveDraft commit of 2 KB on L (2000 saves × 3)")
	for _, mode := range []string{"NORMAL", "FULL"} {
		name := "Autosave/size=L/sync=" + mode
		r.max("synchronous="+mode+" p50", 10e6, auto.median(name, "p50-ms")*1e6, fmtNs)
		r.max("synchronous="+mode+" p99", 10e6, auto.median(name, "p99-ms")*1e6, fmtNs)
		r.info("synchronous="+mode+" mean / worst", fmtNs(auto.median(name, "ns/op"))+" / "+fmtNs(auto.median(name, "max-ms")*1e6))
	}

}

// ---- Go benchmark output ----

// results maps a benchmark name (without the -GOMAXPROCS suffix) and a
// unit to the values of every count.
type results map[string]map[string][]float64

func goBench(work, label string, env []string, args ...string) (results, error) {
	cmd := exec.Command("go", append([]string{"test", "-run", "^$"}, args...)...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	os.WriteFile(filepath.Join(work, "bench-"+label+".txt"), out.Bytes(), 0o600)
	if err != nil {
		return nil, fmt.Errorf("go test %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	res := results{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		if res[name] == nil {
			res[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res[name][f[i+1]] = append(res[name][f[i+1]], v)
		}
	}
	return res, nil
}

func (r results) median(name, unit string) float64 {
	v := r[name][unit]
	if len(v) == 0 {
		return -1
	}
	return median(v)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// ---- whole-process measurements ----

func termEnv(home string) []string {
	return []string{"TERM=xterm-256color", "HOME=" + home, "PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "COLORTERM=truecolor"}
}

func firstFrame(r *report, work, tw, minimal, L string) error {
	db := filepath.Join(work, "frame.db")
	if err := bench.CopyDB(L, db); err != nil {
		return err
	}
	home := filepath.Join(work, "home")
	os.MkdirAll(home, 0o700)
	env := termEnv(home)
	// The complete home screen: the last step's title, the Tools and the
	// help bar at the bottom.
	twScript := []bench.Step{{WaitFor: []string{"Make new memories", "Export", "more keys"}}}
	minScript := []bench.Step{{WaitFor: []string{"minimal bubble tea program ready"}}}
	var tws, mins []float64
	for i := range *runs + 1 {
		// Alternate, so drift on a shared machine hits both alike; the
		// first pair warms the page cache and is not counted.
		m, err := bench.RunInPty(minimal, nil, env, minScript, "q", 20*time.Second)
		if err != nil {
			return fmt.Errorf("minimal program: %w", err)
		}
		t, err := bench.RunInPty(tw, []string{"--db", db}, env, twScript, "\x03", 20*time.Second)
		if err != nil {
			return fmt.Errorf("trustwork first frame: %w", err)
		}
		if i > 0 {
			mins = append(mins, float64(m.Steps[0]))
			tws = append(tws, float64(t.Steps[0]))
		}
	}
	r.info("minimal Bubble Tea v2 program", fmtNs(median(mins)))
	r.info("trustwork home screen on L", fmtNs(median(tws)))
	r.ratio("first frame: trustwork / minimal", 1.3, median(tws), median(mins), fmtNs)
	return nil
}

// entriesQuery selects what the export writes, in the export's order: the
// journal's entries, then every tool's rows (the export has a section per
// tool). Keep it the same as exportfloor's queries.
const entriesQuery = `SELECT step_id, prompt_id, prompt_text, created_at, updated_at, body FROM entries WHERE workbook_id = 1 ORDER BY step_id, prompt_id, created_at, id;
SELECT kind, at, data, text, created_at, updated_at FROM apologies WHERE workbook_id = 1 ORDER BY created_at, id;
SELECT kind, at, data, text, created_at, updated_at FROM promises WHERE workbook_id = 1 ORDER BY created_at, id;
SELECT kind, at, data, text, created_at, updated_at FROM agreements WHERE workbook_id = 1 ORDER BY created_at, id;
SELECT kind, at, data, text, created_at, updated_at FROM wins WHERE workbook_id = 1 ORDER BY created_at, id;
SELECT kind, at, data, text, created_at, updated_at FROM space WHERE workbook_id = 1 ORDER BY created_at, id;
SELECT kind, at, data, text, created_at, updated_at FROM checkins WHERE workbook_id = 1 ORDER BY created_at, id`

// timed runs cmd and returns its wall time.
func timed(cmd *exec.Cmd) (time.Duration, error) {
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	return d, nil
}

// peakRSS reads the figure peakrss wrote to file: the measured program's
// own peak resident set size, in bytes. peakrss's own high-water mark is
// a floor the program inherits; a figure not above it measured nothing.
func peakRSS(file string) (float64, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return 0, fmt.Errorf("peakrss: %w", err)
	}
	var peak, floor int64
	if _, err := fmt.Sscan(string(b), &peak, &floor); err != nil {
		return 0, fmt.Errorf("peakrss wrote %q: %w", b, err)
	}
	if peak <= floor {
		return 0, fmt.Errorf("peak RSS %s is not above the launcher's own %s: it measured the launcher", fmtBytes(float64(peak)), fmtBytes(float64(floor)))
	}
	return float64(peak), nil
}

func exportBench(r *report, work, tw, floor, peak string, dbs map[string]string) error {
	home := filepath.Join(work, "home")
	out := filepath.Join(work, "export.md")
	peakFile := filepath.Join(work, "export.peak")
	rssBy := map[string][]float64{}
	var twT, sqT, flT, rawT []float64
	for i := range *runs + 1 {
		for _, size := range []string{"M", "L"} {
			cmd := exec.Command(tw, "--db", dbs[size], "export", "-o", out, "--force")
			cmd.Env = termEnv(home)
			d, err := timed(cmd)
			if err != nil {
				return err
			}
			// The peak in a second run through peakrss (see there), so
			// the launcher's start is not in the time.
			cmd = exec.Command(peak, append([]string{peakFile}, cmd.Args...)...)
			cmd.Env = termEnv(home)
			if _, err := timed(cmd); err != nil {
				return err
			}
			rss, err := peakRSS(peakFile)
			if err != nil {
				return err
			}
			if i == 0 {
				continue // warm-up
			}
			rssBy[size] = append(rssBy[size], rss)
			if size == "L" {
				twT = append(twT, float64(d))
			}
		}
		f, err := os.Create(filepath.Join(work, "sqlite3.txt"))
		if err != nil {
			return err
		}
		cmd := exec.Command("sqlite3", "-readonly", dbs["L"], entriesQuery)
		cmd.Stdout = f
		d, err := timed(cmd)
		f.Close()
		if err != nil {
			return err
		}
		if i > 0 {
			sqT = append(sqT, float64(d))
		}
		d, err = timed(exec.Command(floor, dbs["L"], filepath.Join(work, "floor.txt")))
		if err != nil {
			return err
		}
		if i > 0 {
			flT = append(flT, float64(d))
		}
		d, err = timed(exec.Command(floor, "-raw", dbs["L"], filepath.Join(work, "floor.txt")))
		if err != nil {
			return err
		}
		if i > 0 {
			rawT = append(rawT, float64(d))
		}
	}
	if st, err := os.Stat(out); err == nil {
		r.info("export of L", fmt.Sprintf("%s, %.1f MB written", fmtNs(median(twT)), float64(st.Size())/1e6))
	}
	r.info("sqlite3 selecting the same rows", fmtNs(median(sqT)))
	r.ratio("export L: trustwork / sqlite3", 1.5, median(twT), median(sqT), fmtNs)
	r.info("  Go database/sql reading the same rows, unformatted", fmt.Sprintf("%s (%.2f× sqlite3; trustwork is %.2f× this)",
		fmtNs(median(flT)), median(flT)/median(sqT), median(twT)/median(flT)))
	r.info("  Go through SQLite's C API (rawread), unformatted", fmt.Sprintf("%s (%.2f× sqlite3; trustwork is %.2f× this)",
		fmtNs(median(rawT)), median(rawT)/median(sqT), median(twT)/median(rawT)))
	r.info("export peak RSS on M (1,000 entries)", fmtBytes(median(rssBy["M"])))
	r.ratio("export peak RSS: L / M", 1.5, median(rssBy["L"]), median(rssBy["M"]), fmtBytes)
	return nil
}

// memorySession measures the peak RSS of a TUI session through peakrss:
// benchreport's own peak (three journals, and Argon2id after lockDB)
// would otherwise be read as trustwork's (see cmd/peakrss).
func memorySession(r *report, work, tw, peak, L string, locked bool) error {
	home := filepath.Join(work, "home")
	peakFile := filepath.Join(work, "session.peak")
	var rss, unlock []float64
	for i := range *runs {
		db := filepath.Join(work, fmt.Sprintf("session-%d.db", i))
		if err := bench.CopyDB(L, db); err != nil {
			return err
		}
		if err := homeOnFirstStep(db); err != nil {
			return err
		}
		atHome := bench.Step{WaitFor: []string{"Make new memories", "more keys"}}
		script := []bench.Step{atHome}
		if locked {
			if err := lockDB(db); err != nil {
				return err
			}
			atHome.Send = benchPassphrase + "\r"
			script = []bench.Step{{WaitFor: []string{"Your journal is locked"}}, atHome}
		}
		script = append(script, []bench.Step{
			{Send: "k", WaitFor: []string{"›"}},
			{Send: "k", WaitFor: []string{"›"}},
			{Send: "k", WaitFor: []string{"› Journal"}},
			{Send: "\r", WaitFor: []string{"10000 entries"}},
			{Send: "\r", WaitFor: []string{"Written "}},
		}...)
		os.Remove(peakFile)
		res, err := bench.RunInPty(peak, []string{peakFile, tw, "--db", db}, termEnv(home), script, "\x03", 30*time.Second)
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		if locked {
			unlock = append(unlock, float64(res.Steps[1]))
		}
		v, err := peakRSS(peakFile)
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		rss = append(rss, v)
		os.Remove(db)
	}
	name := "peak RSS"
	if locked {
		name = "peak RSS, lock on (unlock included)"
	}
	r.max(name, 40<<20, median(rss), fmtBytes)
	if locked {
		r.info("  unlock in the TUI: Enter to the home screen", fmtNs(median(unlock)))
	}
	return nil
}

// benchPassphrase locks the journal of the locked memory session.
const benchPassphrase = "a benchmark passphrase"

// lockDB turns the lock on for db.
func lockDB(db string) error {
	st, err := store.Open(db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	return st.SetPassphrase(context.Background(), []byte(benchPassphrase))
}

// homeOnFirstStep makes the session start at home with the cursor on the
// first step, so three "k" reach the Journal tool (above Toolkit and Export).
func homeOnFirstStep(db string) error {
	ctx := context.Background()
	st, err := store.Open(db, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	book := content.Book()
	wbs, err := st.Workbooks(ctx)
	if err != nil || len(wbs) == 0 {
		return fmt.Errorf("no workbook in %s: %v", db, err)
	}
	first := book.Steps[0].ID
	if err := st.SetStatus(ctx, wbs[0].ID, first, store.InProgress); err != nil {
		return err
	}
	return st.SaveResume(ctx, wbs[0].ID, store.Resume{Screen: "home", StepID: first})
}

// ---- the table ----

type row struct {
	name, target, measured, ratio, pass string
	section                             bool
}

type report struct {
	rows            []row
	checked, failed int
}

func (r *report) section(name string) { r.rows = append(r.rows, row{name: name, section: true}) }

func (r *report) info(name, measured string) {
	r.rows = append(r.rows, row{name: name, target: "", measured: measured, ratio: "", pass: "info"})
}

func (r *report) verdict(ok bool, missing bool) string {
	if missing {
		r.checked++
		r.failed++
		return "n/a"
	}
	r.checked++
	if ok {
		return "PASS"
	}
	r.failed++
	return "FAIL"
}

// max records a "measured ≤ limit" line; ratio is measured / limit.
func (r *report) max(name string, limit, v float64, f func(float64) string) {
	r.rows = append(r.rows, row{name: name, target: "≤ " + f(limit), measured: f(v),
		ratio: fmt.Sprintf("%.2f of target", v/limit), pass: r.verdict(v <= limit, v < 0)})
}

// ratio records a "a / b ≤ limit" line.
func (r *report) ratio(name string, limit, a, b float64, f func(float64) string) {
	q := a / b
	r.rows = append(r.rows, row{name: name, target: fmt.Sprintf("≤ %.1f×", limit),
		measured: f(a) + " / " + f(b), ratio: fmt.Sprintf("%.2f×", q), pass: r.verdict(q <= limit, a < 0 || b <= 0)})
}

func (r *report) print(w io.Writer) {
	widths := [4]int{len("measurement"), len("target"), len("measured"), len("ratio")}
	for _, x := range r.rows {
		if x.section {
			continue
		}
		for i, s := range []string{x.name, x.target, x.measured, x.ratio} {
			widths[i] = max(widths[i], runeLen(s))
		}
	}
	line := func(a, b, c, d, e string) {
		fmt.Fprintf(w, "%s  %s  %s  %s  %s\n", pad(a, widths[0]), pad(b, widths[1]), pad(c, widths[2]), pad(d, widths[3]), e)
	}
	line("measurement", "target", "measured", "ratio", "pass")
	for _, x := range r.rows {
		if x.section {
			fmt.Fprintf(w, "\n%s\n", x.name)
			continue
		}
		line("  "+x.name, x.target, x.measured, x.ratio, x.pass)
	}
}

func runeLen(s string) int { return len([]rune(s)) + 2 }

func pad(s string, n int) string { return s + strings.Repeat(" ", max(n-len([]rune(s)), 0)) }

func fmtNs(v float64) string {
	switch {
	case v < 0:
		return "missing"
	case v < 1e3:
		return fmt.Sprintf("%.0f ns", v)
	case v < 1e6:
		return fmt.Sprintf("%.1f µs", v/1e3)
	case v < 1e9:
		return fmt.Sprintf("%.2f ms", v/1e6)
	}
	return fmt.Sprintf("%.2f s", v/1e9)
}

func fmtBytes(v float64) string {
	switch {
	case v < 0:
		return "missing"
	case v < 1<<10:
		return fmt.Sprintf("%.0f B", v)
	case v < 1<<20:
		return fmt.Sprintf("%.1f KiB", v/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", v/(1<<20))
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			if _, v, ok := strings.Cut(l, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}
