-- zhurnal schema, version 2: when a lesson's attendance was taken. A lesson with no
-- absences looks the same as one where nobody checked; this column tells them apart.

ALTER TABLE lesson ADD COLUMN attendance_taken_at TEXT;

UPDATE lesson
SET attendance_taken_at = (SELECT min(a.updated_at) FROM attendance a WHERE a.lesson_id = lesson.id)
WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.lesson_id = lesson.id);
