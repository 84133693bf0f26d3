# core-routing: quick image someone pushed from a laptop
FROM golang AS builder
WORKDIR /src
COPY . .
RUN go build -o /out/core-routing ./cmd/core-routing

FROM alpine:latest
COPY --from=builder /out/core-routing /usr/local/bin/core-routing
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/core-routing"]
