#!/usr/bin/env python3
"""Turns the latest criterion results (target/criterion) and the end-to-end measurements written by
benches/run.sh (target/bench-extra.json) into the README's benchmark table, on standard output."""

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
    extra = "target/bench-extra.json"
    if os.path.exists(extra):
        with open(extra, encoding="utf-8") as f:
            e = json.load(f)
        print()
        print("| end to end, 1,000,000 buildings, MIC, 40 years, CSV read included | wall | peak memory |")
        print("| --- | ---: | ---: |")
        for r in e["rows"]:
            print(f"| {r['what']} | {r['wall']} | {r.get('memory', '')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
