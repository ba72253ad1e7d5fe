# One Dockerfile for both services: docker build --build-arg MODULE=api (or worker) -f docker/app.Dockerfile .
# Build stage: the whole reactor, tests skipped (CI runs them); run stage: a JRE, the jar and its lib/ folder.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY shared-schema shared-schema
COPY embedded-stack embedded-stack
COPY api api
COPY worker worker
COPY local-run/pom.xml local-run/pom.xml
ARG MODULE
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip -pl ${MODULE} -am package \
 && mkdir /app && cp ${MODULE}/target/${MODULE}-*.jar /app/app.jar && cp -r ${MODULE}/target/lib /app/lib

FROM eclipse-temurin:17.0.15_6-jre-jammy
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 darkroom
COPY --from=build /app /app
USER darkroom
WORKDIR /app
# Container-aware heap: a share of the container's memory limit, not of the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dlogback.configurationFile=logback-json.xml"
EXPOSE 8080
# exec form: the JVM is PID 1 and receives SIGTERM directly, so Micronaut's graceful shutdown runs
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
