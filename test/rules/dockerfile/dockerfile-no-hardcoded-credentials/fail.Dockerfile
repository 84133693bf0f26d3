# core-routing: tokens pasted into the Dockerfile
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
ENV GOPRIVATE=github.com/example-platform/*
RUN git config --global url."https://x-access-token:ghp_W7wKnaUO6fho0rMR7LxW7vDM43KVQX0oimeg@github.com/".insteadOf "https://github.com/"
WORKDIR /src
COPY . .
RUN curl -fsSL -H "Authorization: Bearer IQieioRr3VDvq5wDMzF9Ve4dCqrgC8kD4es3EOYy" \
      https://artifacts.example.com/core-routing/geoip.mmdb -o /src/data/geoip.mmdb && \
    CGO_ENABLED=0 go build -o /out/core-routing ./cmd/core-routing

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0cb15ac72e8d8cf10b75bd43b16512927b0cee8065bcc3c3ebc957361fcee662
ADD https://ci-reader:Q8v2Lm4Zx9Rt7Kp1@artifacts.example.com/core-routing/routes.yaml /etc/core-routing/routes.yaml
ENV ALERT_WEBHOOK_URL=https://hooks.slack.com/services/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
ENV DB_PASSWORD=hunter2-routing
COPY --from=builder /out/core-routing /core-routing
USER nonroot:nonroot
ENTRYPOINT ["/core-routing", "--admin-password", "Rout1ng-Adm1n"]
