-- zhurnal schema, version 4: the lesson pane (homework kind, a note), cancelled lessons.

-- written | oral | reading | project | other; '' when there is no homework.
ALTER TABLE lesson ADD COLUMN homework_kind TEXT NOT NULL DEFAULT ''
    CHECK (homework_kind IN ('', 'written', 'oral', 'reading', 'project', 'other'));
ALTER TABLE lesson ADD COLUMN note TEXT NOT NULL DEFAULT '';
-- A timetabled lesson that did not take place, and why; NULL when it was held.
ALTER TABLE lesson ADD COLUMN cancelled_reason TEXT;
