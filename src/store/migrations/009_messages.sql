-- zhurnal schema, version 9: messages between the school and families. A conversation
-- (thread) has members; every message in it is kept: the triggers refuse to change or
-- delete one.

CREATE TABLE message_thread (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    subject    TEXT NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE thread_member (
    thread_id INTEGER NOT NULL REFERENCES message_thread(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (thread_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX thread_member_user ON thread_member (user_id);

CREATE TABLE message (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES message_thread(id),
    author_id INTEGER NOT NULL REFERENCES users(id),
    -- A weekly report sent by the class teacher is a message too.
    kind      TEXT NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'weekly_report')),
    body      TEXT NOT NULL CHECK (body <> ''),
    sent_at   TEXT NOT NULL
) STRICT;
CREATE INDEX message_thread_id ON message (thread_id);

CREATE TABLE message_read (
    message_id INTEGER NOT NULL REFERENCES message(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    read_at    TEXT NOT NULL,
    PRIMARY KEY (message_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER message_never_changed BEFORE UPDATE ON message
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
CREATE TRIGGER message_never_deleted BEFORE DELETE ON message
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
CREATE TRIGGER thread_never_deleted BEFORE DELETE ON message_thread
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
CREATE TRIGGER thread_member_never_removed BEFORE DELETE ON thread_member
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
