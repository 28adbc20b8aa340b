package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary be the meridian binary: run under the
// name "meridian" (the README test links it as bin/meridian), it is
// main. The README's walk-through so runs the code under test without a
// second build of the whole program.
func TestMain(m *testing.M) {
	if filepath.Base(os.Args[0]) == "meridian" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// readmeCommand is one command of a README shell block and the shape of
// what it prints (the "#>" lines under it).
type readmeCommand struct {
	line   int // in README.md
	text   string
	expect []string
}

// readmeWalkthrough returns the commands of every sh block of the README's
// "Using it" section, in order, continuation lines joined.
func readmeWalkthrough(t *testing.T, readme string) []readmeCommand {
	t.Helper()
	lines := strings.Split(readme, "\n")
	var cmds []readmeCommand
	in, inBlock := false, false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "## "):
			in = l == "## Using it"
			continue
		case !in:
			continue
		case strings.HasPrefix(l, "```"):
			inBlock = !inBlock && strings.TrimSpace(l) == "```sh"
			continue
		case !inBlock:
			continue
		}
		trimmed := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(trimmed, "#>"):
			if len(cmds) == 0 {
				t.Fatalf("README.md:%d: output shown before any command", i+1)
			}
			c := &cmds[len(cmds)-1]
			c.expect = append(c.expect, strings.TrimSpace(strings.TrimPrefix(trimmed, "#>")))
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		default:
			c := readmeCommand{line: i + 1}
			for strings.HasSuffix(l, `\`) && i+1 < len(lines) {
				c.text += strings.TrimSuffix(l, `\`)
				i++
				l = lines[i]
			}
			c.text = strings.TrimSpace(c.text + l)
			cmds = append(cmds, c)
		}
	}
	if inBlock {
		t.Fatal("README.md: unterminated code block")
	}
	return cmds
}

// shapeMatch reports whether the expected lines appear in order among the
// lines of out, each matching one line whole (spaces around ignored), with
// "..." matching any text.
func shapeMatch(expect []string, out string) error {
	got := strings.Split(out, "\n")
	j := 0
	for _, e := range expect {
		parts := strings.Split(e, "...")
		for k := range parts {
			parts[k] = regexp.QuoteMeta(parts[k])
		}
		re := regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
		for ; j < len(got) && !re.MatchString(strings.TrimSpace(got[j])); j++ {
		}
		if j == len(got) {
			return fmt.Errorf("no line (in order) of the output is %q", e)
		}
		j++
	}
	return nil
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

var assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=\$\(`)

// TestREADME runs every command of the README's walk-through as written,
// one after another in one shell, in an empty directory with its own
// ./data: bin/meridian is this test binary (see TestMain) instead of the
// `go build` the README starts with, and the server's ports are free
// ones instead of 8080 and 9090. A command fails the test if it exits
// non-zero, outlives its timeout, leaves its variable empty, or prints
// nothing like the output the README shows under it.
func TestREADME(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the README's walk-through needs curl")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(readme), "# Meridian\n\n```sh\nmake run ") || !strings.Contains(string(readme), "\nmake test ") {
		t.Fatal("README.md no longer starts with make run and make test")
	}
	cmds := readmeWalkthrough(t, string(readme))
	if len(cmds) < 10 {
		t.Fatalf("found %d commands in the README's walk-through", len(cmds))
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	work, logs := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(work, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(work, "bin", "meridian")); err != nil {
		t.Fatal(err)
	}
	api, metrics := freePort(t), freePort(t)
	ports := strings.NewReplacer("localhost:8080", "localhost:"+api, "127.0.0.1:9090", "127.0.0.1:"+metrics)

	sh := exec.Command("bash", "--norc", "--noprofile")
	sh.Dir = work
	sh.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MERIDIAN_") { // nothing of the caller's: no token, no store
			sh.Env = append(sh.Env, kv)
		}
	}
	sh.Env = append(sh.Env, "MERIDIAN_ADDR=localhost:"+api, "MERIDIAN_SERVER=http://localhost:"+api)
	stdin, err := sh.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := sh.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	shErr, err := os.Create(filepath.Join(logs, "shell.err"))
	if err != nil {
		t.Fatal(err)
	}
	sh.Stderr = shErr
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	// At the end, the server (started in the background) and everything
	// else of the shell's process group stop; SIGKILL if they linger.
	t.Cleanup(func() {
		stdin.Close()
		syscall.Kill(-sh.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { sh.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			syscall.Kill(-sh.Process.Pid, syscall.SIGKILL)
			<-done
		}
		// Let the background server finish its shutdown before the
		// temporary directory goes.
		for i := 0; i < 150 && syscall.Kill(-sh.Process.Pid, 0) == nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
		syscall.Kill(-sh.Process.Pid, syscall.SIGKILL)
	})
	status := make(chan string)
	go func() {
		s := bufio.NewScanner(stdout)
		for s.Scan() {
			if rest, ok := strings.CutPrefix(s.Text(), "__rc__ "); ok {
				status <- rest
			}
		}
		close(status)
	}()

	ran := 0
	for i, c := range cmds {
		if strings.HasPrefix(c.text, "go build ") {
			continue // bin/meridian is in place already
		}
		text := ports.Replace(c.text)
		out, errf := filepath.Join(logs, fmt.Sprintf("%d.out", i)), filepath.Join(logs, fmt.Sprintf("%d.err", i))
		block := "{ " + text + "; }"
		if strings.HasSuffix(text, "&") {
			block = "{ " + text + " }"
		}
		check := `rc=$?`
		if m := assignment.FindStringSubmatch(text); m != nil {
			check += fmt.Sprintf(`; [ $rc = 0 ] && [ -z "$%s" ] && rc=empty`, m[1])
		}
		fmt.Fprintf(stdin, "%s </dev/null >%s 2>%s; %s; echo \"__rc__ $rc\"\n", block, out, errf, check)
		timeout := 5 * time.Minute
		var rc string
		var ok bool
		select {
		case rc, ok = <-status:
		case <-time.After(timeout):
			t.Fatalf("README.md:%d: %s\ndid not finish in %s\nstderr: %s", c.line, c.text, timeout, readFile(errf))
		}
		if !ok {
			t.Fatalf("README.md:%d: %s\nthe shell ended: %s", c.line, c.text, readFile(shErr.Name()))
		}
		whole, _ := os.ReadFile(out)
		printed := string(whole)
		if rc != "0" {
			t.Fatalf("README.md:%d: %s\nexit status %s\nstdout: %s\nstderr: %s", c.line, c.text, rc, readFile(out), readFile(errf))
		}
		if len(c.expect) > 0 {
			if err := shapeMatch(c.expect, printed); err != nil {
				t.Fatalf("README.md:%d: %s\n%v\nstdout: %s\nstderr: %s", c.line, c.text, err, readFile(out), readFile(errf))
			}
		}
		ran++
		if strings.HasSuffix(text, "&") && strings.Contains(text, " serve") {
			// Whatever the README does next, the server is up first.
			waitReady(t, "http://localhost:"+api+"/readyz", c, errf)
		}
	}
	t.Logf("ran %d commands of the README", ran)
}

// waitReady waits for the server a README command started in the
// background to answer /readyz.
func waitReady(t *testing.T, url string, c readmeCommand, errf string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := nethttp.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("README.md:%d: %s\nnot ready: %v\nstderr: %s", c.line, c.text, err, readFile(errf))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func readFile(name string) string {
	f, err := os.Open(name)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 4000))
	return string(b)
}

// TestREADMEShape tests the output matcher of TestREADME itself.
func TestREADMEShape(t *testing.T) {
	out := "{\n  \"hit\": true,\n  \"hits\": [\n    {\n      \"score\": 0.9,\n"
	for _, c := range []struct {
		expect []string
		ok     bool
	}{
		{[]string{"{", `"hit": true,`, `"score": ...,`}, true},
		{[]string{`"score": ...,`, `"hit": true,`}, false}, // out of order
		{[]string{`"hit": false,`}, false},
		{[]string{"..."}, true},
		{[]string{"hit"}, false}, // a whole line, not a part
	} {
		if err := shapeMatch(c.expect, out); (err == nil) != c.ok {
			t.Errorf("shapeMatch(%q) = %v, want ok %v", c.expect, err, c.ok)
		}
	}
	if err := shapeMatch([]string{"ok: ..."}, ""); err == nil {
		t.Error("empty output matched")
	}
}
