-- zhurnal schema, version 11: calendar entries made during the year. `kind` says what
-- an entry of `holiday` is: a break (`holiday`), a quarantine (`quarantine`), both with
-- no lessons; a day whose lessons are held but whose absences are excused (`excused`,
-- «актированный день»); a weekend day worked with a weekday's timetable (`workday`,
-- the weekday in `weekday`, 1 = Monday). `class_id` narrows an entry to one class.

ALTER TABLE holiday ADD COLUMN kind TEXT NOT NULL DEFAULT 'holiday'
    CHECK (kind IN ('holiday', 'quarantine', 'excused', 'workday'));
ALTER TABLE holiday ADD COLUMN class_id INTEGER REFERENCES class(id);
ALTER TABLE holiday ADD COLUMN weekday INTEGER
    CHECK (weekday IS NULL OR weekday BETWEEN 1 AND 6);
