#!/usr/bin/env bash
# Reproduces the README's benchmark tables in one run: the criterion benches, then end-to-end
# measurements on generated buildings CSVs of 1,000,000 and 10,000,000 buildings, every command on
# the same file side by side (hyperfine, whole process: start-up, reading the CSV and writing the
# result included; peak memory with GNU time): shisetsu, the same MIC method as an aggregated DuckDB
# query and with Polars (each checked first to give shisetsu's yearly totals to the yen), the pandas +
# numpy script, and the least any reader must do, a line count with memchr on every core
# (examples/line_pass.rs). Then prints the tables (benches/report.py).
#
# Needs: hyperfine and GNU time (Debian packages hyperfine, time); python3 with duckdb, polars,
# pandas and numpy (pip install duckdb polars pandas numpy). The 10M file takes 475 MB under target/.
set -euo pipefail
cd "$(dirname "$0")/.."
# SKIP_CRITERION=1 keeps the criterion results already in target/criterion (to try the rest).
if [ -z "${SKIP_CRITERION:-}" ]; then
  cargo bench --bench projection --bench scenarios --bench montecarlo --bench import --bench leveling
  # (montecarlo includes montecarlo/condition/1m-1000: 1,000 runs on 1,000,000 buildings, ten samples.)
fi
cargo build --release
cargo build --release --example line_pass
bin=target/release/shisetsu
pass=target/release/examples/line_pass
runs=${RUNS:-10}

# peak_mb CMD…: the peak resident memory of a command, in MB.
peak_mb() {
  { /usr/bin/time -f "%M" "$@" > /dev/null; } 2>&1 | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}

for size in 1m 10m; do
  n=$([ "$size" = 1m ] && echo 1000000 || echo 10000000)
  csv=target/bench-$size.csv
  $bin generate --buildings "$n" --seed 7 --output "$csv" --force
  $bin project "$csv" --from 2022 --years 40 --format json > "target/bench-$size.json"
  python3 benches/duckdb_mic.py "$csv" --from 2022 --years 40 --check "target/bench-$size.json"
  python3 benches/polars_mic.py "$csv" --from 2022 --years 40 --check "target/bench-$size.json"
  hyperfine -N -w 2 -r "$runs" --export-json "target/bench-e2e-$size.json" \
    -n shisetsu "$bin project $csv --from 2022 --years 40 --format json" \
    -n duckdb "python3 benches/duckdb_mic.py $csv --from 2022 --years 40" \
    -n polars "python3 benches/polars_mic.py $csv --from 2022 --years 40" \
    -n line-pass "$pass $csv" > /dev/null
  {
    echo "shisetsu $(peak_mb $bin project "$csv" --from 2022 --years 40 --format json)"
    echo "duckdb $(peak_mb python3 benches/duckdb_mic.py "$csv" --from 2022 --years 40)"
    echo "polars $(peak_mb python3 benches/polars_mic.py "$csv" --from 2022 --years 40)"
    echo "line-pass $(peak_mb $pass "$csv")"
  } > "target/bench-peak-$size.txt"
done
# The other paths at national size, end to end: a folder inventory of 1,000,000 buildings projected,
# and a scenario on a folder of 100,000 facilities (5,000 districts) closing 500 of them, with the
# access analysis (users moved by road, districts beyond the standard).
folder=target/bench-folder-1m
$bin generate --buildings 1000000 --seed 7 --output "$folder" --force
access=target/bench-access-100k
$bin generate --buildings 100000 --facilities 100000 --seed 7 --output "$access" --force
{
  echo 'name = "close 500"'
  echo 'inventory = "bench-access-100k"'
  for f in $(seq 1 200 100000); do
    printf '\n[[actions]]\ntype = "close"\nfacility = "F%06d"\nyear = %d\n' "$f" $((2023 + f % 20))
  done
} > target/bench-access-100k.toml
# And costs by facility of the 1,000,000-building CSV (`--format csv-facilities`, 8.8 million rows,
# 890 MB written to a file under target/, removed after).
facilities="$bin project target/bench-1m.csv --from 2022 --years 40 --format csv-facilities --output target/bench-facilities-1m.csv"
# The folder beside the CSV of the same 1,000,000 buildings (the same generator and seed; one
# building per row in both), over the same 40 years, side by side.
hyperfine -N -w 2 -r "$runs" --export-json target/bench-e2e-folder.json \
  -n folder-1m "$bin project $folder --from 2022 --years 40 --format json" \
  -n csv-1m "$bin project target/bench-1m.csv --from 2022 --years 40 --format json" > /dev/null
{
  echo "folder-1m $(peak_mb $bin project "$folder" --from 2022 --years 40 --format json)"
  echo "csv-1m $(peak_mb $bin project target/bench-1m.csv --from 2022 --years 40 --format json)"
} > target/bench-peak-folder.txt
hyperfine -N -w 1 -r 3 --export-json target/bench-e2e-other.json \
  -n access-100k "$bin run target/bench-access-100k.toml --format json" \
  -n export/csv-facilities/1m "$facilities" > /dev/null
{
  echo "access-100k $(peak_mb $bin run target/bench-access-100k.toml --format json)"
  echo "export/csv-facilities/1m $(peak_mb $facilities)"
} > target/bench-peak-other.txt
rm -f target/bench-facilities-1m.csv

plain=$(python3 benches/pandas_mic.py target/bench-1m.csv --from 2022 --years 40 --check target/bench-1m.json --runs 5)
tuned=$(python3 benches/pandas_mic.py target/bench-1m.csv --from 2022 --years 40 --check target/bench-1m.json --runs 5 --tuned)
echo "$plain" > target/bench-pandas.txt
echo "$tuned" >> target/bench-pandas.txt
python3 benches/report.py
