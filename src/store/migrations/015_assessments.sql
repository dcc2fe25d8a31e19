-- zhurnal schema, version 15: assessment events and their results. An event is a
-- course's (interim assessment, a school exam, ОГЭ, ЕГЭ) or a grade's (итоговое
-- собеседование, итоговое сочинение); a result is a mark or зачёт/незачёт, with points
-- where the kind has them (ЕГЭ: points only). `overall_final` is the final for the year
-- after an exam (итоговая отметка), set from the year final and the exam.

CREATE TABLE assessment (
    id        INTEGER PRIMARY KEY,
    year_id   INTEGER NOT NULL REFERENCES school_year(id),
    kind      TEXT NOT NULL CHECK (kind IN ('interim', 'exam', 'interview', 'essay', 'oge', 'ege')),
    course_id INTEGER REFERENCES course(id),
    grade     INTEGER CHECK (grade BETWEEN 1 AND 11),
    date      TEXT NOT NULL CHECK (date(date) IS date),
    name      TEXT NOT NULL,
    CHECK ((course_id IS NULL) <> (grade IS NULL))
) STRICT;
CREATE INDEX assessment_course ON assessment(course_id);

CREATE TABLE assessment_result (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id),
    student_id    INTEGER NOT NULL REFERENCES student(id),
    value         TEXT CHECK (value IS NULL OR value IN ('1', '2', '3', '4', '5', 'зач', 'незач')),
    points        INTEGER CHECK (points IS NULL OR points BETWEEN 0 AND 100),
    author_id     INTEGER REFERENCES users(id),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, student_id),
    CHECK (value IS NOT NULL OR points IS NOT NULL)
) STRICT, WITHOUT ROWID;
CREATE INDEX assessment_result_student ON assessment_result(student_id);

CREATE TABLE overall_final (
    student_id INTEGER NOT NULL REFERENCES student(id),
    course_id  INTEGER NOT NULL REFERENCES course(id),
    value      TEXT NOT NULL CHECK (value IN ('1', '2', '3', '4', '5', 'зач', 'незач', 'н/а', 'осв')),
    author_id  INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (student_id, course_id)
) STRICT, WITHOUT ROWID;
