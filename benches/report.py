#!/usr/bin/env python3
"""Turns the latest criterion results (target/criterion) and the end-to-end measurements written by
benches/run.sh (target/bench-e2e-*.json, bench-peak-*.txt, bench-pandas.txt) into the README's
benchmark tables, on standard output."""

import datetime
import glob
import json
import os
import platform
import sys


def fmt_time(ns: float) -> str:
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.1f} ms"
    return f"{ns / 1e3:.0f} µs"


def sort_key(full_id: str):
    """Group, then case, then size in numbers (1k < 100k < 1m)."""
    parts = full_id.split("/")
    size = parts[-1].split("-")[0].lower()
    mult = {"k": 1e3, "m": 1e6}
    try:
        n = float(size[:-1]) * mult[size[-1]] if size[-1] in mult else float(size)
    except (ValueError, IndexError):
        n = 0.0
    return (parts[0], "/".join(parts[1:-1]), n)


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} × {model}{mem}, {platform.system()} {platform.release()}"


def main() -> int:
    rows = []
    for path in sorted(glob.glob("target/criterion/**/new/benchmark.json", recursive=True)):
        with open(path, encoding="utf-8") as f:
            bench = json.load(f)
        with open(os.path.join(os.path.dirname(path), "estimates.json"), encoding="utf-8") as f:
            est = json.load(f)
        ns = est["mean"]["point_estimate"]
        elements = (bench.get("throughput") or {}).get("Elements")
        if elements and ns / elements >= 1000:
            per = fmt_time(ns / elements)
        elif elements and ns / elements >= 10:
            per = f"{ns / elements:.0f} ns"
        elif elements:
            per = f"{ns / elements:.2f} ns"
        else:
            per = ""
        rows.append((bench["full_id"], fmt_time(ns), per))
    rows.sort(key=lambda r: sort_key(r[0]))
    if not rows:
        print("no criterion results: run `cargo bench` first", file=sys.stderr)
        return 1
    print(f"Measured {datetime.date.today().isoformat()} on {machine()}; release build.\n")
    print("| benchmark | mean time | per item |")
    print("| --- | ---: | ---: |")
    for name, t, per in rows:
        print(f"| `{name}` | {t} | {per} |")
    for size, label in (("1m", "1,000,000"), ("10m", "10,000,000")):
        path = f"target/bench-e2e-{size}.json"
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            results = {r["command"]: r for r in json.load(f)["results"]}
        peaks = {}
        peak_path = f"target/bench-peak-{size}.txt"
        if os.path.exists(peak_path):
            with open(peak_path, encoding="utf-8") as f:
                for line in f:
                    name, mb = line.split()
                    peaks[name] = mb
        ours = results["shisetsu"]["median"]
        print()
        print(f"| end to end, {label} buildings, MIC, 40 years (hyperfine, side by side, "
              f"median of {len(results['shisetsu']['times'])}) | wall (median) | user + sys CPU (mean) | peak memory | wall ÷ shisetsu's |")
        print("| --- | ---: | ---: | ---: | ---: |")
        what = {
            "shisetsu": "`shisetsu project FILE --format json` (exact)",
            "duckdb": "`benches/duckdb_mic.py`: DuckDB SQL, DECIMAL areas, GROUP BY category and year first (exact, same totals to the yen)",
            "polars": "`benches/polars_mic.py`: Polars lazy, Decimal areas, grouped first (exact, same totals to the yen)",
            "line-pass": "`examples/line_pass.rs`: a memchr line count on every core, nothing else",
        }
        for name in ("shisetsu", "duckdb", "polars", "line-pass"):
            r = results[name]
            cpu = r["user"] + r["system"]
            shown = f"{r['median'] / ours:.2f}"
            print(f"| {what[name]} | {fmt_time(r['median'] * 1e9)} | {fmt_time(cpu * 1e9)} | "
                  f"{peaks.get(name, '?')} MB | {shown} |")
    if os.path.exists("target/bench-e2e-folder.json"):
        with open("target/bench-e2e-folder.json", encoding="utf-8") as f:
            results = {r["command"]: r for r in json.load(f)["results"]}
        peaks = {}
        if os.path.exists("target/bench-peak-folder.txt"):
            with open("target/bench-peak-folder.txt", encoding="utf-8") as f:
                for line in f:
                    name, mb = line.split()
                    peaks[name] = mb
        what = {
            "folder-1m": "`shisetsu project DIR --format json`: a generated inventory folder of 1,000,000 buildings in 500,000 facilities (with districts and roads)",
            "csv-1m": "`shisetsu project FILE --format json`: the buildings CSV of the same 1,000,000 buildings",
        }
        csv = results["csv-1m"]
        csv_cpu = csv["user"] + csv["system"]
        print()
        print(f"| folder beside CSV, 1,000,000 buildings, MIC, 40 years (hyperfine, side by side, median of {len(csv['times'])}) "
              "| wall (median) | user + sys CPU (mean) | peak memory | CPU ÷ the CSV's | memory ÷ the CSV's |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name in ("folder-1m", "csv-1m"):
            r = results[name]
            cpu = r["user"] + r["system"]
            try:
                mem = f"{float(peaks[name]) / float(peaks['csv-1m']):.2f}"
            except (KeyError, ValueError, ZeroDivisionError):
                mem = "?"
            print(f"| {what[name]} | {fmt_time(r['median'] * 1e9)} | {fmt_time(cpu * 1e9)} | "
                  f"{peaks.get(name, '?')} MB | {cpu / csv_cpu:.2f} | {mem} |")
    if os.path.exists("target/bench-e2e-other.json"):
        with open("target/bench-e2e-other.json", encoding="utf-8") as f:
            results = {r["command"]: r for r in json.load(f)["results"]}
        peaks = {}
        if os.path.exists("target/bench-peak-other.txt"):
            with open("target/bench-peak-other.txt", encoding="utf-8") as f:
                for line in f:
                    name, mb = line.split()
                    peaks[name] = mb
        what = {
            "folder-1m": "`shisetsu project` of a generated inventory folder of 1,000,000 buildings in 500,000 facilities",
            "access-100k": "`shisetsu run` of a scenario closing 500 of 100,000 facilities (5,000 districts), access analysis included",
            "export/csv-facilities/1m": "`export/csv-facilities/1m`: `shisetsu project` of the 1,000,000-building CSV `--format csv-facilities` to a file (8.8 million rows, 890 MB)",
        }
        print()
        print("| other paths, end to end (hyperfine, median of 3) | wall (median) | user + sys CPU (mean) | peak memory |")
        print("| --- | ---: | ---: | ---: |")
        for name, r in results.items():
            cpu = r["user"] + r["system"]
            print(f"| {what.get(name, name)} | {fmt_time(r['median'] * 1e9)} | {fmt_time(cpu * 1e9)} | {peaks.get(name, '?')} MB |")
    if os.path.exists("target/bench-pandas.txt"):
        print()
        print("pandas + numpy on the 1,000,000-building file (`benches/pandas_mic.py`, float64, in-process timing):")
        print()
        with open("target/bench-pandas.txt", encoding="utf-8") as f:
            for line in f:
                print(f"    {line.rstrip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
