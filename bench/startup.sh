#!/usr/bin/env bash
# The start-up cost of the cfscim command (docs/benchmarks.md, "Start-up"): `cfscim --version`, and
# `cfscim plan` on the 5 users of examples/ against the emulator (5 requests, "Plan: 14 to add"), each
# run as `java -jar operator/target/cfscim.jar`, as the launcher operator/target/cfscim without its
# class-data-sharing archive (CFSCIM_CDS=off), and as the launcher with it; with OLD_JAR, also as
# `java -jar OLD_JAR` (an earlier build). The variants take turns, run after run, so that a machine
# whose load changes affects each alike; each line gives the median wall time and the median CPU time
# (user + system, of the JVM and the launcher) over RUNS runs. Needs the build (mvn -B -q package
# -DskipTests) and python3; about 2 minutes at 15 runs.
#
#   bash bench/startup.sh [RUNS [OLD_JAR]]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
old_jar=${2:-}
repo=$(pwd -P)
account=023e105f4ecef8ad9ca31a8372d0c353
log=$(mktemp)
java -jar emulator/target/cloudflare-scim-emulator.jar --port 0 --account-id $account --token startup-token \
    --super-admin owner@example.com --rate-limit off >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q '^SCIM base URL: ' "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "emulator exited early"; exit 1; }
  sleep 0.1
done
export CLOUDFLARE_API_TOKEN=startup-token ENDPOINT REPO=$repo RUNS=$runs OLD_JAR=$old_jar
ENDPOINT=$(sed -n 's/^SCIM base URL: //p' "$log")
echo "$(java -version 2>&1 | head -n 1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - <<'PY'
import os, resource, statistics, subprocess, time
repo, runs, old = os.environ["REPO"], int(os.environ["RUNS"]), os.environ["OLD_JAR"]
jar, launcher = f"{repo}/operator/target/cfscim.jar", f"{repo}/operator/target/cfscim"
plan = ["plan", "-f", f"{repo}/examples", "--endpoint", os.environ["ENDPOINT"]]
ways = [("java -jar cfscim.jar", ["java", "-jar", jar], {}),
        ("cfscim, no archive (CFSCIM_CDS=off)", [launcher], {"CFSCIM_CDS": "off"}),
        ("cfscim", [launcher], {})]
if old:
    ways.insert(0, ("java -jar OLD_JAR", ["java", "-jar", old], {}))
variants = [(f"{name} {label}", cmd + args, env) for label, args in (("--version", ["--version"]), ("plan", plan))
            for name, cmd, env in ways]
times = {name: ([], []) for name, _, _ in variants}
for i in range(runs + 1):  # the first round warms the page cache and is not counted
    for name, cmd, env in variants:
        before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        done = subprocess.run(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"{name}: exit {done.returncode}")
        if i:
            times[name][0].append(wall)
            times[name][1].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
print("| command | wall (median) | CPU (median) |\n|---|---|---|")
for name, (wall, cpu) in times.items():
    print(f"| {name} | {statistics.median(wall):.2f} s | {statistics.median(cpu):.2f} s |")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
