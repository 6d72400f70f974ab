#!/usr/bin/env python3
"""The MIC method with Polars (lazy, grouped first), for comparison with shisetsu: the buildings CSV
scanned by Polars (floor areas as exact Decimal(18,6)), grouped by category and year built, the groups
priced exactly by mic_groups.py. Prints the yearly totals, or with --check FILE.json compares them with
shisetsu's, which must be the same to the yen. Threads: POLARS_MAX_THREADS (default: every core).

    python3 benches/polars_mic.py buildings.csv --from 2022 --years 40 [--check shisetsu.json]
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import polars as pl  # noqa: E402

import mic_groups  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--from", dest="first", type=int, required=True)
    ap.add_argument("--years", type=int, default=40)
    ap.add_argument("--check")
    a = ap.parse_args()
    groups = (
        pl.scan_csv(
            a.csv,
            schema_overrides={
                "category": pl.Utf8,
                "floor_area_m2": pl.Decimal(18, 6),
                "built_year": pl.Int32,
            },
        )
        .group_by("category", "built_year")
        .agg(pl.col("floor_area_m2").sum())
        .collect()
    )
    rows = groups.iter_rows()
    return mic_groups.finish("polars", mic_groups.project(rows, a.first, a.years), a.check)


if __name__ == "__main__":
    sys.exit(main())
