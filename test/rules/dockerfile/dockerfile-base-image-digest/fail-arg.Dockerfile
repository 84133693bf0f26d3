# core-session-manager: base images chosen by build arguments
ARG BUILDER_IMAGE=maven:3.9-eclipse-temurin-21
ARG RUNTIME_IMAGE

FROM ${BUILDER_IMAGE} AS build
WORKDIR /workspace
COPY pom.xml .
COPY src src
RUN mvn -B -q package -DskipTests

FROM ${RUNTIME_IMAGE}
COPY --from=build /workspace/target/core-session-manager.jar /app/core-session-manager.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/app/core-session-manager.jar"]
