#!/bin/sh
# Run by the build (operator/pom.xml, package phase, after the shaded jar): puts the launcher
# target/cfscim beside target/cfscim.jar, then makes target/cfscim.jsa, a dynamic class-data-sharing
# archive of the classes a `cfscim plan` loads, for the launcher to map at start (docs/benchmarks.md,
# "Start-up").
#
#   sh make-launcher.sh TARGET_DIR JAVA EXAMPLES_DIR
#
# The archive is made by one training run: `cfscim plan -f examples/` against a port where nothing
# listens (parsing, validation, the CLI and the HTTP client load; it ends "no answer", exit 1, which
# is expected). The archive records the jar's path, size and time and the JVM that made it: the
# launcher uses it from this same path with the same Java, and the JVM skips it otherwise. A
# training run that fails leaves no archive, and the launcher then starts without one.
set -eu
target=$(cd "$1" && pwd -P)
java=$2
examples=$3
here=$(cd "$(dirname "$0")" && pwd -P)

cp "$here/cfscim" "$target/cfscim"
chmod 755 "$target/cfscim"

rm -f "$target/cfscim.jsa"
CLOUDFLARE_API_TOKEN=cds-training "$java" -XX:ArchiveClassesAtExit="$target/cfscim.jsa" \
  -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$target/cfscim.jar" \
  plan -f "$examples" --endpoint http://127.0.0.1:9/client/v4/accounts/0/scim/v2 >/dev/null 2>&1 || true
if [ -f "$target/cfscim.jsa" ]; then
  echo "cfscim launcher: $target/cfscim, with its class-data-sharing archive cfscim.jsa"
else
  echo "cfscim launcher: $target/cfscim (no class-data-sharing archive: the training run made none)"
fi
