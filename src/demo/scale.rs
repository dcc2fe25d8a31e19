//! `--scale N`: the sample school's classes N times over, for benchmarks. Copy k of
//! class 7Б is 7БА, 7ББ, …; its staff get logins `login.k`.

use chrono::Days;

use crate::domain::class_name::ClassName;
use crate::import::records::{CourseRow, ParentRow, StaffRow, StudentRow, TimetableRow};

const LETTERS: [char; 29] = [
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'З', 'И', 'К', 'Л', 'М', 'Н', 'О', 'П', 'Р', 'С', 'Т', 'У',
    'Ф', 'Х', 'Ц', 'Ч', 'Ш', 'Щ', 'Э', 'Ю', 'Я', 'Ё',
];

pub struct Data {
    pub staff: Vec<StaffRow>,
    pub students: Vec<StudentRow>,
    pub parents: Vec<ParentRow>,
    pub courses: Vec<CourseRow>,
    pub timetable: Vec<TimetableRow>,
}

fn class_copy(c: &ClassName, k: usize) -> ClassName {
    ClassName {
        grade: c.grade,
        letter: format!("{}{}", c.letter, LETTERS[(k - 1) % LETTERS.len()]),
    }
}

impl Data {
    pub fn scaled(mut self, n: u32) -> Data {
        let n = (n.max(1) as usize).min(LETTERS.len() + 1);
        let (staff, students, courses, timetable) = (
            self.staff.clone(),
            self.students.clone(),
            self.courses.clone(),
            self.timetable.clone(),
        );
        for k in 1..n {
            let login = |l: &str| format!("{l}.{k}");
            self.staff.extend(staff.iter().map(|s| {
                StaffRow {
                    login: login(&s.login),
                    homeroom: s
                        .homeroom
                        .as_ref()
                        .map(|h| h.as_ref().map(|c| class_copy(c, k))),
                    ..s.clone()
                }
            }));
            self.students.extend(students.iter().map(|s| {
                StudentRow {
                    class: class_copy(&s.class, k),
                    // Shifting the birth date keeps each copy a distinct person.
                    birth_date: s
                        .birth_date
                        .and_then(|d| d.checked_add_days(Days::new(k as u64))),
                    login: None,
                    ..s.clone()
                }
            }));
            self.courses.extend(courses.iter().map(|c| CourseRow {
                class: class_copy(&c.class, k),
                teacher: login(&c.teacher),
                ..c.clone()
            }));
            self.timetable
                .extend(timetable.iter().map(|t| TimetableRow {
                    class: class_copy(&t.class, k),
                    room: t.room.as_ref().map(|r| format!("{r}/{k}")),
                    ..t.clone()
                }));
        }
        self
    }
}
