-- zhurnal schema, version 19: a course-period closed by a deputy before its deadline
-- (an inspection, a check of the journal), with the reason. While the row is there the
-- period takes no entries for that course; opening it again removes the row.

CREATE TABLE period_lock (
    id        INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES course(id),
    period_id INTEGER NOT NULL REFERENCES period(id),
    reason    TEXT NOT NULL CHECK (reason <> ''),
    user_id   INTEGER REFERENCES users(id),
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    UNIQUE (course_id, period_id)
) STRICT;

-- An opening may last until a day (a week for a late teacher), then the period is
-- closed again by itself; NULL: until it is closed again.
ALTER TABLE period_unlock ADD COLUMN until TEXT;
ALTER TABLE year_unlock ADD COLUMN until TEXT;
