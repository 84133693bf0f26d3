# syntax=docker/dockerfile:1.7
# core-session-manager: Gradle build, distroless Java runtime; images pinned in ARG defaults
ARG JDK_IMAGE=eclipse-temurin:21-jdk@sha256:7b06484bd2a4da3fd83ada52608cbca37ec8aee4f292cf12d0cbc09e38d9ba64
ARG RUNTIME_IMAGE=gcr.io/distroless/java21-debian12:nonroot@sha256:b82da70e99df4050fe6d31165094cbbc8fac5cac8203a2363f4e1930359197cb

FROM ${JDK_IMAGE} AS build
WORKDIR /workspace
COPY gradlew settings.gradle.kts build.gradle.kts ./
COPY gradle gradle
COPY src src
RUN ./gradlew --no-daemon bootJar && cp build/libs/core-session-manager.jar /app.jar

FROM scratch AS sbom
COPY --from=build /workspace/build/reports/sbom.json /

FROM $RUNTIME_IMAGE
COPY --from=build --chown=65532:65532 /app.jar /app/core-session-manager.jar
USER 65532:65532
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/core-session-manager.jar"]
