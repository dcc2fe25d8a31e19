-- zhurnal schema, version 18: a current mark may be «зач» or «незач», in a course the
-- school assesses pass/fail. `value` holds a mark 1–5, `passed` a pass (1) or a fail
-- (0): a mark has exactly one of the two, so no reader can take a «зач» for a number.
-- SQLite cannot change a column's constraint: the table is rebuilt, its ids kept and
-- its id sequence too (007: an id is never given to another mark).

CREATE TABLE mark_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson_id    INTEGER NOT NULL REFERENCES lesson(id),
    student_id   INTEGER NOT NULL REFERENCES student(id),
    value        INTEGER CHECK (value BETWEEN 1 AND 5),
    work_type_id INTEGER NOT NULL REFERENCES work_type(id),
    weight       REAL NOT NULL CHECK (weight > 0),
    comment      TEXT NOT NULL DEFAULT '',
    author_id    INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    passed       INTEGER CHECK (passed IN (0, 1)),
    CHECK ((value IS NULL) <> (passed IS NULL))
) STRICT;

INSERT INTO mark_new (id, lesson_id, student_id, value, work_type_id, weight, comment,
                      author_id, created_at, updated_at)
SELECT id, lesson_id, student_id, value, work_type_id, weight, comment,
       author_id, created_at, updated_at
FROM mark;

CREATE TABLE mark_sequence_kept AS
SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'mark'), 0) AS seq;

DROP TABLE mark;
ALTER TABLE mark_new RENAME TO mark;
CREATE INDEX mark_cell ON mark(lesson_id, student_id);
CREATE INDEX mark_student ON mark(student_id);

INSERT INTO sqlite_sequence (name, seq)
SELECT 'mark', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'mark');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM mark_sequence_kept))
WHERE name = 'mark';
DROP TABLE mark_sequence_kept;
