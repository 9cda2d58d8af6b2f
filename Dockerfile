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
USER 10001:10001
ENV PORTCULLIS_POLICY_DIR=/policy
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/portcullis.jar"]
