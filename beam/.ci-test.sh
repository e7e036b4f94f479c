#!/usr/bin/env bash
# Tests of the beam module. It has its own go.mod (the Apache Beam SDK stays out of the core
# module), so the root's `go test ./...` does not enter it: .ci/run calls this script.
# The tests run their pipelines on Prism in process and an S3 API server on loopback: no
# network. Without -race: the Beam SDK under the race detector multiplies the build time,
# and the transforms hold no shared state of their own.
set -euo pipefail
cd "$(dirname "$0")"
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "beam: not gofmt-ed: $unformatted" >&2
  exit 1
fi
go vet ./...
go test ./...
