# core-session-manager: Gradle in the builder, distroless Java 21 at run time
FROM eclipse-temurin:21-jdk@sha256:7b06484bd2a4da3fd83ada52608cbca37ec8aee4f292cf12d0cbc09e38d9ba64 AS build
WORKDIR /workspace
COPY . .
RUN ./gradlew --no-daemon bootJar

FROM gcr.io/distroless/java21-debian12:nonroot@sha256:b82da70e99df4050fe6d31165094cbbc8fac5cac8203a2363f4e1930359197cb
COPY --from=build --chown=65532:65532 /workspace/build/libs/core-session-manager.jar /app/app.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
