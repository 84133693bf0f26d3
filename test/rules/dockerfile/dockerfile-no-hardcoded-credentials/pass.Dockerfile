# syntax=docker/dockerfile:1.7
# core-routing: private modules and artifacts fetched with BuildKit secrets, nothing left in the image
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
ENV GOPRIVATE=github.com/example-platform/* \
    GOFLAGS=-mod=readonly
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN \
    git config --global url."https://x-access-token:${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/" && \
    go mod download
RUN --mount=type=secret,id=artifacts_token \
    curl -fsSL -H "Authorization: Bearer $(cat /run/secrets/artifacts_token)" \
      https://artifacts.example.com/core-routing/geoip.mmdb -o /src/data/geoip.mmdb
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.version=1.8.2" -o /out/core-routing ./cmd/core-routing

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0cb15ac72e8d8cf10b75bd43b16512927b0cee8065bcc3c3ebc957361fcee662
ENV AWS_REGION=eu-west-1 \
    AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
COPY --from=builder /out/core-routing /core-routing
USER nonroot:nonroot
ENTRYPOINT ["/core-routing", "--admin-password-file=/etc/secrets/admin/password", "--listen=:8080"]
