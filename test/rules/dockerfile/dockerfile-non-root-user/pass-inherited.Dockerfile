# core-session-manager: the runtime stage creates the user, the final stage builds on it
FROM eclipse-temurin:21-jdk@sha256:7b06484bd2a4da3fd83ada52608cbca37ec8aee4f292cf12d0cbc09e38d9ba64 AS build
WORKDIR /workspace
COPY . .
RUN ./gradlew --no-daemon bootJar

FROM eclipse-temurin:21-jre-alpine@sha256:1d03bbbae037a15fff3e0f8454ae2899dd83be1a702f0ebcaa9c3b752421385a AS runtime
ARG APP_UID=10001
RUN addgroup -g ${APP_UID} app && adduser -D -u ${APP_UID} -G app app
USER ${APP_UID}:${APP_UID}

FROM runtime
COPY --from=build --chown=10001:10001 /workspace/build/libs/core-session-manager.jar /app/app.jar
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
