-- zhurnal schema, version 3: failed logins in a row and the lock they bring.

ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0);
ALTER TABLE users ADD COLUMN locked_until TEXT;
