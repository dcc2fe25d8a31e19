-- zhurnal schema, version 1: the school year, people, courses, lessons, marks,
-- attendance, finals, thematic plans, accounts and the audit log.
-- Dates are 'YYYY-MM-DD' text, times 'YYYY-MM-DD HH:MM:SS' (local school time).

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE school_year (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    start_date TEXT NOT NULL CHECK (date(start_date) IS start_date),
    end_date   TEXT NOT NULL CHECK (date(end_date) IS end_date AND end_date >= start_date),
    closed     INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
) STRICT;

CREATE TABLE period (
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES school_year(id),
    num        INTEGER NOT NULL CHECK (num >= 1),
    name       TEXT NOT NULL,
    start_date TEXT NOT NULL CHECK (date(start_date) IS start_date),
    end_date   TEXT NOT NULL CHECK (date(end_date) IS end_date AND end_date >= start_date),
    UNIQUE (year_id, num)
) STRICT;

CREATE TABLE holiday (
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES school_year(id),
    name       TEXT NOT NULL,
    start_date TEXT NOT NULL CHECK (date(start_date) IS start_date),
    end_date   TEXT NOT NULL CHECK (date(end_date) IS end_date AND end_date >= start_date),
    grade_min  INTEGER NOT NULL DEFAULT 1 CHECK (grade_min BETWEEN 1 AND 11),
    grade_max  INTEGER NOT NULL DEFAULT 11 CHECK (grade_max BETWEEN grade_min AND 11)
) STRICT;

CREATE TABLE bell (
    number     INTEGER PRIMARY KEY CHECK (number BETWEEN 0 AND 12),
    start_time TEXT NOT NULL,
    end_time   TEXT NOT NULL
) STRICT;

CREATE TABLE final_cutoff (
    from_avg REAL NOT NULL,
    mark     INTEGER NOT NULL UNIQUE CHECK (mark BETWEEN 1 AND 5)
) STRICT;

CREATE TABLE work_type (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE CHECK (name <> ''),
    short  TEXT NOT NULL UNIQUE CHECK (short <> ''),
    weight REAL NOT NULL CHECK (weight > 0),
    ord    INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE attendance_code (
    code    TEXT PRIMARY KEY CHECK (code <> ''),
    name    TEXT NOT NULL,
    absent  INTEGER NOT NULL CHECK (absent IN (0, 1)),
    excused INTEGER NOT NULL CHECK (excused IN (0, 1)),
    ord     INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    last_name  TEXT NOT NULL CHECK (last_name <> ''),
    first_name TEXT NOT NULL,
    patronymic TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE class (
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES school_year(id),
    grade      INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
    letter     TEXT NOT NULL CHECK (letter <> ''),
    teacher_id INTEGER REFERENCES staff(id),
    UNIQUE (year_id, grade, letter)
) STRICT;

CREATE TABLE subgroup (
    id       INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES class(id),
    name     TEXT NOT NULL CHECK (name <> ''),
    UNIQUE (class_id, name)
) STRICT;

CREATE TABLE subject (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (name <> '')
) STRICT;

CREATE TABLE student (
    id         INTEGER PRIMARY KEY,
    last_name  TEXT NOT NULL CHECK (last_name <> ''),
    first_name TEXT NOT NULL,
    patronymic TEXT NOT NULL DEFAULT '',
    birth_date TEXT CHECK (birth_date IS NULL OR date(birth_date) IS birth_date)
) STRICT;

-- A stay in a class: enrolled from start_date, not any more from end_date.
CREATE TABLE enrollment (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES student(id),
    class_id    INTEGER NOT NULL REFERENCES class(id),
    start_date  TEXT NOT NULL CHECK (date(start_date) IS start_date),
    start_kind  TEXT NOT NULL CHECK (start_kind IN ('enrolled', 'arrival', 'transfer')),
    start_order TEXT NOT NULL DEFAULT '',
    end_date    TEXT CHECK (end_date IS NULL OR (date(end_date) IS end_date AND end_date > start_date)),
    end_kind    TEXT CHECK (end_kind IS NULL OR end_kind IN ('departure', 'transfer', 'graduation')),
    end_order   TEXT NOT NULL DEFAULT '',
    CHECK ((end_date IS NULL) = (end_kind IS NULL))
) STRICT;
CREATE INDEX enrollment_student ON enrollment(student_id);
CREATE INDEX enrollment_class ON enrollment(class_id);

CREATE TABLE subgroup_member (
    subgroup_id INTEGER NOT NULL REFERENCES subgroup(id),
    student_id  INTEGER NOT NULL REFERENCES student(id),
    PRIMARY KEY (subgroup_id, student_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE course (
    id          INTEGER PRIMARY KEY,
    class_id    INTEGER NOT NULL REFERENCES class(id),
    subgroup_id INTEGER REFERENCES subgroup(id),
    subject_id  INTEGER NOT NULL REFERENCES subject(id),
    teacher_id  INTEGER NOT NULL REFERENCES staff(id),
    hours       REAL NOT NULL CHECK (hours >= 0)
) STRICT;
CREATE UNIQUE INDEX course_unique ON course(class_id, subject_id, ifnull(subgroup_id, 0));
CREATE INDEX course_teacher ON course(teacher_id);

CREATE TABLE timetable (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES course(id),
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    lesson_no  INTEGER NOT NULL CHECK (lesson_no BETWEEN 0 AND 12),
    room       TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL CHECK (date(valid_from) IS valid_from),
    valid_to   TEXT NOT NULL CHECK (date(valid_to) IS valid_to AND valid_to >= valid_from)
) STRICT;
CREATE INDEX timetable_course ON timetable(course_id);

CREATE TABLE plan_item (
    id           INTEGER PRIMARY KEY,
    course_id    INTEGER NOT NULL REFERENCES course(id),
    ord          INTEGER NOT NULL CHECK (ord >= 1),
    topic        TEXT NOT NULL CHECK (topic <> ''),
    hours        INTEGER NOT NULL CHECK (hours >= 1),
    planned_date TEXT CHECK (planned_date IS NULL OR date(planned_date) IS planned_date),
    UNIQUE (course_id, ord)
) STRICT;

CREATE TABLE lesson (
    id           INTEGER PRIMARY KEY,
    course_id    INTEGER NOT NULL REFERENCES course(id),
    date         TEXT NOT NULL CHECK (date(date) IS date),
    lesson_no    INTEGER NOT NULL CHECK (lesson_no BETWEEN 0 AND 12),
    source       TEXT NOT NULL DEFAULT 'timetable' CHECK (source IN ('timetable', 'manual')),
    topic        TEXT NOT NULL DEFAULT '',
    homework     TEXT NOT NULL DEFAULT '',
    work_type_id INTEGER REFERENCES work_type(id),
    plan_item_id INTEGER REFERENCES plan_item(id),
    conducted_by INTEGER REFERENCES staff(id),
    UNIQUE (course_id, date, lesson_no)
) STRICT;
CREATE INDEX lesson_date ON lesson(date);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (login <> ''),
    password_hash TEXT,
    staff_id      INTEGER REFERENCES staff(id),
    student_id    INTEGER REFERENCES student(id),
    display_name  TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    must_change   INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE user_role (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL CHECK (role IN ('admin', 'director', 'deputy', 'teacher',
                                          'class_teacher', 'parent', 'student')),
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE parent_child (
    user_id    INTEGER NOT NULL REFERENCES users(id),
    student_id INTEGER NOT NULL REFERENCES student(id),
    PRIMARY KEY (user_id, student_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE mark (
    id           INTEGER PRIMARY KEY,
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
CREATE INDEX mark_cell ON mark(lesson_id, student_id);
CREATE INDEX mark_student ON mark(student_id);

CREATE TABLE attendance (
    lesson_id  INTEGER NOT NULL REFERENCES lesson(id),
    student_id INTEGER NOT NULL REFERENCES student(id),
    code       TEXT NOT NULL REFERENCES attendance_code(code),
    author_id  INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (lesson_id, student_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX attendance_student ON attendance(student_id);

-- period_id NULL: the year's final.
CREATE TABLE final_mark (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student(id),
    course_id  INTEGER NOT NULL REFERENCES course(id),
    period_id  INTEGER REFERENCES period(id),
    value      TEXT NOT NULL CHECK (value IN ('1', '2', '3', '4', '5', 'зач', 'незач', 'н/а', 'осв')),
    author_id  INTEGER REFERENCES users(id),
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX final_unique ON final_mark(student_id, course_id, ifnull(period_id, 0));

-- Every change: who, when, what, the old and the new value (JSON-free plain text).
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    lesson_id INTEGER,
    student_id INTEGER,
    course_id INTEGER,
    old_value TEXT,
    new_value TEXT
) STRICT;
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_cell ON audit(lesson_id, student_id);
