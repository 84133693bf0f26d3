# core-ingress-parser: needs libmagic at run time, so a slim Debian base
FROM debian:bookworm-slim@sha256:062061aa8dcaa5cf99b2deabbd4f3ac94972ac0fdfefb895b39943346b7a8b8d
RUN apt-get update && apt-get install -y --no-install-recommends libmagic1 ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --chown=10001:10001 dist/core-ingress-parser /usr/local/bin/core-ingress-parser
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/core-ingress-parser"]
