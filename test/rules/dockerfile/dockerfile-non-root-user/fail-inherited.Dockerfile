# core-session-manager: the base stage sets UID 0 and the final stage inherits it
FROM eclipse-temurin:21-jre@sha256:1d03bbbae037a15fff3e0f8454ae2899dd83be1a702f0ebcaa9c3b752421385a AS runtime
ARG RUNTIME_UID=0
USER ${RUNTIME_UID}:0
WORKDIR /app

FROM runtime
COPY build/libs/core-session-manager.jar /app/app.jar
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
