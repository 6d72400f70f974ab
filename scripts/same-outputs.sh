#!/usr/bin/env bash
# Checks that the working tree prints the same bytes as a base revision: every output of the built-in
# data (the main job, `run` in every format, `report`, `explain`, `compare`, `montecarlo`, `project`)
# and the whole answer (standard output, standard error, exit status) of `validate`, `run` and
# `project` on every invalid-scenario and bad-input fixture under tests/fixtures/, and `project` of a
# generated inventory of 1,000,000 buildings (a buildings CSV in file order and reversed, and a
# folder); then the working tree's outputs at 1 and at 2 threads.
#
#   scripts/same-outputs.sh [BASE_REV]
#
# BASE_REV defaults to the merge-base of HEAD with `main`. The base is exported (git archive) into
# target/same-outputs/base-src and built there with its own target folder, so a second run against the
# same base builds nothing; the working tree is built with `cargo build --release`. Both binaries run
# from the root of the working tree on the same input files, so only the code differs. Exits 1 and
# names every case that differs; the outputs stay in target/same-outputs/out/{base,new}/ for `diff`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

base_rev=$(git rev-parse --verify "${1:-$(git merge-base HEAD main)}^{commit}")
work=$root/target/same-outputs
base_src=$work/base-src

echo "== base $base_rev"
if [ "$(cat "$work/base-rev" 2>/dev/null || true)" != "$base_rev" ]; then
  rm -rf "$base_src"
  mkdir -p "$base_src"
  git archive "$base_rev" | tar -x -C "$base_src"
  echo "$base_rev" > "$work/base-rev"
fi
(cd "$base_src" && CARGO_TARGET_DIR="$work/base-target" cargo build --release --quiet)
echo "== working tree"
cargo build --release --quiet

rm -rf "$work/out"
mkdir -p "$work/out/base" "$work/out/new"
bins=("$work/base-target/release/shisetsu" "$root/target/release/shisetsu")
sides=(base new)

cases=()
# run_case NAME ARGS…: runs both binaries; an argument @OUT@ becomes a file in the side's output folder,
# compared too.
run_case() {
  local name=$1
  shift
  cases+=("$name")
  local i
  for i in 0 1; do
    local out="$work/out/${sides[$i]}"
    local args=()
    local a
    for a in "$@"; do args+=("${a//@OUT@/$out/$name.file}"); done
    local status=0
    "${bins[$i]}" "${args[@]}" > "$out/$name.stdout" 2> "$out/$name.stderr" || status=$?
    echo "$status" > "$out/$name.status"
  done
}

# run_hashed NAME ARGS…: as run_case, keeping only a checksum of standard output (too large to keep).
run_hashed() {
  local name=$1
  shift
  cases+=("$name")
  local i
  for i in 0 1; do
    local out="$work/out/${sides[$i]}"
    local status=0
    "${bins[$i]}" "$@" 2> "$out/$name.stderr" | sha256sum > "$out/$name.stdout" || status=$?
    echo "$status" > "$out/$name.status"
  done
}

echo "== running"
k=scenarios/kanuma
run_case main
run_case run-table run $k
run_case run-json run $k --format json
run_case run-csv run $k --format csv
run_case run-csv-oku-excel run $k --format csv --unit oku --excel
run_case run-csv-facilities run $k --format csv-facilities
run_case run-csv-facilities-sen run $k/combined.toml --format csv-facilities --unit sen --excel
run_case run-fail-over-cap run $k/baseline.toml --fail-over-cap
run_case report-ja report $k --output @OUT@
run_case report-en report $k/baseline.toml $k/combined.toml --output @OUT@ --lang en
for y in 2022 2032 2051; do
  run_case "explain-$y" explain $k/combined.toml --year $y
  run_case "explain-$y-json" explain $k/combined.toml --year $y --format json
done
run_case explain-top explain $k/leveling.toml --year 2026 --top 20
run_case explain-outside explain $k/combined.toml --year 2070
run_case compare compare $k/baseline.toml $k/combined.toml
run_case compare-json compare $k/baseline.toml $k/combined.toml --format json
run_case montecarlo montecarlo $k/baseline.toml --runs 2000 --seed 7
run_case montecarlo-json montecarlo $k/baseline.toml --runs 2000 --seed 7 --format json
run_case montecarlo-combined montecarlo $k/combined.toml --runs 2000 --seed 7 --format json
run_case montecarlo-condition montecarlo $k/condition.toml --runs 2000 --seed 7 --format json
run_case project project facilities/kanuma
run_case project-json project facilities/kanuma --model mic --from 2016 --years 20 --format json
run_case project-csv project facilities/kanuma --format csv
run_case project-scenario project facilities/kanuma --scenario $k/combined.toml --cap 55億 --format json
run_case project-facilities project facilities/kanuma --format csv-facilities
run_case validate-kanuma validate facilities/kanuma scenarios/reference.toml $k/*.toml
for f in tests/fixtures/scenarios/*.toml; do
  n=$(basename "$f" .toml)
  run_case "fixture-$n-json" run "$f" --format json
  run_case "fixture-$n-facilities" run "$f" --format csv-facilities
  for y in 2030 2031 2032 2033 2034; do
    run_case "fixture-$n-explain-$y" explain "$f" --year $y --format json
  done
done
run_case fixture-report report tests/fixtures/scenarios --output @OUT@
run_case fixture-montecarlo montecarlo tests/fixtures/scenarios/every-action.toml --runs 500 --seed 3 --format json
for f in tests/fixtures/invalid-scenarios/*.toml tests/fixtures/invalid-scenarios/parts/*.toml; do
  n=$(basename "$f" .toml)
  run_case "invalid-$n-validate" validate "$f"
  run_case "invalid-$n-run" run "$f" --format json
done
run_case invalid-folder-run run tests/fixtures/invalid-scenarios --format json
run_case invalid-report report tests/fixtures/invalid-scenarios --output @OUT@
for f in tests/fixtures/bad-input/*.csv; do
  n=$(basename "$f" .csv)
  run_case "bad-input-$n-validate" validate "$f"
  run_case "bad-input-$n-project" project "$f" --from 2022 --format json --output @OUT@
  run_case "bad-input-$n-facilities" project "$f" --from 2022 --format csv-facilities --output @OUT@
done
# Requests that make no sense: the messages name the flags.
run_case usage-runs montecarlo $k/baseline.toml --runs 0
run_case usage-facilities generate --buildings 10 --facilities 20 --output @OUT@
run_case usage-from project facilities/kanuma --from 1000
run_case usage-years project facilities/kanuma --years 500
run_case usage-no-plan project tests/fixtures/bad-input/../../../benches/../facilities/kanuma/buildings.csv
run_case usage-toml-inventory project $k/baseline.toml
run_case usage-scenario-flags project facilities/kanuma --scenario $k/combined.toml --from 2030
run_case usage-scenario-elsewhere project tests/fixtures/small --scenario $k/combined.toml
run_case usage-run-inventory run facilities/kanuma
run_case usage-no-inventory project nowhere
run_case usage-model project facilities/kanuma --model nope
run_case usage-model-print model nope
run_case usage-compare-years compare tests/fixtures/plans/short.toml tests/fixtures/scenarios/every-action.toml
run_case usage-unit run $k/baseline.toml --unit oku
for d in tests/fixtures/bad-inventories/*/; do
  n=$(basename "$d")
  run_case "bad-inventory-$n-validate" validate "$d"
  run_case "bad-inventory-$n-project" project "$d"
done

# Access by straight lines: a generated folder of 300 facilities given coordinates and no roads
# (distances are great-circle × the detour factor), with a scenario closing some of them.
geo=$work/geo
if [ ! -s "$geo/close.toml" ]; then
  rm -rf "$geo"
  "${bins[1]}" generate --buildings 2000 --facilities 300 --seed 5 --output "$geo/inv" --force > /dev/null
  rm "$geo/inv/roads.csv"
  sed -i '/^roads = /d' "$geo/inv/inventory.toml"
  awk -F, 'NR == 1 { print $0 ",lat,lon"; next }
    { printf "%s,%.4f,%.4f\n", $0, 36.45 + (NR * 37 % 101) * 0.0011, 139.60 + (NR * 53 % 103) * 0.0013 }' \
    "$geo/inv/facilities.csv" > "$geo/f.csv" && mv "$geo/f.csv" "$geo/inv/facilities.csv"
  awk -F, 'NR == 1 { print $0 ",lat,lon"; next }
    { printf "%s,%.4f,%.4f\n", $0, 36.45 + (NR * 29 % 13) * 0.009, 139.60 + (NR * 31 % 11) * 0.011 }' \
    "$geo/inv/districts.csv" > "$geo/d.csv" && mv "$geo/d.csv" "$geo/inv/districts.csv"
  {
    echo 'name = "close by straight lines"'
    echo 'inventory = "inv"'
    for f in 3 17 42 99 150 151 152 240 299; do
      printf '\n[[actions]]\ntype = "close"\nfacility = "F%06d"\nyear = %d\n' "$f" $((2023 + f % 9))
    done
  } > "$geo/close.toml"
fi
run_case geo-run-json run "$geo/close.toml" --format json
run_case geo-run-table run "$geo/close.toml"
run_case geo-report report "$geo/close.toml" --output @OUT@

# A national-size inventory: 1,000,000 generated buildings (the generator gives the same bytes for the
# same seed), projected in every format, and an out-of-order copy of it (ids reversed: the
# duplicate check that does not rely on order).
big=$work/big-1m.csv
if [ ! -s "$big" ]; then
  "${bins[1]}" generate --buildings 1000000 --seed 7 --output "$big" --force
  { head -1 "$big"; tail -n +2 "$big" | tac; } > "$work/big-1m-reversed.csv"
fi
for f in big-1m big-1m-reversed; do
  run_case "$f-json" project "$work/$f.csv" --from 2022 --years 40 --format json
  run_case "$f-csv" project "$work/$f.csv" --from 2022 --years 40 --format csv
  run_case "$f-table" project "$work/$f.csv" --from 2022 --years 40 --cap 55.8億
done
# Costs by facility of every building (8.8 million rows, 870 MB: only their checksums are kept), in
# yen and in 千円 for Excel, in file order and reversed.
run_hashed big-1m-facilities project "$big" --from 2022 --years 40 --format csv-facilities
run_hashed big-1m-reversed-facilities-sen project "$work/big-1m-reversed.csv" --from 2016 --years 30 \
  --format csv-facilities --unit sen --excel
run_case big-1m-validate validate "$big"
# The same size as an inventory folder (1,000,000 buildings in 500,000 facilities, with districts and
# roads), which `project` streams.
bigdir=$work/big-1m-folder
if [ ! -s "$bigdir/buildings.csv" ]; then
  "${bins[1]}" generate --buildings 1000000 --seed 7 --output "$bigdir" --force > /dev/null
fi
run_case big-1m-folder-json project "$bigdir" --from 2022 --years 40 --format json
run_case big-1m-folder-table project "$bigdir" --from 2022 --years 40

echo "== comparing ${#cases[@]} cases"
differ=0
for name in "${cases[@]}"; do
  for ext in stdout stderr status file; do
    a="$work/out/base/$name.$ext"
    b="$work/out/new/$name.$ext"
    [ -e "$a" ] || [ -e "$b" ] || continue
    if ! cmp -s "$a" "$b"; then
      echo "DIFFERS: $name ($ext): diff $a $b"
      differ=1
    fi
  done
done
if [ "$differ" = 0 ]; then
  echo "== same bytes in all ${#cases[@]} cases"
fi

# The working tree at 1 and at 2 threads: the same bytes.
echo "== 1 and 2 threads"
new_bin=${bins[1]}
for args in "run $k --format json" "run $k --format csv-facilities" \
  "montecarlo $k/condition.toml --runs 2000 --seed 7 --format json" \
  "project $big --from 2022 --years 40 --format json" \
  "project $big --from 2022 --years 40 --format csv-facilities" \
  "project $work/big-1m-reversed.csv --from 2022 --years 40 --format csv" \
  "project $bigdir --from 2022 --years 40 --format json"; do
  # shellcheck disable=SC2086
  one=$(RAYON_NUM_THREADS=1 "$new_bin" $args | sha256sum)
  # shellcheck disable=SC2086
  two=$(RAYON_NUM_THREADS=2 "$new_bin" $args | sha256sum)
  if [ "$one" != "$two" ]; then
    echo "DIFFERS at 1 and 2 threads: $args"
    differ=1
  fi
done
[ "$differ" = 0 ] && echo "== same bytes at 1 and 2 threads"
exit "$differ"
