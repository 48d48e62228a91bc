#!/usr/bin/env bash
# The benchmark: ingest, end to end, durable writes, footprint and polling on SQLite, PostgreSQL or both;
# the report opens with the issue 14 targets table.
# Usage: bench/run.sh [sqlite|postgresql|both] [--seconds=10] [--connections=64]
#        bench/run.sh [sqlite|postgresql|both] --only=polling [--poll-orders=10000] (a poll of a shop
#        with 10,000 changed orders, alone and beside ingest; about 3 min per engine)
#        bench/run.sh cluster [--seconds=10] [--connections=64] [--warm-up=30] (1, 2 and 3 server
#        processes on one PostgreSQL database, the generator spreading its connections over them:
#        ingest max, end to end, CPU per webhook per node and PostgreSQL's, then ordering object vs none; about 6 min)
# Environment: JAVA (default: java on PATH) runs both the server and the generator;
# BENCH_PG_HOST (default 127.0.0.1:5432), user postgres, BENCH_PG_PASSWORD if not trust.
# Writes bench/results/<UTC time>/report.md (cluster: and cluster/node-N.log), and per engine the server log, the JFR recording of
# the max ingest run and its summary. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
engine=both
if [[ $# -gt 0 && $1 != --* ]]; then
  engine=$1
  shift
fi
java="${JAVA:-java}"

server_jar=tributary-server/target/tributary-server.jar
bench_jar=bench/target/tributary-bench.jar
# Build when a jar is missing or any source or POM is newer than it.
if [[ ! -f $server_jar || ! -f $bench_jar ]] \
    || [[ -n $(find pom.xml */pom.xml */src/main -newer "$server_jar" -type f -print -quit) ]] \
    || [[ -n $(find pom.xml */pom.xml */src/main -newer "$bench_jar" -type f -print -quit) ]]; then
  echo "Building the jars (./mvnw -q -DskipTests package)..."
  ./mvnw -B -q -DskipTests package
fi

out="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
exec "$java" -Xmx256m -jar "$bench_jar" --engine="$engine" --server-jar="$server_jar" --java="$(readlink -f "$(command -v "$java")")" \
  --out="$out" "$@"
