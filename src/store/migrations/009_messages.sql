-- zhurnal schema, version 9: messages between the school and families. A conversation
-- (thread) has its members from the start; every message in it, its subject, its
-- members and its read receipts are kept: the triggers refuse to change or delete them,
-- and nobody joins a conversation that has begun (they would read its history).

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
CREATE TRIGGER thread_never_changed BEFORE UPDATE ON message_thread
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
CREATE TRIGGER thread_member_never_changed BEFORE UPDATE ON thread_member
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
CREATE TRIGGER thread_member_only_at_the_start BEFORE INSERT ON thread_member
WHEN EXISTS (SELECT 1 FROM message WHERE thread_id = NEW.thread_id)
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
CREATE TRIGGER message_read_never_changed BEFORE UPDATE ON message_read
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
CREATE TRIGGER message_read_never_deleted BEFORE DELETE ON message_read
BEGIN
    SELECT RAISE(ABORT, 'messages are kept as sent');
END;
