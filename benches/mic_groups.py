"""The MIC renewal-cost method (docs/mic-method.md) computed exactly from floor areas already summed
by category and year built, for the peer scripts (duckdb_mic.py, polars_mic.py).

A peer reads the buildings CSV and groups it (its own engine's work, which is what is timed); the ~1,000
groups are then priced here with Python's exact Decimal: renovation at 30 years over 2, rebuild at 60
over 3, the renovation backlog for ages 31-50 and the rebuild backlog for 61 and over in the first 10
years, amounts outside the horizon dropped. Each year's total is rounded half to even to whole yen, as
shisetsu prints it, so a check can ask for the same totals to the yen.
"""

import json
import sys
from decimal import ROUND_HALF_EVEN, Decimal, getcontext

getcontext().prec = 60

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


def project(groups, first: int, years: int) -> list:
    """Yearly totals (exact Decimals) from `(category, built_year, area_m2)` groups."""
    out = [Decimal(0)] * years

    def add(year: int, amount: Decimal) -> None:
        if first <= year < first + years:
            out[year - first] += amount

    for category, built, area in groups:
        ren_unit, reb_unit = UNITS[category]
        area = Decimal(area)
        built = int(built)
        ren, reb = ren_unit * area, reb_unit * area
        age = first - built
        if age <= 30:
            for k in range(2):
                add(built + 30 + k, ren / 2)
        elif age <= 50:
            for k in range(10):
                add(first + k, ren / 10)
        if age <= 60:
            for k in range(3):
                add(built + 60 + k, reb / 3)
        else:
            for k in range(10):
                add(first + k, reb / 10)
    return out


def whole_yen(totals: list) -> list:
    """Whole yen that add up: each year settled to 10^-9 yen, the total rounded half to even, the
    years rounded down and the missing yen given to the largest fractions (ties to the earlier)."""
    exact = [t.quantize(Decimal("1e-9"), rounding=ROUND_HALF_EVEN) for t in totals]
    total = sum(exact).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    parts = [int(x.to_integral_value(rounding="ROUND_FLOOR")) for x in exact]
    missing = int(total) - sum(parts)
    order = sorted(range(len(exact)), key=lambda i: -(exact[i] - parts[i]))
    for i in order[:missing]:
        parts[i] += 1
    return parts


def finish(name: str, totals: list, check: str | None) -> int:
    """Prints the yearly totals in whole yen; with `check`, compares them with shisetsu's JSON and
    fails unless every year is the same to the yen."""
    printed = whole_yen(totals)
    if check is None:
        json.dump({"peer": name, "total_yen": [str(t) for t in printed]}, sys.stdout)
        print()
        return 0
    with open(check, encoding="utf-8") as f:
        theirs = [int(y["total_yen"]) for y in json.load(f)["years"]]
    if theirs != printed:
        bad = [i for i, (a, b) in enumerate(zip(theirs, printed)) if a != b]
        print(f"{name}: {len(bad)} of {len(theirs)} years differ from shisetsu (first: year index {bad[:1]})",
              file=sys.stderr)
        return 1
    print(f"{name}: the same {len(printed)} yearly totals as shisetsu, to the yen")
    return 0
