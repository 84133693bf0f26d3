# syntax=docker/dockerfile:1.7
# core-ingress-parser: pulls a model from S3 with short-lived CI credentials mounted for one step; runs on IRSA
FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
WORKDIR /src
COPY . .
RUN --mount=type=secret,id=aws,target=/root/.aws/credentials \
    aws s3 cp s3://core-ingress-parser-artifacts-111122223333/grammar/v3.bin /src/grammar.bin
RUN CGO_ENABLED=0 go build -o /out/core-ingress-parser ./cmd/core-ingress-parser

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0cb15ac72e8d8cf10b75bd43b16512927b0cee8065bcc3c3ebc957361fcee662
ENV AWS_REGION=eu-west-1 \
    AWS_STS_REGIONAL_ENDPOINTS=regional \
    AWS_ROLE_ARN=arn:aws:iam::111122223333:role/core-ingress-parser-sa-role \
    AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
COPY --from=builder /out/core-ingress-parser /core-ingress-parser
COPY config/aws/config /home/nonroot/.aws/config
USER nonroot:nonroot
ENTRYPOINT ["/core-ingress-parser"]
