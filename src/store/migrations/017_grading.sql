-- zhurnal schema, version 17: grading as the school counts it. How a grade's subjects
-- are assessed (school.toml's [[assessment]]: marks 1–5, pass/fail or not at all, in
-- some periods or the whole year), the marks a period needs by the course's weekly
-- hours ([[marks.minimum]]; `min_marks_per_period` stays the fallback), and students
-- exempted from a course for a period (освобождение), with the reason and who did it.

-- `grading_rule`: a line per grade, subject and period; `id` keeps the table's order: a later line wins.
CREATE TABLE grading_rule (
    id      INTEGER PRIMARY KEY,
    grade   INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
    -- NULL: every subject.
    subject TEXT CHECK (subject IS NULL OR subject <> ''),
    -- The grade's own period number; NULL: every period and the year.
    period  INTEGER CHECK (period IS NULL OR period >= 1),
    kind    TEXT NOT NULL CHECK (kind IN ('marks', 'pass_fail', 'none'))
) STRICT;

CREATE TABLE mark_minimum (
    hours REAL PRIMARY KEY CHECK (hours > 0),
    marks INTEGER NOT NULL CHECK (marks >= 1)
) STRICT;

CREATE TABLE exemption (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student(id),
    course_id  INTEGER NOT NULL REFERENCES course(id),
    period_id  INTEGER NOT NULL REFERENCES period(id),
    reason     TEXT NOT NULL CHECK (reason <> ''),
    author_id  INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (student_id, course_id, period_id)
) STRICT;
CREATE INDEX exemption_course ON exemption(course_id, period_id);
