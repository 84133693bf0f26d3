# core-routing: static binary on scratch, but scratch has no user: UID 0
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/core-routing ./cmd/core-routing

FROM scratch
COPY --from=builder /out/core-routing /core-routing
ENTRYPOINT ["/core-routing"]
