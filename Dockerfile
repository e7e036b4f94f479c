# The embedmeta image: the HTTP service (embedmeta-serve) as its entry point, the CLI
# (embedmeta) beside it. Both are static (CGO_ENABLED=0) binaries built by .ci/build, the
# build CI runs; the runtime image is distroless/static (no shell, no libc), run as a
# numeric non-root user.
#
#   docker build -t embedmeta .
#   docker build --build-arg VERSION=v0.5.0 -t embedmeta:v0.5.0 .   # what -version prints
#
#   docker run --rm -p 8080:8080 embedmeta            # the service, on 0.0.0.0:8080
#   curl -F file=@testdata/IPTC-PhotometadataRef-Std2019.1.jpg http://127.0.0.1:8080/v1/extract
#   docker run --rm -p 8080:8080 -e EMBEDMETA_MAX_BYTES=1073741824 embedmeta   # flags as variables
#
#   docker run --rm -i --entrypoint /usr/local/bin/embedmeta embedmeta - < photo.jpg          # the CLI, on stdin
#   docker run --rm -v "$PWD/testdata:/data:ro" --entrypoint /usr/local/bin/embedmeta embedmeta --facts /data/IPTC-PhotometadataRef-Std2019.1.jpg
#   docker run --rm -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY --entrypoint /usr/local/bin/embedmeta embedmeta -r s3://bucket/photos/   # objects (embedmeta-cloud)

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
# The modules first, so that a source change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=
RUN OUT=/out VERSION="${VERSION}" ./.ci/build

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/embedmeta /out/embedmeta-cloud /out/embedmeta-serve /usr/local/bin/
# distroless's nonroot user, by number so that runAsNonRoot can check it.
USER 65532:65532
# The service's default address is 127.0.0.1:8080, unreachable from outside a container.
ENV EMBEDMETA_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/embedmeta-serve"]
