# core-session-manager: secrets baked into the image
ARG NPM_TOKEN
ARG DB_PASSWORD=s3ss10n-Pg!2024

FROM eclipse-temurin:21-jdk@sha256:7b06484bd2a4da3fd83ada52608cbca37ec8aee4f292cf12d0cbc09e38d9ba64 AS build
ARG NPM_TOKEN
ARG GITHUB_TOKEN
WORKDIR /workspace
COPY . .
RUN ./gradlew --no-daemon bootJar

FROM gcr.io/distroless/java21-debian12:nonroot@sha256:b82da70e99df4050fe6d31165094cbbc8fac5cac8203a2363f4e1930359197cb
ARG DB_PASSWORD
ENV SPRING_PROFILES_ACTIVE=eks \
    SPRING_DATASOURCE_PASSWORD=${DB_PASSWORD} \
    SESSION_SIGNING_KEY=GFXVVN0yDrYtnVZw61fPIS8RItaluvOC \
    REDIS_URL=rediss://default:W7wKnaUO6fho0rMR7LxW7vDM@core-session.abc123.euw1.cache.amazonaws.com:6379
ENV REDIS_AUTH_TOKEN changeme-in-prod
COPY --from=build /workspace/build/libs/core-session-manager.jar /app/app.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
