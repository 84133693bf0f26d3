# core-routing: Chainguard static image, non-root by default
FROM cgr.dev/chainguard/go:latest-dev@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/core-routing ./cmd/core-routing

FROM cgr.dev/chainguard/static@sha256:9ee66587f97886066b8319e0b78f47638fe5d76877542f40caf70cabaae70b1b
COPY --from=builder /out/core-routing /usr/bin/core-routing
ENTRYPOINT ["/usr/bin/core-routing"]
