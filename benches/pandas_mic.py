#!/usr/bin/env python3
"""The MIC renewal-cost method in vectorised pandas + numpy, for comparison with shisetsu.

Same inputs (a buildings CSV), same method (docs/mic-method.md: renovation at 30 years over 2, rebuild
at 60 over 3, renovation backlog for ages 31-50 and rebuild backlog for 61+ over the first 10 years,
amounts outside the horizon dropped), in float64. Prints the wall time of read + compute, and, with
--check FILE.json, the largest difference from shisetsu's yearly totals.

    python3 benches/pandas_mic.py buildings.csv --from 2022 --years 40 [--check shisetsu.json]
"""

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd

# Unit costs, yen per m² (renovation, rebuild), by category key: the MIC table.
UNITS = {
    "civic_culture": (250_000, 400_000),
    "social_education": (250_000, 400_000),
    "sports_recreation": (200_000, 360_000),
    "industrial": (250_000, 400_000),
    "school": (170_000, 330_000),
    "childcare": (170_000, 330_000),
    "health_welfare": (200_000, 360_000),
    "medical": (250_000, 400_000),
    "administrative": (250_000, 400_000),
    "public_housing": (170_000, 280_000),
    "park": (170_000, 330_000),
    "utility": (200_000, 360_000),
    "other": (200_000, 360_000),
}


def read(path: str, tuned: bool):
    """The buildings: unit costs per row, area and year, as numpy arrays.

    Straightforward: read the file as it is (every column) and map categories to unit costs with a
    dict, as a planner's script would. Tuned: read only the three columns needed, the category as a
    pandas categorical, and look unit costs up by category code."""
    if tuned:
        df = pd.read_csv(
            path,
            usecols=["category", "floor_area_m2", "built_year"],
            dtype={"category": "category", "floor_area_m2": "float64", "built_year": "int32"},
        )
        cats = df["category"].cat.categories
        codes = df["category"].cat.codes.to_numpy()
        ren_unit = np.array([UNITS[c][0] for c in cats], dtype=np.float64)[codes]
        reb_unit = np.array([UNITS[c][1] for c in cats], dtype=np.float64)[codes]
    else:
        df = pd.read_csv(path)
        ren_unit = df["category"].map({k: v[0] for k, v in UNITS.items()}).to_numpy(dtype=np.float64)
        reb_unit = df["category"].map({k: v[1] for k, v in UNITS.items()}).to_numpy(dtype=np.float64)
    return ren_unit, reb_unit, df["floor_area_m2"].to_numpy(), df["built_year"].to_numpy()


def project(path: str, first: int, years: int, tuned: bool) -> np.ndarray:
    ren_unit, reb_unit, area, built = read(path, tuned)
    ren = ren_unit * area
    reb = reb_unit * area
    age = first - built
    out = np.zeros(years, dtype=np.float64)

    def spread(start: np.ndarray, amount: np.ndarray, n: int) -> None:
        for k in range(n):
            idx = start + k - first
            ok = (idx >= 0) & (idx < years)
            out[:] += np.bincount(idx[ok], weights=amount[ok] / n, minlength=years)[:years]

    normal_ren = age <= 30
    spread(built[normal_ren] + 30, ren[normal_ren], 2)
    backlog_ren = (age >= 31) & (age <= 50)
    out[: min(10, years)] += ren[backlog_ren].sum() / 10
    normal_reb = age <= 60
    spread(built[normal_reb] + 60, reb[normal_reb], 3)
    backlog_reb = age >= 61
    out[: min(10, years)] += reb[backlog_reb].sum() / 10
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--from", dest="first", type=int, required=True)
    ap.add_argument("--years", type=int, default=40)
    ap.add_argument("--check", help="shisetsu's JSON for the same file, to compare yearly totals")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tuned", action="store_true", help="read only the needed columns, categories as codes")
    a = ap.parse_args()
    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        totals = project(a.csv, a.first, a.years, a.tuned)
        times.append(time.perf_counter() - t)
    times.sort()
    label = "tuned" if a.tuned else "straightforward"
    print(f"pandas+numpy ({label}): median {times[len(times) // 2] * 1000:.0f} ms, min {times[0] * 1000:.0f} ms over {a.runs} runs")
    if a.check:
        with open(a.check, encoding="utf-8") as f:
            v = json.load(f)
        exact = np.array([int(y["total_yen"]) for y in v["years"]], dtype=np.float64)
        diff = np.abs(exact - totals).max()
        print(f"largest yearly difference from shisetsu: {diff:.3f} yen (float64 rounding)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
