package cliapp

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCLILinksNoServiceOrCloud: embedmeta starts fast because it links neither the
// service's packages (client_golang) nor the object-storage stack (gocloud.dev, the cloud
// SDKs, gRPC): embedmeta-serve and embedmeta-cloud do, and embedmeta runs them.
func TestCLILinksNoServiceOrCloud(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	deps := func(pkg string) string {
		out, err := exec.Command(goCmd, "list", "-deps", pkg).Output()
		require.NoError(t, err)
		return string(out)
	}
	cli := deps("github.com/embedmeta/embedmeta/cmd/embedmeta")
	for _, heavy := range []string{"gocloud.dev/", "github.com/aws/", "cloud.google.com/", "github.com/Azure/",
		"google.golang.org/grpc", "github.com/prometheus/", "github.com/embedmeta/embedmeta/remote\n"} {
		assert.NotContains(t, cli, heavy, "embedmeta links %s", strings.TrimSpace(heavy))
	}
	cloud := deps("github.com/embedmeta/embedmeta/cmd/embedmeta-cloud")
	for _, driver := range []string{"gocloud.dev/blob/s3blob", "gocloud.dev/blob/gcsblob", "gocloud.dev/blob/azureblob"} {
		assert.Contains(t, cloud, driver)
	}
}
