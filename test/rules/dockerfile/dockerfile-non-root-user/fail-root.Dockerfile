# core-ingress-parser: switches back to root to install a package and never leaves
FROM python:3.12-slim@sha256:062061aa8dcaa5cf99b2deabbd4f3ac94972ac0fdfefb895b39943346b7a8b8d
RUN useradd --uid 10001 --create-home parser
USER parser
COPY --chown=10001:10001 . /srv/core-ingress-parser
USER root
RUN apt-get update && apt-get install -y --no-install-recommends libmagic1 && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["python", "-m", "core_ingress_parser"]
