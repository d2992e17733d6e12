# syntax=docker/dockerfile:1
# ContextGate: build with Maven on a JDK, run on a small JRE as a non-root user.
#   docker build -t contextgate .
#   docker run -p 127.0.0.1:61909:61909 -v contextgate-data:/data -e CONTEXTGATE_ALLOW_OPEN_BIND=true contextgate

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package && cp target/contextgate.jar /contextgate.jar

FROM eclipse-temurin:25-jre-alpine
RUN addgroup -S contextgate && adduser -S -G contextgate -h /home/contextgate contextgate \
    && mkdir -p /data && chown contextgate:contextgate /data
COPY --from=build /contextgate.jar /opt/contextgate/contextgate.jar
USER contextgate
WORKDIR /home/contextgate
# Listens on all interfaces inside the container. ContextGate refuses that without client keys
# (keys: in a mounted config) unless CONTEXTGATE_ALLOW_OPEN_BIND=true says the published port is
# only reachable from the host's loopback (docker run -p 127.0.0.1:61909:61909 ...).
ENV CONTEXTGATE_HOST=0.0.0.0 \
    CONTEXTGATE_PORT=61909 \
    CONTEXTGATE_DATA_DIR=/data \
    CONTEXTGATE_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 61909
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:61909/health || exit 1
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/contextgate/contextgate.jar"]
CMD ["serve"]
