# Multi-stage build of the gateway image: the JDK builds, a JRE runs, as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY gateway/pom.xml gateway/
RUN ./mvnw -q -B -pl gateway -am dependency:go-offline
COPY gateway/src gateway/src
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 portcullis && useradd --system --uid 10001 --gid 10001 portcullis
COPY --from=build /src/gateway/target/portcullis.jar /app/portcullis.jar
COPY bin/portcullis /app/bin/portcullis
# The launcher's defaults, then these (docker run -e JAVA_OPTS=... replaces them).
ENV PORTCULLIS_JAR=/app/portcullis.jar PORTCULLIS_CDS_DIR=/app/cds JAVA_OPTS="-XX:MaxRAMPercentage=75"
# Training step: the gateway starts once with the example policy (in-memory stores, no port opened) and its loaded
# classes become the CDS archive in /app/cds, so containers start from it without writing anything.
COPY policy /tmp/training-policy
RUN PORTCULLIS_POLICY_DIR=/tmp/training-policy /app/bin/portcullis cds && rm -rf /tmp/training-policy
USER 10001:10001
ENV PORTCULLIS_POLICY_DIR=/policy
EXPOSE 8080
ENTRYPOINT ["/app/bin/portcullis"]
