-- zhurnal schema, version 7: a mark's id is never given to another mark. Undo puts a
-- removed mark back as a new row and follows it by its new id; an id used again (SQLite
-- reuses the highest one after a delete) could make two marks one.

CREATE TABLE mark_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson_id    INTEGER NOT NULL REFERENCES lesson(id),
    student_id   INTEGER NOT NULL REFERENCES student(id),
    value        INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    work_type_id INTEGER NOT NULL REFERENCES work_type(id),
    weight       REAL NOT NULL CHECK (weight > 0),
    comment      TEXT NOT NULL DEFAULT '',
    author_id    INTEGER REFERENCES users(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

INSERT INTO mark_new (id, lesson_id, student_id, value, work_type_id, weight, comment,
                      author_id, created_at, updated_at)
SELECT id, lesson_id, student_id, value, work_type_id, weight, comment,
       author_id, created_at, updated_at
FROM mark;

DROP TABLE mark;
ALTER TABLE mark_new RENAME TO mark;
CREATE INDEX mark_cell ON mark(lesson_id, student_id);
CREATE INDEX mark_student ON mark(student_id);

-- Ids of marks removed before this version are not given out again either.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'mark', coalesce((SELECT max(entity_id) FROM audit WHERE entity = 'mark'), 0)
WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'mark');
UPDATE sqlite_sequence
SET seq = max(seq, coalesce((SELECT max(entity_id) FROM audit WHERE entity = 'mark'), 0))
WHERE name = 'mark';
