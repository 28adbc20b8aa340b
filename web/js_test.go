package web_test

import (
	"os/exec"
	"testing"
)

// TestJS runs the UI's own tests (the messages of every language, the
// report forms' checks and body, the API's problem parsing, the alert
// queue's order and the outcome form's body) with node's
// test runner, so that `make test` covers them wherever Node is
// installed. They need no npm packages.
func TestJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node binary: the UI's JavaScript tests need Node")
	}
	cmd := exec.Command(node, "--test", "test/")
	cmd.Env = append(cmd.Environ(), "TZ=Asia/Amman") // a zone off UTC, where day boundaries bite
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}
