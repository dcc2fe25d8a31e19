-- zhurnal schema, version 8: announcements to the school, the staff room, a class or a
-- grade, and who has read them.

CREATE TABLE announcement (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id  INTEGER REFERENCES users(id),
    author     TEXT NOT NULL,
    audience   TEXT NOT NULL CHECK (audience IN ('school', 'staff', 'class', 'grade')),
    class_id   INTEGER REFERENCES class(id),
    grade      INTEGER CHECK (grade BETWEEN 1 AND 11),
    title      TEXT NOT NULL CHECK (title <> ''),
    body       TEXT NOT NULL DEFAULT '',
    -- An event's date: the announcement then also shows in the week's calendar.
    event_date TEXT CHECK (event_date IS NULL OR date(event_date) IS event_date),
    created_at TEXT NOT NULL,
    CHECK ((audience = 'class') = (class_id IS NOT NULL)),
    CHECK ((audience = 'grade') = (grade IS NOT NULL))
) STRICT;

CREATE INDEX announcement_event ON announcement (event_date) WHERE event_date IS NOT NULL;

CREATE TABLE announcement_read (
    announcement_id INTEGER NOT NULL REFERENCES announcement(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    read_at         TEXT NOT NULL,
    PRIMARY KEY (announcement_id, user_id)
) STRICT;
