# core-ingress-parser: runtime image chosen at build time, no USER
ARG RUNTIME_IMAGE

FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/core-ingress-parser ./cmd/core-ingress-parser

FROM ${RUNTIME_IMAGE}
COPY --from=builder /out/core-ingress-parser /core-ingress-parser
ENTRYPOINT ["/core-ingress-parser"]
