package extract

import (
	"bytes"
	"context"
	"testing"
)

// TestReadPassing: a stream scanned forward with ReadPassing returns the bytes and keeps
// only its window; bytes behind the window are gone; a file is read with ReadAt.
func TestReadPassing(t *testing.T) {
	data := make([]byte, 4<<20)
	for i := range data {
		data[i] = byte(i * 7)
	}
	s := NewStream(context.Background(), bytes.NewReader(data), Limits{})
	defer s.Close()
	buf := make([]byte, 4096)
	for off := 0; off < len(data); off += len(buf) {
		if !ReadPassing(s, buf, int64(off)) || !bytes.Equal(buf, data[off:off+len(buf)]) {
			t.Fatalf("ReadPassing at %d", off)
		}
	}
	if r := s.Retained(); r > 2*windowSize {
		t.Errorf("the stream kept %d bytes", r)
	}
	if ReadPassing(s, buf, 0) {
		t.Error("bytes behind the window were read")
	}
	if ReadPassing(s, buf, int64(len(data))) || !s.Has(int64(len(data))) || s.Has(int64(len(data))+1) {
		t.Error("the end")
	}
	if !ReadPassing(Bytes(data), buf, 100) || !bytes.Equal(buf, data[100:100+len(buf)]) || ReadPassing(Bytes(data), buf, int64(len(data))-1) {
		t.Error("in-memory input")
	}
}
