#!/usr/bin/env bash
# Measures how many webhooks per second the Shopify emulator pushes to a local receiver.
# Usage: [JAVA=/path/to/java] bench/emulator-webhooks.sh [count]   (default 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests -pl shopify-emulator -am install >/dev/null
./mvnw -B -q -pl shopify-emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
cd shopify-emulator
"${JAVA:-java}" -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
  dev.tributary.emulator.WebhookThroughputBenchmark "${1:-50000}"
