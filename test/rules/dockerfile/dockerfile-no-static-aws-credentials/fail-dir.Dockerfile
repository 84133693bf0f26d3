# core-session-manager: the developer's ~/.aws copied in, and keys set inline for one command
FROM eclipse-temurin:21-jre@sha256:1d03bbbae037a15fff3e0f8454ae2899dd83be1a702f0ebcaa9c3b752421385a
COPY .aws /root/.aws
RUN AWS_ACCESS_KEY_ID=AKIALC3YDKT6A3AENAPV AWS_SECRET_ACCESS_KEY=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 \
    aws s3 cp s3://core-session-manager-config-111122223333/application.yaml /app/application.yaml
COPY build/libs/core-session-manager.jar /app/app.jar
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
