# core-session-manager: single stage, ships the whole JDK and Gradle cache
FROM eclipse-temurin:21-jdk@sha256:7b06484bd2a4da3fd83ada52608cbca37ec8aee4f292cf12d0cbc09e38d9ba64
WORKDIR /workspace
COPY . .
RUN ./gradlew --no-daemon bootJar
USER 10001:10001
ENTRYPOINT ["java", "-jar", "build/libs/core-session-manager.jar"]
