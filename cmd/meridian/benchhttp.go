package main

// meridian bench http: a load generator that drives a running server over
// HTTP, as its clients do, and says what they get (issue 10: measure from
// outside the process, and compare with in-process screening of the same
// queries).

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	nethttp "net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"meridian"
	"meridian/screen"
	"meridian/sqlite"
	"meridian/watchlist"
)

// benchKinds are the requests of the mixed mode, in the order --mix names them.
var benchKinds = []string{"get", "list", "create", "check"}

// benchReport is what bench http prints. requests = successes + errors;
// names = the names sent in check requests, names_checked those answered.
type benchReport struct {
	Mode           string           `json:"mode"`
	Server         string           `json:"server"`
	Clients        int              `json:"clients"`
	Batch          int              `json:"batch,omitempty"`
	Mix            map[string]int   `json:"mix,omitempty"`
	Seconds        float64          `json:"seconds"`
	Requests       int64            `json:"requests"`
	Successes      int64            `json:"successes"`
	Errors         int64            `json:"errors"`
	ErrorsByStatus map[string]int64 `json:"errors_by_status"`
	// ErrorDetails counts, for each status, the answers' problem details
	// (one line each, at most 5 distinct a status), to say why without
	// reading the server's log.
	ErrorDetails   map[string]map[string]int64 `json:"error_details,omitempty"`
	RequestsPerSec float64                     `json:"requests_per_s"`
	Names          int64                       `json:"names"`
	NamesChecked   int64                       `json:"names_checked"`
	NamesPerSec    float64                     `json:"names_per_s"`
	Latency        benchLatency                `json:"latency_ms"`
	ByKind         map[string]*benchKind       `json:"by_kind,omitempty"`
	Store          *benchStore                 `json:"store,omitempty"`
	InProcess      *benchInProcess             `json:"in_process,omitempty"`
	// Ratio is HTTP names/s over in-process names/s on the same queries
	// (issue 10's goal: >= 0.5).
	Ratio float64 `json:"ratio,omitempty"`
}

type benchLatency struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

type benchKind struct {
	Requests int64        `json:"requests"`
	Errors   int64        `json:"errors"`
	Latency  benchLatency `json:"latency_ms"`
	samples  []time.Duration
}

// benchStore is the SQLite store's growth over the run: the database file
// and its WAL (and shared-memory index), summed, before and after.
type benchStore struct {
	Dir           string  `json:"dir"`
	BytesBefore   int64   `json:"bytes_before"`
	BytesAfter    int64   `json:"bytes_after"`
	Growth        int64   `json:"growth_bytes"`
	ChecksCounted int64   `json:"checks_recorded"`
	BytesPerCheck float64 `json:"bytes_per_check,omitempty"`
}

type benchInProcess struct {
	Watchlist   string  `json:"watchlist"`
	Persons     int     `json:"persons"`
	Workers     int     `json:"workers"`
	Names       int64   `json:"names"`
	Seconds     float64 `json:"seconds"`
	NamesPerSec float64 `json:"names_per_s"`
}

func runBenchHTTP(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench http", stderr)
	server := fs.String("server", envOr("MERIDIAN_SERVER", "http://localhost:8080"), "Meridian server (loopback only, unless --allow-remote)")
	tokenFlag := secretVar(fs, "token", "MERIDIAN_TOKEN", "API token of an officer (who may check and create records)")
	clients := fs.Int("clients", 2, "concurrent clients, each one request at a time")
	duration := fs.Duration("duration", 20*time.Second, "stop after this long (0: only --requests bounds the run)")
	requests := fs.Int64("requests", 0, "stop after this many requests (0: only --duration bounds the run)")
	batch := fs.Int("batch", meridian.MaxBatch, "names a request in batch mode")
	queriesPath := fs.String("queries", "", "queries.csv from meridian sim watchlist (a name column; birth_date, sex, nationality if present)")
	mixFlag := fs.String("mix", "get=4,list=2,create=1,check=3", "mixed mode: weights of get (GET a person), list (a page of persons), create (POST a person) and check (one person check)")
	data := fs.String("data", "", "the server's data directory (SQLite): report the store's growth a recorded check")
	inProcess := fs.String("in-process", "", "watchlist.csv the server was loaded with: screen the same queries in this process and report the ratio")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	allowRemote := fs.Bool("allow-remote", false, "allow a server that is not on this machine's loopback")
	timeout := fs.Duration("timeout", time.Minute, "time limit of one request")
	noKeepAlive := fs.Bool("no-keepalive", false, "a new connection for every request")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("usage: meridian bench http single|batch|mixed --queries FILE [--clients C] [--duration D | --requests N]")
	}
	mode := fs.Arg(0)
	switch mode {
	case "single", "batch", "mixed":
	default:
		return usageError(fmt.Sprintf("bench http: unknown mode %q (want single, batch or mixed)", mode))
	}
	if *clients < 1 || *clients > 10000 {
		return usageError("--clients: want 1 to 10000")
	}
	if *duration < 0 || *requests < 0 {
		return usageError("--duration and --requests must not be negative")
	}
	if *duration == 0 && *requests == 0 {
		return usageError("--duration or --requests must bound the run")
	}
	if *batch < 1 || *batch > meridian.MaxBatch {
		return usageError(fmt.Sprintf("--batch: want 1 to %d", meridian.MaxBatch))
	}
	if *timeout <= 0 {
		return usageError("--timeout must be positive")
	}
	mix, err := parseMix(*mixFlag)
	if err != nil {
		return err
	}
	if *queriesPath == "" {
		return usageError("--queries is required (queries.csv from meridian sim watchlist)")
	}
	c, err := newAPIClient(*server, tokenFlag.Value(), *timeout)
	if err != nil {
		return err
	}
	c.purpose = "load test"
	if err := checkLoopback(ctx, c.server, *allowRemote); err != nil {
		return err
	}
	queries, err := readBenchQueries(*queriesPath)
	if err != nil {
		return err
	}
	if *data != "" {
		if _, err := os.Stat(filepath.Join(*data, sqlite.File)); err != nil {
			return usageError(fmt.Sprintf("--data: no %s in %s (the server's SQLite data directory)", sqlite.File, *data))
		}
	}

	// A client of its own: no proxy from the environment and no redirect
	// followed, so that no request leaves for a host not checked above.
	tr := &nethttp.Transport{Proxy: nil, MaxIdleConns: *clients * 2, MaxIdleConnsPerHost: *clients * 2, IdleConnTimeout: time.Minute, DisableKeepAlives: *noKeepAlive}
	defer tr.CloseIdleConnections()
	c.hc = &nethttp.Client{Timeout: *timeout, Transport: tr,
		CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}

	b := &bencher{c: c, mode: mode, batch: *batch, queries: queries, mix: mix}
	if mode != "batch" {
		b.batch = 1
	}
	if mode == "mixed" {
		if err := b.seedIDs(ctx); err != nil {
			return err
		}
	}
	var before int64
	if *data != "" {
		before = storeBytes(*data)
	}
	rep := b.run(ctx, *clients, *duration, *requests)
	rep.Server = c.shown()
	if mode == "mixed" {
		rep.Mix = map[string]int{}
		for i, k := range benchKinds {
			rep.Mix[k] = mix[i]
		}
	}
	if *data != "" {
		// Let group commits and WAL writes settle before measuring.
		time.Sleep(500 * time.Millisecond)
		after := storeBytes(*data)
		st := &benchStore{Dir: *data, BytesBefore: before, BytesAfter: after, Growth: after - before, ChecksCounted: rep.NamesChecked}
		// In mixed mode the growth holds the creates, reads and lists
		// too: it is not a check's cost.
		if st.ChecksCounted > 0 && mode != "mixed" {
			st.BytesPerCheck = float64(st.Growth) / float64(st.ChecksCounted)
		}
		rep.Store = st
	}
	if *inProcess != "" && ctx.Err() == nil {
		ip, err := screenInProcess(ctx, *inProcess, queries, rep.Seconds)
		if err != nil {
			return err
		}
		rep.InProcess = ip
		if ip.NamesPerSec > 0 && mode != "mixed" {
			rep.Ratio = rep.NamesPerSec / ip.NamesPerSec
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printBenchReport(stdout, rep)
	return nil
}

// parseMix reads "get=4,list=2,create=1,check=3" into weights in the
// order of benchKinds; a kind left out weighs 0.
func parseMix(s string) ([]int, error) {
	w := make([]int, len(benchKinds))
	total := 0
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		i := slices.Index(benchKinds, strings.TrimSpace(k))
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if !ok || i < 0 || err != nil || n < 0 || n > 1000 {
			return nil, usageError(fmt.Sprintf("--mix: want kind=weight pairs of get, list, create and check, weights 0 to 1000, got %q", part))
		}
		w[i] = n
		total += n
	}
	if total == 0 {
		return nil, usageError("--mix: the weights add up to 0")
	}
	return w, nil
}

// checkLoopback refuses a server that is not on this machine's loopback
// unless allowed: a load test must not land on someone else's host. A
// name is resolved, and every address it has must be loopback.
func checkLoopback(ctx context.Context, server string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	u, err := url.Parse(server)
	if err != nil {
		return usageError("--server: want http://HOST:PORT")
	}
	host := u.Hostname()
	refuse := usageError(fmt.Sprintf("--server: %s is not a loopback address; bench http loads only this machine's loopback (127.0.0.0/8, ::1, localhost) unless --allow-remote", host))
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return refuse
		}
		return nil
	}
	if !strings.EqualFold(host, "localhost") {
		return refuse
	}
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupIPAddr(rctx, host)
	if err != nil || len(addrs) == 0 {
		return refuse
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return refuse
		}
	}
	return nil
}

// readBenchQueries reads person queries from a CSV with a name column
// (and birth_date, sex, nationality when present).
func readBenchQueries(path string) ([]meridian.PersonQuery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError(err.Error())
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: no header: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	if _, ok := col["name"]; !ok {
		return nil, fmt.Errorf("%s: no name column", path)
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var qs []meridian.PersonQuery
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if get(rec, "name") == "" {
			continue
		}
		qs = append(qs, meridian.PersonQuery{Name: get(rec, "name"), BirthDate: meridian.Date(get(rec, "birth_date")),
			Sex: meridian.Sex(strings.ToUpper(get(rec, "sex"))), Nationality: strings.ToUpper(get(rec, "nationality"))})
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no queries", path)
	}
	return qs, nil
}

// storeBytes sums the sizes of the SQLite database, its WAL and its
// shared-memory index in dir.
func storeBytes(dir string) int64 {
	var n int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if st, err := os.Stat(filepath.Join(dir, sqlite.File+suffix)); err == nil {
			n += st.Size()
		}
	}
	return n
}

type bencher struct {
	c       *apiClient
	mode    string
	batch   int
	queries []meridian.PersonQuery
	mix     []int

	next atomic.Int64 // the next query

	mu  sync.Mutex
	ids []string // persons to GET in mixed mode: listed at the start, then created
}

// seedIDs lists a page of the persons the caller may read, for the GETs
// of the mixed mode; created persons join them as the run goes.
func (b *bencher) seedIDs(ctx context.Context) error {
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	status, body, err := b.c.do(ctx, "GET", "/api/v1/persons?limit=1000", nil)
	if err != nil {
		return err
	}
	if status != 200 {
		return serverError(status, body)
	}
	if err := json.Unmarshal(body, &page); err != nil {
		return &meridian.Error{Kind: meridian.EUnavailable, Message: "unreadable list of persons from " + b.c.shown()}
	}
	for _, it := range page.Items {
		b.ids = append(b.ids, it.ID)
	}
	return nil
}

// nextQueries returns the next n queries, round the list.
func (b *bencher) nextQueries(n int) []meridian.PersonQuery {
	start := int(b.next.Add(int64(n))-int64(n)) % len(b.queries)
	out := make([]meridian.PersonQuery, n)
	for i := range out {
		out[i] = b.queries[(start+i)%len(b.queries)]
	}
	return out
}

type benchResult struct {
	kind   string
	status int    // 0: no answer
	bad    bool   // a 200 without a result for each name
	detail string // a failure's problem detail, one line
	names  int
	took   time.Duration
}

// run starts the clients and gathers their results until the run is
// bounded by count or time, or ctx ends.
func (b *bencher) run(ctx context.Context, clients int, duration time.Duration, requests int64) *benchReport {
	rctx := ctx
	if duration > 0 {
		var cancel context.CancelFunc
		rctx, cancel = context.WithTimeout(ctx, duration)
		defer cancel()
	}
	var issued atomic.Int64
	results := make([][]benchResult, clients)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i)+1, uint64(start.UnixNano())))
			for rctx.Err() == nil {
				if requests > 0 && issued.Add(1) > requests {
					return
				}
				results[i] = append(results[i], b.one(rctx, rng))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	rep := &benchReport{Mode: b.mode, Clients: clients, Seconds: elapsed.Seconds(), ErrorsByStatus: map[string]int64{}}
	if b.mode == "batch" {
		rep.Batch = b.batch
	}
	var all []time.Duration
	kinds := map[string]*benchKind{}
	for _, rs := range results {
		for _, r := range rs {
			if r.status == -1 { // cut short by the end of the run: not counted
				continue
			}
			rep.Requests++
			rep.Names += int64(r.names)
			k := kinds[r.kind]
			if k == nil {
				k = &benchKind{}
				kinds[r.kind] = k
			}
			k.Requests++
			if r.status >= 200 && r.status <= 299 {
				rep.Successes++
				rep.NamesChecked += int64(r.names)
			} else {
				rep.Errors++
				k.Errors++
				key := "no answer"
				if r.bad {
					key = "bad answer"
				} else if r.status > 0 {
					key = strconv.Itoa(r.status)
				}
				rep.ErrorsByStatus[key]++
				if r.detail != "" {
					if rep.ErrorDetails == nil {
						rep.ErrorDetails = map[string]map[string]int64{}
					}
					ds := rep.ErrorDetails[key]
					if ds == nil {
						ds = map[string]int64{}
						rep.ErrorDetails[key] = ds
					}
					if _, ok := ds[r.detail]; ok || len(ds) < 5 {
						ds[r.detail]++
					}
				}
			}
			all = append(all, r.took)
			k.samples = append(k.samples, r.took)
		}
	}
	if s := rep.Seconds; s > 0 {
		rep.RequestsPerSec = float64(rep.Requests) / s
		rep.NamesPerSec = float64(rep.NamesChecked) / s
	}
	rep.Latency = latencyOf(all)
	if b.mode == "mixed" {
		for _, k := range kinds {
			k.Latency = latencyOf(k.samples)
		}
		rep.ByKind = kinds
	}
	return rep
}

// latencyOf gives the percentiles of samples (sorted in place), in ms.
func latencyOf(samples []time.Duration) benchLatency {
	if len(samples) == 0 {
		return benchLatency{}
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	at := func(p float64) float64 {
		i := int(p*float64(len(samples))+0.5) - 1
		i = max(0, min(i, len(samples)-1))
		return ms(samples[i])
	}
	return benchLatency{P50: at(0.50), P90: at(0.90), P99: at(0.99), Max: ms(samples[len(samples)-1])}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// one makes one request of the mode.
func (b *bencher) one(ctx context.Context, rng *rand.Rand) benchResult {
	kind := "check"
	switch b.mode {
	case "batch":
		kind = "batch"
	case "mixed":
		total := 0
		for _, w := range b.mix {
			total += w
		}
		n := rng.IntN(total)
		for i, w := range b.mix {
			if n < w {
				kind = benchKinds[i]
				break
			}
			n -= w
		}
	}
	id := ""
	if kind == "get" {
		b.mu.Lock()
		if len(b.ids) > 0 {
			id = b.ids[rng.IntN(len(b.ids))]
		}
		b.mu.Unlock()
		if id == "" { // nothing to read yet: make something
			kind = "create"
		}
	}
	var method, path string
	var body any
	names := 0
	switch kind {
	case "check", "batch":
		method, path = "POST", "/api/v1/checks/persons"
		qs := b.nextQueries(b.batch)
		names = len(qs)
		cc := meridian.CheckContext{PlaceKind: "other", Place: "load test", Reason: "meridian bench http"}
		if kind == "check" {
			body = struct {
				meridian.CheckContext
				meridian.PersonQuery
			}{cc, qs[0]}
		} else {
			body = struct {
				meridian.CheckContext
				Checks []meridian.PersonQuery `json:"checks"`
			}{cc, qs}
		}
	case "list":
		method, path = "GET", "/api/v1/persons?limit=100"
	case "get":
		method, path = "GET", "/api/v1/persons/"+url.PathEscape(id)
	case "create":
		q := b.nextQueries(1)[0]
		p := map[string]any{"role": "witness", "names": []map[string]string{{"full": q.Name}},
			"tlp": "AMBER", "handling": "H1", "release": map[string]string{"scope": "owner"}}
		method, path, body = "POST", "/api/v1/persons", p
	}
	t0 := time.Now()
	status, resp, err := b.c.do(ctx, method, path, body)
	took := time.Since(t0)
	if err != nil && ctx.Err() != nil {
		return benchResult{status: -1}
	}
	if err != nil {
		return benchResult{kind: kind, names: names, took: took, detail: oneLine(describe(err))}
	}
	if status < 200 || status > 299 {
		return benchResult{kind: kind, status: status, names: names, took: took, detail: problemText(status, resp)}
	}
	if kind == "create" && status == 201 {
		var rec struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(resp, &rec) == nil && rec.ID != "" {
			b.mu.Lock()
			b.ids = append(b.ids, rec.ID)
			b.mu.Unlock()
		}
	}
	if (kind == "check" || kind == "batch") && status == 200 {
		// An answer without a result for each name is not a success.
		var out struct {
			Results []json.RawMessage `json:"results"`
		}
		if json.Unmarshal(resp, &out) != nil || len(out.Results) != names {
			return benchResult{kind: kind, status: 0, bad: true, names: names, took: took}
		}
	}
	return benchResult{kind: kind, status: status, names: names, took: took}
}

// screenInProcess indexes the persons of a watchlist file in this process
// and screens the same queries as the server does (its threshold and
// limit), on as many goroutines as there are CPUs, for about as long as
// the HTTP run took (at least 3 s, at most 30 s).
func screenInProcess(ctx context.Context, path string, queries []meridian.PersonQuery, seconds float64) (*benchInProcess, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError(err.Error())
	}
	defer f.Close()
	ix := screen.NewPersonIndex()
	var batch []screen.PersonEntry
	lineErrs, err := watchlist.ReadCSV(f, meridian.CategorySuspect, func(e watchlist.Entry) error {
		if e.Person == nil {
			return nil
		}
		pe := screen.PersonEntry{ID: meridian.NewID(), BirthDate: string(e.Person.BirthDate), Sex: string(e.Person.Sex), Nationalities: e.Person.Nationalities}
		for _, n := range e.Person.Names {
			pe.Names = append(pe.Names, n.Full)
		}
		batch = append(batch, pe)
		if len(batch) == 50000 {
			ix.AddBatch(batch)
			batch = batch[:0]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(lineErrs) > 0 {
		return nil, fmt.Errorf("%s: %s", path, lineErrs[0].Error())
	}
	ix.AddBatch(batch)
	runtime.GC()
	sq := make([]screen.PersonQuery, len(queries))
	for i, q := range queries {
		sq[i] = screen.PersonQuery{Name: q.Name, BirthDate: string(q.BirthDate), Sex: string(q.Sex), Nationality: q.Nationality}
	}
	d := time.Duration(min(max(seconds, 3), 30) * float64(time.Second))
	workers := runtime.GOMAXPROCS(0)
	var names atomic.Int64
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && time.Since(start) < d {
				for range 100 {
					q := sq[int(next.Add(1)-1)%len(sq)]
					ix.Search(q, screen.DefaultThreshold, 10)
				}
				names.Add(100)
			}
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	return &benchInProcess{Watchlist: path, Persons: ix.Len(), Workers: workers, Names: names.Load(), Seconds: el,
		NamesPerSec: float64(names.Load()) / el}, nil
}

func printBenchReport(w io.Writer, r *benchReport) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "mode\t%s\n", r.Mode)
	fmt.Fprintf(tw, "server\t%s\n", r.Server)
	fmt.Fprintf(tw, "clients\t%d\n", r.Clients)
	if r.Batch > 0 {
		fmt.Fprintf(tw, "batch\t%d names a request\n", r.Batch)
	}
	if r.Mix != nil {
		var parts []string
		for _, k := range benchKinds {
			parts = append(parts, fmt.Sprintf("%s=%d", k, r.Mix[k]))
		}
		fmt.Fprintf(tw, "mix\t%s\n", strings.Join(parts, ","))
	}
	fmt.Fprintf(tw, "duration\t%.1f s\n", r.Seconds)
	fmt.Fprintf(tw, "requests\t%d (%d ok, %d errors)\n", r.Requests, r.Successes, r.Errors)
	fmt.Fprintf(tw, "requests/s\t%.1f\n", r.RequestsPerSec)
	fmt.Fprintf(tw, "names checked\t%d of %d sent\n", r.NamesChecked, r.Names)
	fmt.Fprintf(tw, "names/s\t%.1f\n", r.NamesPerSec)
	fmt.Fprintf(tw, "latency ms\tp50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", r.Latency.P50, r.Latency.P90, r.Latency.P99, r.Latency.Max)
	if len(r.ErrorsByStatus) > 0 {
		var keys []string
		for k := range r.ErrorsByStatus {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s: %d", k, r.ErrorsByStatus[k]))
		}
		fmt.Fprintf(tw, "errors by status\t%s\n", strings.Join(parts, ", "))
		for _, k := range keys {
			for d, n := range r.ErrorDetails[k] {
				fmt.Fprintf(tw, "  %s\t%d x %s\n", k, n, d)
			}
		}
	}
	for _, k := range benchKinds {
		if bk := r.ByKind[k]; bk != nil {
			fmt.Fprintf(tw, "  %s\t%d requests, %d errors, p50 %.1f  p99 %.1f ms\n", k, bk.Requests, bk.Errors, bk.Latency.P50, bk.Latency.P99)
		}
	}
	if s := r.Store; s != nil {
		fmt.Fprintf(tw, "store growth\t%d bytes (%d -> %d), %.0f bytes a recorded check\n", s.Growth, s.BytesBefore, s.BytesAfter, s.BytesPerCheck)
	}
	if ip := r.InProcess; ip != nil {
		fmt.Fprintf(tw, "in-process\t%.1f names/s (%d persons, %d workers, %.1f s)\n", ip.NamesPerSec, ip.Persons, ip.Workers, ip.Seconds)
		if r.Ratio > 0 {
			fmt.Fprintf(tw, "ratio HTTP/in-process\t%.3f\n", r.Ratio)
		}
	}
	tw.Flush()
}
