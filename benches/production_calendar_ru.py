#!/usr/bin/env python3
"""Writes year sections of src/domain/production/ru.toml from the PyPI package
`holidays` (pip install holidays), a second source beside the decrees themselves.

    python3 benches/production_calendar_ru.py 2024 2025 2026 2027 > /tmp/years.toml
    python3 benches/production_calendar_ru.py --expected 2024 2025 2026 2027

The first form prints the `[[year]]` sections; the second the expected days that
src/domain/production.rs's tests compare every day of those years with. The decree of
each year is named by hand below (the package does not name it): check it against the
decree's text before adding a year.
"""

import re
import sys
from datetime import date

import holidays

DECREES = {
    2024: "Постановление Правительства РФ от 10.08.2023 № 1314 «О переносе выходных дней в 2024 году»",
    2025: "Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»",
    2026: "Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»",
    2027: "Постановление Правительства РФ от 17.09.2026 № 1187 «О переносе выходных дней в 2027 году»",
}

SUBSTITUTED = re.compile(r"^Выходной \(перенесено с (\d\d)\.(\d\d)\.(\d{4})\)$")
OBSERVED = " (выходной)"


def year_days(year):
    """(holidays, moved days off, working weekend days) of one year."""
    h = holidays.country_holidays("RU", years=year, language="ru")
    fixed, moved = [], []
    for d, name in sorted(h.items()):
        m = SUBSTITUTED.match(name)
        if m:
            moved.append((d, date(int(m[3]), int(m[2]), int(m[1])), "decree"))
        elif name.endswith(OBSERVED):
            base = name[: -len(OBSERVED)]
            # The weekend day that coincided with the holiday, the latest before it.
            src = max(x for x, n in h.items() if n == base and x < d)
            moved.append((d, src, "law"))
        else:
            fixed.append((d, name))
    working = sorted(h.weekend_workdays)
    return fixed, moved, working


def toml_section(year):
    fixed, moved, working = year_days(year)
    out = ["[[year]]", f"year = {year}", f'source = "{DECREES.get(year, "")}"', "holidays = ["]
    out += [f'  {{ date = "{d}", name = "{n}" }},' for d, n in fixed]
    out.append("]")
    out.append("days_off = [")
    out += [f'  {{ date = "{d}", from = "{f}", by = "{by}" }},' for d, f, by in moved]
    out.append("]")
    out.append("working = [")
    out += [f'  {{ date = "{d}" }},' for d in working]
    out.append("]")
    return "\n".join(out)


def expected(year):
    """One line per day that is not what its weekday says: `2025-01-01 holiday`,
    `2025-05-02 moved 2025-01-04`, `2025-11-01 work`."""
    fixed, moved, working = year_days(year)
    lines = [f"{d} holiday" for d, _ in fixed]
    lines += [f"{d} moved {f}" for d, f, _ in moved]
    lines += [f"{d} work" for d in working]
    return "\n".join(sorted(lines))


def main(args):
    if args and args[0] == "--expected":
        print("\n".join(expected(int(y)) for y in args[1:]))
    else:
        print("\n\n".join(toml_section(int(y)) for y in args))


if __name__ == "__main__":
    main(sys.argv[1:])
