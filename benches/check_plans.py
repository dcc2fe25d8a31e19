#!/usr/bin/env python3
"""Checks the demo school's thematic plans (sample-data/plans/<grade>-<subject>.csv).

Every plan must:
  - start with the header `order,topic,hours` (UTF-8, comma-separated);
  - number its topics 1..n in order, with no gaps;
  - give each topic a whole number of hours, at least 1;
  - total weekly hours × weeks, the weekly hours taken from sample-data/courses.csv
    for that grade and subject (33 weeks in grade 1, 34 in every other grade);
  - have topics no longer than 120 characters, not empty, without control characters,
    not starting with = + - @ (a spreadsheet would read them as formulas),
    not placeholders like «Тема 5» or «Урок 12»;
  - not repeat a topic: not on two consecutive lines (a longer topic takes more hours),
    nor anywhere else in the plan.
Also: every (grade, subject) of courses.csv has a plan, a subject has one weekly-hours
value per grade, and every plan file names a grade and subject of courses.csv.

Usage: python3 benches/check_plans.py [SAMPLE_DATA_DIR]
Prints FILE:LINE: message for each problem and exits 1 if there is any, else prints a
summary and exits 0.
"""

import csv
import io
import re
import sys
from pathlib import Path

HEADER = ["order", "topic", "hours"]
MAX_TOPIC = 120
PLACEHOLDER = re.compile(r"^(тема|урок|topic|lesson)\s*№?\s*\d+\.?$", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x1f\x7f\u0080-\u009f\u2028\u2029]")


def weeks(grade: int) -> int:
    return 33 if grade == 1 else 34


def grade_of(class_name: str):
    digits = re.sub(r"\D", "", class_name)
    return int(digits) if digits else None


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "sample-data"
    courses_path = root / "courses.csv"
    plans_dir = root / "plans"
    problems = []

    def problem(path, line, msg):
        try:
            shown = path.relative_to(root.parent)
        except ValueError:
            shown = path
        problems.append(f"{shown}:{line}: {msg}")

    # Weekly hours per (grade, subject), from courses.csv.
    weekly = {}
    first_line = {}
    with open(courses_path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for row in reader:
            line = reader.line_num
            grade = grade_of(row["class"])
            if grade is None:
                problem(courses_path, line, f"class «{row['class']}» has no grade number")
                continue
            try:
                hours = int(row["hours"])
            except ValueError:
                problem(courses_path, line, f"hours «{row['hours']}» is not a whole number")
                continue
            key = (grade, row["subject"])
            if key in weekly and weekly[key] != hours:
                problem(courses_path, line,
                        f"{grade}-{row['subject']}: {hours} h/week here but {weekly[key]} on line "
                        f"{first_line[key]}: one value per grade is needed to check its plan")
                continue
            weekly.setdefault(key, hours)
            first_line.setdefault(key, line)

    files = sorted(plans_dir.glob("*.csv"))
    seen = set()
    total_topics = 0
    for path in files:
        stem = path.stem
        m = re.match(r"^(\d+)-(.+)$", stem)
        if not m:
            problem(path, 1, "file name is not <grade>-<subject>.csv")
            continue
        key = (int(m.group(1)), m.group(2))
        seen.add(key)
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            problem(path, line, f"not UTF-8 (byte 0x{raw[e.start]:02X})")
            continue
        if text.startswith("\ufeff"):
            text = text[1:]
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if not rows or rows[0] != HEADER:
            problem(path, 1, f"header must be {','.join(HEADER)}, found {','.join(rows[0]) if rows else 'nothing'}")
            continue
        if key not in weekly:
            problem(path, 1, f"no course of grade {key[0]} in subject «{key[1]}» in courses.csv")
        total = 0
        prev_topic = None
        first_seen = {}
        expected_order = 1
        for i, row in enumerate(rows[1:], start=2):
            if not row or row == [""]:
                problem(path, i, "empty line")
                continue
            if len(row) != 3:
                problem(path, i, f"{len(row)} fields instead of 3 (an unquoted comma in the topic?)")
                expected_order += 1
                continue
            order, topic, hours = row
            if order != str(expected_order):
                problem(path, i, f"order «{order}», expected {expected_order}")
            # Go on from this line's own number, so one slip is reported once.
            expected_order = (int(order) if re.fullmatch(r"[1-9]\d*", order) else expected_order) + 1
            if not re.fullmatch(r"[1-9]\d*", hours):
                problem(path, i, f"hours «{hours}» is not a positive whole number")
            else:
                total += int(hours)
            if not topic.strip():
                problem(path, i, "empty topic")
            if topic != topic.strip():
                problem(path, i, "topic has leading or trailing spaces")
            if len(topic) > MAX_TOPIC:
                problem(path, i, f"topic is {len(topic)} characters long (at most {MAX_TOPIC})")
            if CONTROL.search(topic):
                problem(path, i, "topic contains a control character")
            if topic[:1] in ("=", "+", "-", "@"):
                problem(path, i, f"topic starts with «{topic[0]}» (read as a formula by spreadsheets)")
            if PLACEHOLDER.match(topic.strip()):
                problem(path, i, f"placeholder topic «{topic}»")
            if prev_topic is not None and topic == prev_topic:
                problem(path, i, f"topic repeats the previous line: «{topic}» (give it more hours instead)")
            elif topic in first_seen:
                problem(path, i, f"topic already on line {first_seen[topic]}: «{topic}»")
            first_seen.setdefault(topic, i)
            prev_topic = topic
            total_topics += 1
        if len(rows) == 1:
            problem(path, 2, "no topics")
        if key in weekly:
            want = weekly[key] * weeks(key[0])
            if total != want:
                problem(path, len(rows),
                        f"hours total {total}, expected {want} ({weekly[key]} h/week × {weeks(key[0])} weeks)")

    for key in sorted(set(weekly) - seen):
        problem(courses_path, first_line[key], f"no plan for grade {key[0]} «{key[1]}»: plans/{key[0]}-{key[1]}.csv")

    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problem(s) in {len(files)} plan file(s)", file=sys.stderr)
        return 1
    print(f"OK: {len(files)} plans, {total_topics} topics; every grade-subject of courses.csv has a plan "
          f"and its hours total weekly hours × weeks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
