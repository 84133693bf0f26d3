# core-ingress-parser: a shared Ubuntu base stage, and the final stage builds on it
ARG UBUNTU=ubuntu:24.04@sha256:062061aa8dcaa5cf99b2deabbd4f3ac94972ac0fdfefb895b39943346b7a8b8d

FROM ${UBUNTU} AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libmagic1 && rm -rf /var/lib/apt/lists/*
RUN useradd --uid 10001 parser

FROM base AS build
RUN apt-get update && apt-get install -y --no-install-recommends golang-go
COPY . /src
RUN cd /src && go build -o /out/core-ingress-parser ./cmd/core-ingress-parser

FROM base
COPY --from=build /out/core-ingress-parser /usr/local/bin/core-ingress-parser
USER 10001
ENTRYPOINT ["/usr/local/bin/core-ingress-parser"]
