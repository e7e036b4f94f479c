package embedmeta_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/embedmeta/embedmeta"
)

func TestTeePassesEveryByteAndExtracts(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	var stored bytes.Buffer
	tee := embedmeta.NewTee(context.Background(), &stored)
	n, err := io.Copy(tee, bytes.NewReader(data))
	require.NoError(t, err)
	require.NoError(t, tee.Close())
	assert.Equal(t, int64(len(data)), n)
	assert.Equal(t, data, stored.Bytes(), "the storage side gets the file unchanged")
	md, err := tee.Metadata()
	require.NoError(t, err)
	js, _ := md.MarshalJSON()
	want, _ := os.ReadFile(reference + ".json")
	assert.Equal(t, string(want), string(js))
}

// TestTeeMetadataReadyBeforeTheEnd: the metadata is available once the header has passed,
// while the rest of the upload is still to come.
func TestTeeMetadataReadyBeforeTheEnd(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	sos := bytes.Index(data, []byte{0xFF, 0xDA})
	tee := embedmeta.NewTee(context.Background(), io.Discard)
	_, err = tee.Write(data[:sos+4])
	require.NoError(t, err)
	// Keep writing image data until the metadata is ready; it must be long before 64 MiB.
	chunk := make([]byte, 64<<10)
	written := 0
	for ready := false; !ready; {
		select {
		case <-tee.Done():
			ready = true
		case <-time.After(time.Millisecond):
			_, err = tee.Write(chunk)
			require.NoError(t, err)
			written += len(chunk)
			require.Less(t, written, 64<<20, "metadata never became ready")
		}
	}
	md, err := tee.Metadata()
	require.NoError(t, err)
	assert.Equal(t, 179, md.Len())
	_, err = tee.Write(chunk) // the copy goes on after extraction
	assert.NoError(t, err)
	assert.NoError(t, tee.Close())
}

// TestTeeEndsWithItsContext: a Tee that is never closed stops waiting for bytes when its
// context ends, and says why (issue 12; its goroutine used to wait forever).
func TestTeeEndsWithItsContext(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	tee := embedmeta.NewTee(ctx, io.Discard)
	_, err = tee.Write(data[:1000]) // inside the XMP: the extraction waits for more
	require.NoError(t, err)
	cancel()
	select {
	case <-tee.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the Tee still waits after its context ended")
	}
	_, err = tee.Metadata()
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, err, embedmeta.ErrRead)
}

// TestExtractReaderReadError: a reader that fails gives an error wrapping ErrRead and the
// reader's own error, with what was read before it.
func TestExtractReaderReadError(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	boom := io.ErrClosedPipe
	md, err := embedmeta.ExtractReader(context.Background(), io.MultiReader(bytes.NewReader(data[:1000]), errReader{boom}))
	require.ErrorIs(t, err, embedmeta.ErrRead)
	require.ErrorIs(t, err, boom)
	require.NotNil(t, md)
	assert.Equal(t, "jpeg", md.Format)
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestTeeDroppedFreesItsGoroutine (issue 17 point 4): a Tee dropped without Close, its
// context never cancelled, does not leave its extraction waiting forever.
func TestTeeDroppedFreesItsGoroutine(t *testing.T) {
	data, err := os.ReadFile(reference + ".jpg")
	require.NoError(t, err)
	before := runtime.NumGoroutine()
	func() {
		for range 20 {
			tee := embedmeta.NewTee(context.Background(), io.Discard)
			_, _ = tee.Write(data[:1000]) // the extraction now waits for more
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, runtime.NumGoroutine(), before, "goroutines of dropped Tees are still running")
}
