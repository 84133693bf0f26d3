# core-ingress-parser: tags only, no digests
FROM golang:1.22-bookworm AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/core-ingress-parser ./cmd/core-ingress-parser

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/core-ingress-parser /core-ingress-parser
COPY --from=ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28 /ko-app/grpc-health-probe /bin/grpc_health_probe
USER nonroot:nonroot
ENTRYPOINT ["/core-ingress-parser"]
