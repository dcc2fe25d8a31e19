//! The year close's preview as text lines: what moves where, who repeats, whose
//! finals are missing. Shown by the screen and the command line alike.

use crate::i18n::{Lang, lang};
use crate::store::year::{ClassMove, ClosePreview, MissingFinal};
use crate::tr;

/// The preview as the command prints it, a line each.
pub fn preview_lines(p: &ClosePreview) -> Vec<String> {
    let mut out = vec![tr!(
        "Закрытие учебного года {} → {} (начало {})",
        "Closing school year {} → {} (starts {})",
        p.year,
        p.next_year,
        p.next_start.format("%d.%m.%Y")
    )];
    for m in &p.classes {
        out.push(format!("  {}", class_line(m)));
    }
    out.push(tr!(
        "Переводятся: {}, выпускники: {}",
        "Promoted: {}, graduates: {}",
        p.promoted,
        p.graduates
    ));
    if !p.repeaters.is_empty() {
        out.push(tr!(
            "Остаются на повторное обучение: {}",
            "Repeating the grade: {}",
            p.repeaters.len()
        ));
        for (student, class) in &p.repeaters {
            out.push(format!("  {class} {student}"));
        }
    }
    if p.courses > 0 {
        out.push(tr!(
            "Курсы переносятся в новый год: {}",
            "Courses carried into the new year: {}",
            p.courses
        ));
    }
    out.push(tr!("Архив: {}", "Archive: {}", p.archive_path.display()));
    if !p.missing_finals.is_empty() {
        out.push(tr!(
            "Не выставлены годовые отметки: {}",
            "Year finals missing: {}",
            p.missing_finals.len()
        ));
        for m in &p.missing_finals {
            out.push(format!("  {}", missing_line(m)));
        }
    }
    out
}

/// «7Б → 8Б: 25 учеников», «11А: 26 выпускников».
fn class_line(m: &ClassMove) -> String {
    let mut s = match &m.to {
        Some(to) => format!("{} → {to}: {}", m.from, students(m.students)),
        None => format!("{}: {}", m.from, graduates(m.students)),
    };
    if m.courses > 0 {
        s.push_str(&tr!(", курсов: {}", ", courses: {}", m.courses));
    }
    s
}

/// «7Б, Алгебра: Петров Пётр Ильич».
pub fn missing_line(m: &MissingFinal) -> String {
    tr!(
        "{}, {}: {} — нет годовой отметки",
        "{}, {}: {} — no year final",
        m.class,
        m.subject,
        m.student
    )
}

fn students(n: usize) -> String {
    match lang() {
        Lang::Ru => format!("{n} {}", ru_plural(n, "ученик", "ученика", "учеников")),
        Lang::En => format!("{n} {}", if n == 1 { "student" } else { "students" }),
    }
}

fn graduates(n: usize) -> String {
    match lang() {
        Lang::Ru => format!(
            "{n} {}",
            ru_plural(n, "выпускник", "выпускника", "выпускников")
        ),
        Lang::En => format!("{n} {}", if n == 1 { "graduate" } else { "graduates" }),
    }
}

/// Russian noun agreement: 1 ученик, 2 ученика, 5 учеников, 21 ученик, 11 учеников.
fn ru_plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let f = |n| ru_plural(n, "ученик", "ученика", "учеников");
        assert_eq!(f(1), "ученик");
        assert_eq!(f(3), "ученика");
        assert_eq!(f(5), "учеников");
        assert_eq!(f(11), "учеников");
        assert_eq!(f(12), "учеников");
        assert_eq!(f(21), "ученик");
        assert_eq!(f(24), "ученика");
        assert_eq!(f(25), "учеников");
        assert_eq!(f(0), "учеников");
    }
}
