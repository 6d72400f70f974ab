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
  cargo bench --bench projection --bench scenarios --bench montecarlo
fi
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
plain=$(python3 benches/pandas_mic.py target/bench-1m.csv --from 2022 --years 40 --check target/bench-1m.json --runs 5)
tuned=$(python3 benches/pandas_mic.py target/bench-1m.csv --from 2022 --years 40 --check target/bench-1m.json --runs 5 --tuned)
echo "$plain" > target/bench-pandas.txt
echo "$tuned" >> target/bench-pandas.txt
python3 benches/report.py
