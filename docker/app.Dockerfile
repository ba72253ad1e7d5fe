# One Dockerfile for both services: docker build --build-arg MODULE=api (or worker) -f docker/app.Dockerfile .
# Build stage: the whole reactor, tests skipped (CI runs them); run stage: a JRE, the jar and its lib/ folder.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY .mvn .mvn
COPY shared-schema shared-schema
COPY embedded-stack embedded-stack
COPY test-kit test-kit
COPY egress egress
COPY api api
COPY worker worker
COPY local-run/pom.xml local-run/pom.xml
COPY ops-check/pom.xml ops-check/pom.xml
ARG MODULE
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -Dspotless.check.skip -pl ${MODULE} -am package \
 && mkdir /app && cp ${MODULE}/target/${MODULE}-*.jar /app/app.jar && cp -r ${MODULE}/target/lib /app/lib

# Debian's OpenJDK, not a JRE that bundles its own codecs: its JPEG decoder is the distribution's libjpeg-turbo
# (security updates with apt). The worker decodes JPEG through libjpeg-turbo's TurboJPEG library (libturbojpeg0,
# the same source package), with shrink-on-load; those are the only native code that ever parses uploaded bytes,
# and only after the header checks. Temurin bundles an old IJG libjpeg instead.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless libjpeg62-turbo libturbojpeg0 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 darkroom
COPY --from=build /app /app
USER darkroom
WORKDIR /app
# Container-aware heap: a share of the container's memory limit, not of the host's. The rest holds the JVM's own
# memory and libjpeg-turbo's buffers (the worker's memory budget counts them); two malloc arenas keep those
# buffers, freed after every image, from fragmenting into one arena per thread.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Dlogback.configurationFile=logback-json.xml" \
    MALLOC_ARENA_MAX=2
EXPOSE 8080
# exec form: the JVM is PID 1 and receives SIGTERM directly, so Micronaut's graceful shutdown runs
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
