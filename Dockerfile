# The operator image: `cfscim operator` on a small Java 17 runtime, as a non-root user.
#
# Build the jar first, then the image, from the repository root:
#   mvn -B package -DskipTests
#   docker build -t ghcr.io/cfscim/cloudflare-scim-operator:0.1.0 .
# (No multi-stage build: the jar is built by Maven outside the image. This file is not built by the
# project's own CI, which has no container engine.) Releases build the same image without a Docker
# daemon, with Jib (operator/pom.xml, .github/workflows/release.yml); ReleasePathTest keeps the two alike.
FROM eclipse-temurin:17-jre

# The jar stays owned by root: the user below can read it, not change it.
WORKDIR /app
COPY operator/target/cfscim.jar /app/cfscim.jar

# A numeric non-root user (the chart's runAsUser), so that the kubelet can verify runAsNonRoot.
USER 65532:65532

# /healthz, /readyz and /metrics (--http-port).
EXPOSE 8080

# The root filesystem can be read-only: the JVM writes only to /tmp (an emptyDir in the chart).
ENTRYPOINT ["java", "-jar", "/app/cfscim.jar"]
CMD ["operator"]
