#!/usr/bin/env python3
"""The MIC method as an aggregated DuckDB query, for comparison with shisetsu: the buildings CSV read by
DuckDB (floor areas as exact DECIMAL(18,6)), grouped by category and year built in SQL, the groups priced
exactly by mic_groups.py. Prints the yearly totals, or with --check FILE.json compares them with
shisetsu's, which must be the same to the yen.

    python3 benches/duckdb_mic.py buildings.csv --from 2022 --years 40 [--check shisetsu.json] [--threads 2]
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import duckdb  # noqa: E402

import mic_groups  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--from", dest="first", type=int, required=True)
    ap.add_argument("--years", type=int, default=40)
    ap.add_argument("--check")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()
    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    groups = con.execute(
        """
        SELECT category, built_year, sum(floor_area_m2)
        FROM read_csv(?, header = true,
                      columns = {'id': 'VARCHAR', 'name': 'VARCHAR', 'category': 'VARCHAR',
                                 'floor_area_m2': 'DECIMAL(18,6)', 'built_year': 'INTEGER',
                                 'structure': 'VARCHAR'})
        GROUP BY category, built_year
        """,
        [a.csv],
    ).fetchall()
    return mic_groups.finish("duckdb", mic_groups.project(groups, a.first, a.years), a.check)


if __name__ == "__main__":
    sys.exit(main())
