-- zhurnal schema, version 5: a course-period opened again by a deputy after its
-- deadline, and why.

CREATE TABLE period_unlock (
    id        INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES course(id),
    period_id INTEGER NOT NULL REFERENCES period(id),
    reason    TEXT NOT NULL CHECK (reason <> ''),
    user_id   INTEGER REFERENCES users(id),
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    UNIQUE (course_id, period_id)
) STRICT;
