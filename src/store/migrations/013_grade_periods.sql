-- zhurnal schema, version 13: periods by grade and earlier last days. A period belongs
-- to a range of grades (quarters for 1–9 and halves for 10–11 in one year); `num`
-- orders a year's periods, a grade's own numbers (1–4, 1–2) are counted from its
-- periods. `last_day` ends some grades' year earlier (the 9th and 11th before their
-- state exams, the 1st): their last period ends on that day.

ALTER TABLE period ADD COLUMN grade_min INTEGER NOT NULL DEFAULT 1
    CHECK (grade_min BETWEEN 1 AND 11);
ALTER TABLE period ADD COLUMN grade_max INTEGER NOT NULL DEFAULT 11
    CHECK (grade_max BETWEEN 1 AND 11);

CREATE TABLE last_day (
    id        INTEGER PRIMARY KEY,
    year_id   INTEGER NOT NULL REFERENCES school_year(id),
    grade_min INTEGER NOT NULL CHECK (grade_min BETWEEN 1 AND 11),
    grade_max INTEGER NOT NULL CHECK (grade_max BETWEEN grade_min AND 11),
    day       TEXT NOT NULL CHECK (date(day) IS day)
) STRICT;
