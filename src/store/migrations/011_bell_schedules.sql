-- Bell schedules per grade and per part of the year (the first-graders' stepped
-- schedule): a bell may ring for some grades only, from one month-day to another.
CREATE TABLE bell_schedule (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL CHECK (number BETWEEN 0 AND 12),
    start_time TEXT NOT NULL,
    end_time   TEXT NOT NULL,
    grade_min  INTEGER NOT NULL DEFAULT 1 CHECK (grade_min BETWEEN 1 AND 11),
    grade_max  INTEGER NOT NULL DEFAULT 11 CHECK (grade_max BETWEEN grade_min AND 11),
    -- 'MM-DD', both ends included; NULL: from the year's start, to its end.
    from_day   TEXT CHECK (from_day IS NULL OR length(from_day) = 5),
    to_day     TEXT CHECK (to_day IS NULL OR length(to_day) = 5)
) STRICT;
INSERT INTO bell_schedule (number, start_time, end_time)
    SELECT number, start_time, end_time FROM bell ORDER BY number;
DROP TABLE bell;
ALTER TABLE bell_schedule RENAME TO bell;
