//go:build unix

package cliapp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildCommands builds embedmeta, embedmeta-cloud and embedmeta-serve into a new directory.
func buildCommands(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds both commands")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	dir := t.TempDir()
	// The flags and environment of .ci/build, so that the packages .ci/build compiled (the
	// cloud SDKs take minutes) come from the build cache; only the link is new.
	cmd := exec.Command(goCmd, "build", "-buildvcs=false", "-trimpath", "-ldflags", "-s -w", "-o", dir+string(filepath.Separator),
		"github.com/embedmeta/embedmeta/cmd/embedmeta", "github.com/embedmeta/embedmeta/cmd/embedmeta-cloud",
		"github.com/embedmeta/embedmeta/cmd/embedmeta-serve")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return dir
}

// copyFile copies the executable src into dir.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	dst := filepath.Join(dir, filepath.Base(src))
	require.NoError(t, os.WriteFile(dst, data, 0o755))
	return dst
}

// command runs bin with args and PATH set to path.
func command(bin, path string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "PATH="+path)
	return cmd
}

// TestServeRunsEmbedmetaServe: `embedmeta serve` replaces itself with the embedmeta-serve
// beside it, else the one on PATH, flags, exit status and signals included; without one it
// says how to install it.
func TestServeRunsEmbedmetaServe(t *testing.T) {
	dir := buildCommands(t)
	embedmeta := filepath.Join(dir, "embedmeta")
	noPath := t.TempDir() // a PATH without embedmeta-serve

	t.Run("help, beside embedmeta", func(t *testing.T) {
		var o, e bytes.Buffer
		cmd := command(embedmeta, noPath, "serve", "-h")
		cmd.Stdout, cmd.Stderr = &o, &e
		require.NoError(t, cmd.Run(), e.String())
		assert.Contains(t, o.String(), "usage: embedmeta-serve [flags]")
		assert.Contains(t, o.String(), "-max-bytes")
	})

	t.Run("usage error: the service's exit status", func(t *testing.T) {
		var e bytes.Buffer
		cmd := command(embedmeta, noPath, "serve", "-max-bytes", "0")
		cmd.Stderr = &e
		err := cmd.Run()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, exitUsage, ee.ExitCode())
		assert.Contains(t, e.String(), "embedmeta-serve: -max-bytes must be at least 1")
	})

	t.Run("on PATH", func(t *testing.T) {
		alone := copyFile(t, embedmeta, t.TempDir())
		out, err := command(alone, noPath+string(filepath.ListSeparator)+dir, "serve", "-version").Output()
		require.NoError(t, err)
		assert.Equal(t, "embedmeta-serve dev\n", string(out))
	})

	t.Run("not found", func(t *testing.T) {
		alone := copyFile(t, embedmeta, t.TempDir())
		var o, e bytes.Buffer
		cmd := command(alone, noPath, "serve", "-addr", "127.0.0.1:0")
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, exitUsage, ee.ExitCode())
		assert.Empty(t, o.String())
		assert.Equal(t, 1, strings.Count(e.String(), "\n"), "one line: %q", e.String())
		assert.Contains(t, e.String(), "embedmeta serve: embedmeta-serve not found in "+filepath.Dir(alone)+" (beside embedmeta) or on PATH")
		assert.Contains(t, e.String(), "go install github.com/embedmeta/embedmeta/cmd/...@latest")
	})

	t.Run("serves, stops at SIGTERM", func(t *testing.T) {
		cmd := command(embedmeta, noPath, "serve", "-addr", "127.0.0.1:0", "-max-bytes", "1000")
		stderr, err := cmd.StderrPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		defer cmd.Process.Kill()
		lines := make(chan map[string]any, 16)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				var m map[string]any
				if json.Unmarshal(sc.Bytes(), &m) == nil {
					lines <- m
				}
			}
		}()
		next := func(msg string) map[string]any {
			t.Helper()
			timeout := time.After(20 * time.Second)
			for {
				select {
				case l, ok := <-lines:
					require.True(t, ok, "the service ended before logging %q", msg)
					if l["msg"] == msg {
						return l
					}
				case <-timeout:
					t.Fatalf("no %q log line", msg)
				}
			}
		}
		addr, _ := next("listening")["addr"].(string)
		require.NotEmpty(t, addr)
		if runtime.GOOS == "linux" {
			comm, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/comm")
			require.NoError(t, err)
			assert.Equal(t, "embedmeta-serve\n", string(comm), "the process is the service itself")
		}
		resp, err := http.Get("http://" + addr + "/healthz")
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "ok\n", string(body))
		resp, err = http.Post("http://"+addr+"/v1/extract", "image/jpeg", strings.NewReader(strings.Repeat("x", 2000)))
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "the flags reached the service")

		require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
		next("stopped")
		for range lines { // to the end of stderr, before Wait closes it
		}
		require.NoError(t, cmd.Wait(), "a graceful shutdown exits 0")
	})
}
