package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/didstock/didstock/internal/testapp"
)

// ptyRun is the binary running on a pseudo-terminal: what it writes is
// collected as the screen, and keystrokes can be sent.
type ptyRun struct {
	cmd    *exec.Cmd
	tty    *os.File
	mu     sync.Mutex
	screen bytes.Buffer
	done   chan struct{}
}

// startOnPTY starts didstock with args on a new pseudo-terminal (stdin,
// stdout and stderr all on it, so term.IsTerminal is true as for a
// person) and kills it when the test ends.
func startOnPTY(t *testing.T, env *testapp.Env, key string, args ...string) *ptyRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cliTimeout)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, didstockBin, args...)
	cmd.Env = cliEnv(env, key)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 200})
	if err != nil {
		t.Fatalf("start on a pty: %v", err)
	}
	r := &ptyRun{cmd: cmd, tty: tty, done: make(chan struct{})}
	go r.read()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = tty.Close()
		<-r.done
	})
	return r
}

// read copies the terminal's output into the screen until it closes.
func (r *ptyRun) read() {
	defer close(r.done)
	buf := make([]byte, 4096)
	for {
		n, err := r.tty.Read(buf)
		r.mu.Lock()
		r.screen.Write(buf[:n])
		r.mu.Unlock()
		if err != nil {
			return // EIO once the process has exited, or the close
		}
	}
}

func (r *ptyRun) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.ReplaceAll(r.screen.String(), "\r\n", "\n")
}

// waitFor returns the screen once it shows s, failing after a while.
func (r *ptyRun) waitFor(t *testing.T, s string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if text := r.text(); strings.Contains(text, s) {
			return text
		}
		select {
		case <-r.done:
			if text := r.text(); strings.Contains(text, s) {
				return text
			}
			t.Fatalf("the program ended without showing %q:\n%s", s, r.text())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no %q on the screen after 30s:\n%s", s, r.text())
	return ""
}

// send types keys.
func (r *ptyRun) send(t *testing.T, keys string) {
	t.Helper()
	if _, err := io.WriteString(r.tty, keys); err != nil {
		t.Fatalf("typing %q: %v", keys, err)
	}
}

// wait returns the exit code.
func (r *ptyRun) wait(t *testing.T) int {
	t.Helper()
	err := r.cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	return 0
}
