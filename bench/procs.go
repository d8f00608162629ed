package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// moduleRoot is the folder of go.mod, so that the harness runs the same
// from the repository root (go run ./bench) and from bench/ (go test).
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("not inside the didstock module")
	}
	return filepath.Dir(gomod), nil
}

// buildBinaries builds didstock and the baseline server into dir.
func buildBinaries(ctx context.Context, root, dir string) (didstockBin, baselineBin string, err error) {
	didstockBin, baselineBin = filepath.Join(dir, "didstock"), filepath.Join(dir, "baseline")
	for _, b := range []struct{ out, pkg string }{{didstockBin, "./cmd/didstock"}, {baselineBin, "./bench/baseline"}} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b.out, b.pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	return didstockBin, baselineBin, nil
}

// pinning says where processes run. When enabled, the server (and the
// baseline server) run on core 1 through taskset and the load generator,
// this process, on core 0 with GOMAXPROCS 1.
type pinning struct {
	enabled bool
}

func (p pinning) String() string {
	if p.enabled {
		return "pinned (server on core 1, load generator on core 0, via taskset)"
	}
	return "unpinned"
}

func canPin() bool {
	_, err := exec.LookPath("taskset")
	return err == nil && runtime.NumCPU() >= 2
}

// pinSelf moves every thread of this process to the given cores; threads
// created later inherit the mask from the thread that creates them.
func pinSelf(cores string, procs int) error {
	out, err := exec.Command("taskset", "-a", "-p", "-c", cores, strconv.Itoa(os.Getpid())).CombinedOutput()
	if err != nil {
		return fmt.Errorf("taskset self: %v: %s", err, out)
	}
	runtime.GOMAXPROCS(procs)
	return nil
}

// serverCommand wraps args in taskset when pinned.
func (p pinning) serverCommand(bin string, args ...string) *exec.Cmd {
	if p.enabled {
		return exec.Command("taskset", append([]string{"-c", "1", bin}, args...)...)
	}
	return exec.Command(bin, args...)
}

// proc is a started server process.
type proc struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	done   chan error
	once   sync.Once
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startProc starts cmd and waits until GET url+health answers 200.
func startProc(cmd *exec.Cmd, url, health string) (*proc, error) {
	p := &proc{cmd: cmd, url: url, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stdout = &limitedBuffer{b: p.stderr, max: 1 << 20}
	cmd.Stderr = cmd.Stdout
	// The server dies with the harness, also when the harness is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.done <- cmd.Wait() }()
	deadline := time.Now().Add(120 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			return nil, fmt.Errorf("%s exited: %v\n%s", cmd.Path, err, p.stderr.String())
		default:
		}
		resp, err := http.Get(url + health)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s did not answer %s within 120s:\n%s", cmd.Path, health, p.stderr.String())
}

// pid is the server's own process id: taskset execs the binary, so the
// child's pid is the server's.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// stop sends SIGTERM, then SIGKILL after 15 s, and waits for the exit.
// Later calls do nothing.
func (p *proc) stop() {
	p.once.Do(func() {
		if p.cmd.Process == nil {
			return
		}
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(15 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
}

// peakRSS reads VmHWM (peak resident set size) of pid, in bytes.
func peakRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			fields := strings.Fields(rest)
			if len(fields) >= 1 {
				kib, err := strconv.ParseInt(fields[0], 10, 64)
				return kib * 1024, err
			}
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// createAccount runs `didstock accounts create` on the database; the key is
// the last line of its standard output.
func createAccount(bin, dsn, secretFile, name string) (string, error) {
	cmd := exec.Command(bin, "accounts", "create", "--db", dsn, "--secret-file", secretFile, "--name", name,
		"--balance", "1000000000.00", "--credit", "0", "--api-version", "2026-04-16")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("accounts create: %v: %s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	key := strings.TrimSpace(lines[len(lines)-1])
	if key == "" || strings.Contains(key, " ") {
		return "", fmt.Errorf("accounts create: no key in output %q", out)
	}
	return key, nil
}

// limitedBuffer keeps at most max bytes of a process's output.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
