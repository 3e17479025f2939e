#!/usr/bin/env bash
# Runs the benchmarks against the Release build in $1 and writes bench/REPORT.md
# (and bench/results/*.json).
# Each figure is set beside a reference measured in the same run (sqlite3's own .import, R's
# forecast::ets, scikit-learn, popularity and min/max baselines, ...). BENCH_CUSTOMERS sets the
# large-store size (default 1M); BENCH_ONLY=import|large|customers|customers_ml|recommend|
# recommend_serving|forecast|inventory|server|dashboard|experiment_stats|experiments_report|ope|
# incentive|outbox|journeys|pricing runs one
# part and keeps the others' last figures.
set -euo pipefail
build="${1:-build/release}"
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 "$here/run_benchmarks.py" --build "$build" --customers "${BENCH_CUSTOMERS:-1000000}" \
  ${BENCH_ONLY:+--only "$BENCH_ONLY"}
