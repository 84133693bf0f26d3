# core-routing: built and run in the full golang image
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/core-routing ./cmd/core-routing

FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5
COPY --from=builder /out/core-routing /usr/local/bin/core-routing
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/core-routing"]
