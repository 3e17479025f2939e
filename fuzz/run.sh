#!/usr/bin/env bash
# Runs every libFuzzer target of a MERCATO_FUZZ build in turn and lists what they found.
# Usage: fuzz/run.sh BUILD_DIR [SECONDS per target, default 60]; FUZZ_TARGETS="a b" picks targets,
# FUZZ_ARGS adds libFuzzer flags. Exits non-zero when a crash, timeout, OOM or leak was found.
set -euo pipefail

build=$(cd "${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS]}" && pwd)
seconds=${2:-60}
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
runs=$build/fuzz-runs
found=0

shopt -s nullglob
targets=${FUZZ_TARGETS:-$(cd "$build/fuzz" && for f in *_fuzzer; do echo "${f%_fuzzer}"; done)}
for target in $targets; do
  fuzzer=$build/fuzz/${target}_fuzzer
  work=$runs/$target
  # The fuzzer grows a working copy of the seeds (the repository's corpus is never written);
  # the previous run's artifacts are replaced.
  rm -rf "$work/artifacts"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp -n "$fuzz_dir/corpus/$target/"* "$work/corpus/" 2>/dev/null || true
  echo "== $target: ${seconds} s (log: $work/log)"
  # shellcheck disable=SC2086  # FUZZ_ARGS holds several flags
  "$fuzzer" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" ${FUZZ_ARGS:-} "$work/corpus" \
    >"$work/log" 2>&1 || true
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::number_of_executed_units|^Done ' "$work/log" | tail -n 3 |
    sed 's/^/   /'
  for artifact in "$work/artifacts/"{crash,timeout,oom,leak}-*; do
    found=1
    echo "   FOUND $(basename "$artifact") ($(stat -c %s "$artifact") bytes)"
    grep -m 3 -E 'ERROR: |fuzz invariant broken|runtime error' "$work/log" | sed 's/^/     /' || true
    echo "     reproduce: $fuzzer $artifact"
    echo "     minimize:  $fuzzer -minimize_crash=1 -runs=10000 $artifact"
  done
done
exit "$found"
