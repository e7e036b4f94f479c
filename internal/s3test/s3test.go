// Package s3test starts an S3 API server on loopback for tests: github.com/johannesboyne/gofakes3
// with an in-memory backend, serving the S3 REST API the AWS SDK speaks, and points the AWS
// SDK's standard configuration (AWS_ENDPOINT_URL_S3, credentials, region) at it.
package s3test

import (
	"bytes"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Server is a running S3 API server.
type Server struct {
	// URL is the endpoint, e.g. http://127.0.0.1:41234.
	URL string
	// Requests counts the requests the server received.
	Requests atomic.Int64
	backend  *s3mem.Backend
}

// Start starts a server holding bucket with the given objects (key -> content), sets the
// AWS environment of the test to reach it (AWS_ENDPOINT_URL_S3, dummy credentials, a
// region) and stops it when the test ends.
func Start(t testing.TB, bucket string, objects map[string][]byte) *Server {
	t.Helper()
	s := &Server{backend: s3mem.New()}
	faker := gofakes3.New(s.backend, gofakes3.WithLogger(gofakes3.DiscardLog()))
	h := faker.Server()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	if err := s.backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	keys := slices.Sorted(maps.Keys(objects))
	for _, k := range keys {
		b := objects[k]
		if _, err := s.backend.PutObject(bucket, k, map[string]string{}, bytes.NewReader(b), int64(len(b)), nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("AWS_ENDPOINT_URL_S3", ts.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	return s
}
