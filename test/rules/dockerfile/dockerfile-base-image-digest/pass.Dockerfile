# syntax=docker/dockerfile:1.7
# core-routing: Go build, shipped on distroless as nonroot
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/core-routing ./cmd/core-routing

FROM builder AS test
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0cb15ac72e8d8cf10b75bd43b16512927b0cee8065bcc3c3ebc957361fcee662
COPY --from=builder --chown=65532:65532 /out/core-routing /core-routing
COPY --from=ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28@sha256:a6d0ca4fe60805d8fad3bcebada79c5280089361967647373555a823363ae3d1 /ko-app/grpc-health-probe /bin/grpc_health_probe
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/core-routing"]
