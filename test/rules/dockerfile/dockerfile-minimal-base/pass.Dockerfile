# syntax=docker/dockerfile:1.7
# core-routing: the full Go toolchain only in the builder; the final image is distroless
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/core-routing ./cmd/core-routing

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0cb15ac72e8d8cf10b75bd43b16512927b0cee8065bcc3c3ebc957361fcee662
COPY --from=builder /out/core-routing /core-routing
USER nonroot:nonroot
ENTRYPOINT ["/core-routing"]
