-- zhurnal schema, version 16: year finals lock like period finals, a few days after the
-- grade's last day; a deputy opens them again for one course, with a reason.

CREATE TABLE year_unlock (
    course_id INTEGER PRIMARY KEY REFERENCES course(id),
    reason    TEXT NOT NULL CHECK (reason <> ''),
    user_id   INTEGER REFERENCES users(id),
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;
