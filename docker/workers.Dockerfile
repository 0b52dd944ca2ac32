# syntax=docker/dockerfile:1
# The workers image (Temporal workers, Kafka consumers). Built by docker-compose.yml with the
# repository root as context.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
# The cache mount keeps ~/.m2 between builds, so a source change does not download the world.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -pl workers -am package -DskipTests

FROM eclipse-temurin:17.0.16_8-jre
RUN groupadd --gid 10001 app \
 && useradd --uid 10001 --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
# The module's pom copies its runtime dependencies to target/lib at package.
COPY --from=build /build/workers/target/workers-0.1.0-SNAPSHOT.jar app.jar
COPY --from=build /build/workers/target/lib/ lib/
USER 10001:10001
# /metrics for Prometheus.
EXPOSE 8002
# The heap gets 60 % of the container's memory: the rest of the process (metaspace, code cache,
# threads, GC and direct buffers) took about 250 MiB beside a full 512 MiB heap in the bench, so
# at the chart's 768Mi limit 75 % (576 MiB) could reach the limit and 60 % (460 MiB) leaves ~55 MiB.
ENTRYPOINT ["java", "-Duser.timezone=UTC", "-XX:MaxRAMPercentage=60", "-cp", "app.jar:lib/*", "io.catalog.workers.WorkersMain"]
