# syntax=docker/dockerfile:1.7
# core-session-manager: secrets come from BuildKit secrets at build time and mounted files at run time
ARG JAVA_VERSION=21
FROM eclipse-temurin:${JAVA_VERSION}-jdk@sha256:7b06484bd2a4da3fd83ada52608cbca37ec8aee4f292cf12d0cbc09e38d9ba64 AS build
ARG GRADLE_OPTS="-Dorg.gradle.daemon=false"
WORKDIR /workspace
COPY . .
RUN --mount=type=secret,id=codeartifact_token,env=CODEARTIFACT_AUTH_TOKEN ./gradlew bootJar

FROM gcr.io/distroless/java21-debian12:nonroot@sha256:b82da70e99df4050fe6d31165094cbbc8fac5cac8203a2363f4e1930359197cb
ENV SPRING_PROFILES_ACTIVE=eks \
    SERVER_PORT=8080 \
    REDIS_HOST=core-session-redis.core.svc.cluster.local \
    REDIS_PASSWORD_FILE=/etc/secrets/redis/password \
    SESSION_TOKEN_TTL=30m \
    DB_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:111122223333:secret:core-session-manager/db \
    API_TOKEN=REPLACE_ME
COPY --from=build /workspace/build/libs/core-session-manager.jar /app/app.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
