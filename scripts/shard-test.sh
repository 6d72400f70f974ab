#!/usr/bin/env bash
# Runs the built-in Kanuma batch and a Monte Carlo analysis as 4 shards with GNU parallel, as a
# cluster would, merges the parts and checks that the result is the unsharded run, byte for byte.
#
#   scripts/shard-test.sh [BINARY]      (default: target/debug/shisetsu)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/shisetsu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
k=scenarios/kanuma
check() {
  local name=$1
  shift
  "$bin" "$@" > "$work/$name.whole"
  parallel --halt now,fail=1 "$bin" "$@" --shard {}/4 --output "$work/$name.part{}" ::: 1 2 3 4
  "$bin" merge "$work/$name".part{1,2,3,4} --output "$work/$name.merged"
  cmp "$work/$name.whole" "$work/$name.merged"
  echo "same bytes: $name"
}
check run-json run $k --format json
check run-csv run $k --format csv --unit oku --excel
check run-csv-facilities run $k --format csv-facilities
check montecarlo-json montecarlo $k/condition.toml --runs 200 --seed 3 --format json
check montecarlo-table montecarlo $k/baseline.toml --runs 200 --seed 3
