# core-ingress-parser: the distroless :nonroot tag already runs as 65532
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/core-ingress-parser ./cmd/core-ingress-parser

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0cb15ac72e8d8cf10b75bd43b16512927b0cee8065bcc3c3ebc957361fcee662
COPY --from=builder /out/core-ingress-parser /core-ingress-parser
ENTRYPOINT ["/core-ingress-parser"]
