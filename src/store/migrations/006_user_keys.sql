-- zhurnal schema, version 6: SSH public keys users register to log in to
-- `zhurnal serve` without a password.

CREATE TABLE user_key (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users(id),
    -- «algorithm base64», as in authorized_keys, without the comment.
    key      TEXT NOT NULL UNIQUE CHECK (key LIKE '% %'),
    comment  TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
) STRICT;

CREATE INDEX user_key_user ON user_key (user_id);
