-- zhurnal schema, version 10: where an audit row came from. `at` is the real clock's
-- time; `today` the journal's date when the program ran with another date as today
-- (`--today`), else NULL; `channel` the way in (screen, ssh, cli); `os_user` the
-- operating-system user who ran a command or the screens on this computer.

ALTER TABLE audit ADD COLUMN today TEXT;
ALTER TABLE audit ADD COLUMN channel TEXT;
ALTER TABLE audit ADD COLUMN os_user TEXT;
