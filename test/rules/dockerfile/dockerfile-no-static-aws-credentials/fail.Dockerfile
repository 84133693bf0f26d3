# core-ingress-parser: an IAM user's access key shipped with the image
ARG AWS_SECRET_ACCESS_KEY=1Q3mqcHgj9B1UhA5GTpGWFLeI1/g5oLcmb67PIU/

FROM golang:1.22-bookworm@sha256:6b1892776f521fedfbacad26c1c653708c82beccb438dab307abf7c7694b43b5 AS builder
ARG AWS_SESSION_TOKEN
WORKDIR /src
COPY . .
RUN aws configure set aws_access_key_id AKIALC3YDKT6A3AENAPV && \
    aws s3 cp s3://core-ingress-parser-artifacts-111122223333/grammar/v3.bin /src/grammar.bin
RUN CGO_ENABLED=0 go build -o /out/core-ingress-parser ./cmd/core-ingress-parser

FROM gcr.io/distroless/static-debian12:nonroot@sha256:0cb15ac72e8d8cf10b75bd43b16512927b0cee8065bcc3c3ebc957361fcee662
ARG AWS_SECRET_ACCESS_KEY
ENV AWS_REGION=eu-west-1 \
    AWS_ACCESS_KEY_ID=AKIALC3YDKT6A3AENAPV \
    AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}
COPY --chown=65532:65532 deploy/.aws/credentials /home/nonroot/.aws/credentials
COPY --from=builder /out/core-ingress-parser /core-ingress-parser
USER nonroot:nonroot
ENTRYPOINT ["/core-ingress-parser"]
