#!/usr/bin/env bash
# Reproduces the README's benchmark table: the criterion benches, then end-to-end measurements of the
# command on a 1,000,000-building CSV (wall time with hyperfine, peak memory with /usr/bin/time) and
# the pandas + numpy comparison, then prints the table (benches/report.py).
#
# Needs: hyperfine and GNU time (Debian packages hyperfine, time), python3 with pandas and numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench projection --bench scenarios --bench montecarlo --bench import
cargo build --release
bin=target/release/shisetsu
csv=target/bench-1m.csv
$bin generate --buildings 1000000 --seed 7 --output "$csv" --force
$bin project "$csv" --from 2022 --years 40 --format json > target/bench-1m.json
hyperfine -N -w 5 -r 30 --export-json target/bench-cli.json \
  "$bin project $csv --from 2022 --years 40 --format json" > /dev/null
peak_kb=$( { /usr/bin/time -f "%M" "$bin" project "$csv" --from 2022 --years 40 --format json > /dev/null; } 2>&1 | tail -1)
plain=$(python3 benches/pandas_mic.py "$csv" --from 2022 --years 40 --check target/bench-1m.json --runs 5)
tuned=$(python3 benches/pandas_mic.py "$csv" --from 2022 --years 40 --check target/bench-1m.json --runs 5 --tuned)
python3 - "$peak_kb" "$plain" "$tuned" <<'PY'
import json, re, sys
peak_kb, plain, tuned = sys.argv[1], sys.argv[2], sys.argv[3]
cli = json.load(open("target/bench-cli.json"))["results"][0]
ms = cli["mean"] * 1000
med = lambda s: float(re.search(r"median (\d+) ms", s).group(1))
p, t = med(plain), med(tuned)
rows = [
    {"what": "`shisetsu project` (process start to JSON written; hyperfine, 30 runs)", "wall": f"{ms:.0f} ms", "memory": f"{int(peak_kb) / 1024:.0f} MB"},
    {"what": f"`benches/pandas_mic.py`, straightforward (`pd.read_csv` of the file, dict lookups, numpy); shisetsu is {p / ms:.1f}× faster", "wall": f"{p:.0f} ms", "memory": ""},
    {"what": f"`benches/pandas_mic.py --tuned` (only 3 columns, categorical codes); shisetsu is {t / ms:.1f}× faster", "wall": f"{t:.0f} ms", "memory": ""},
]
json.dump({"rows": rows}, open("target/bench-extra.json", "w"))
PY
python3 benches/report.py
