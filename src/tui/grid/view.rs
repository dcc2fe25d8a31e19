//! Drawing the grid. Reads the state, never writes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::GridState;
use super::layout::{HEADER_ROWS, LESSON_WIDTH, lesson_capacity};
use crate::domain::ids::{LessonId, StudentId};
use crate::domain::marks::FinalValue;
use crate::i18n::pick;
use crate::theme::Theme;
use crate::tui::text::fit;

/// `s` right-aligned in `w` characters.
fn right(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.chars().take(w).collect()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

/// The cell as the grid shows it: attendance code, then the marks side by side.
pub fn cell_text(g: &GridState, lesson_id: LessonId, student_id: StudentId) -> String {
    let mut s = String::new();
    if let Some(c) = g.page.attendance.get(&(lesson_id, student_id)) {
        s.push_str(c);
    }
    if let Some(ms) = g.page.marks.get(&(lesson_id, student_id)) {
        for m in ms {
            s.push_str(m.value.short());
        }
    }
    if s.chars().count() > 5 {
        let mut t: String = s.chars().take(4).collect();
        t.push('+');
        t
    } else {
        s
    }
}

/// A suggested final in the final's column (five characters with its «~»): «зач» and
/// «незач» as a cell writes them, «зч» and «нз».
fn suggested_text(v: FinalValue) -> &'static str {
    match v {
        FinalValue::Pass => "зч",
        FinalValue::Fail => "нз",
        other => other.as_str(),
    }
}

pub fn render(g: &GridState, theme: &Theme, f: &mut Frame, area: Rect) {
    let lessons = &g.page.lessons;
    let cap = lesson_capacity(area.width);
    let visible: Vec<usize> = (g.col_offset..lessons.len()).take(cap).collect();
    let today_col = lessons.iter().position(|l| l.date == g.today);
    // The 1st grade, or a course not assessed in this period: attendance only.
    let grade1 = g.page.assessment == crate::domain::grading::Assessment::None;

    // Title: class · subject · period · teacher.
    let course = &g.page.course;
    let group = course
        .subgroup
        .as_ref()
        .map(|(_, n)| format!(" ({} {n})", pick("гр.", "gr.")))
        .unwrap_or_default();
    // A closed period says so before anything is typed into it.
    let closed = if g.page.closed {
        format!(" · {}", pick("период закрыт", "period closed"))
    } else {
        String::new()
    };
    let title = format!(
        "{} · {}{group} · {} · {}{closed}",
        course.class,
        course.subject,
        g.period().name,
        g.teacher
    );
    let mut lines = vec![Line::from(Span::styled(
        fit(&title, area.width as usize),
        theme.title,
    ))];

    // Header: dates, then work types (or «замена»); a lesson not held yet is dimmed,
    // «·» under its date when it has no work type.
    let name_head = format!("{} {}│", right("№", 2), fit(pick("Ученик", "Student"), 14));
    let mut dates = vec![Span::styled(name_head, theme.header)];
    let mut kinds = vec![Span::styled(format!("{}│", " ".repeat(17)), theme.header)];
    for &c in &visible {
        let l = &lessons[c];
        let mut st = theme.header;
        if Some(c) == today_col {
            st = st.patch(theme.today);
        }
        let not_held = g.not_held(l);
        if not_held {
            st = st.patch(theme.dim);
        }
        // The cursor's column is named in the lesson pane below; the header stays as
        // it is, so a move sideways redraws only the two cells.
        dates.push(Span::styled(format!("{} ", l.date.format("%d.%m")), st));
        let mut kind = g.work_type_short(l.work_type_id).to_string();
        if l.conducted_by.is_some_and(|s| s != course.teacher_id) {
            kind = pick("зам.", "sub.").to_string();
        }
        if not_held && kind.is_empty() {
            kind = "  ·".to_string();
        }
        kinds.push(Span::styled(format!("{} ", fit(&kind, 5)), st));
    }
    let used = 18 + visible.len() * LESSON_WIDTH as usize;
    let pad = (area.width as usize).saturating_sub(used + 18);
    dates.push(Span::raw(" ".repeat(pad)));
    kinds.push(Span::raw(" ".repeat(pad)));
    dates.push(Span::styled(
        format!(
            "│{} {} {} {}",
            right(pick("Ср.", "Avg"), 5),
            right(pick("От", "Mk"), 2),
            right(pick("Пр", "Ab"), 2),
            fit(pick("Итог", "Final"), 5)
        ),
        theme.header,
    ));
    kinds.push(Span::styled(format!("│{}", " ".repeat(17)), theme.header));
    lines.push(Line::from(dates));
    lines.push(Line::from(kinds));

    // Students.
    // `area` is the screen above the status line.
    let rows = area.height.saturating_sub(HEADER_ROWS).max(1) as usize;
    for (i, s) in g
        .page
        .students
        .iter()
        .enumerate()
        .skip(g.row_offset)
        .take(rows)
    {
        let mut spans = Vec::new();
        // The cursor's row shows in its number alone: moving down redraws two numbers,
        // not two names (every byte counts on a slow line).
        let number_style = if i == g.row {
            theme.name.add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            theme.name
        };
        spans.push(Span::styled(right(&(i + 1).to_string(), 2), number_style));
        spans.push(Span::styled(
            format!(" {}│", fit(&s.name.short(), 14)),
            theme.name,
        ));
        for &c in &visible {
            let l = &lessons[c];
            let text = cell_text(g, l.id, s.id);
            let mut st = Style::default();
            if Some(c) == today_col {
                st = st.patch(theme.today);
            }
            if g.page.attendance.contains_key(&(l.id, s.id)) {
                st = st.patch(theme.absent);
            }
            if g.page
                .marks
                .get(&(l.id, s.id))
                .is_some_and(|ms| ms.iter().any(|m| m.value.is_low()))
            {
                st = st.patch(theme.mark_low);
            }
            if i == g.row && c == g.col {
                st = st.patch(theme.cursor);
                let shown = if text.is_empty() {
                    "·".to_string()
                } else {
                    text
                };
                spans.push(Span::styled(fit(&shown, 5), st));
                spans.push(Span::raw(" "));
            } else {
                spans.push(Span::styled(fit(&text, 5), st));
                spans.push(Span::styled(
                    " ",
                    if Some(c) == today_col {
                        theme.today
                    } else {
                        Style::default()
                    },
                ));
            }
        }
        spans.push(Span::raw(" ".repeat(pad)));
        // A substitute's page holds only their lessons: totals would mislead.
        let t = if g.page.restricted {
            Default::default()
        } else {
            g.totals(s.id).cloned().unwrap_or_default()
        };
        let (avg, avg_style) = match t.average {
            _ if grade1 => ("—".to_string(), theme.dim),
            // Exempt for the period: said where the average stands.
            _ if t.exempt => (FinalValue::Exempt.as_str().to_string(), theme.dim),
            Some(a) if a < 3.0 => (format!("{a:.2}!"), theme.average_low),
            Some(a) => (format!("{a:.2}"), Style::default()),
            None => (String::new(), Style::default()),
        };
        let fin = match (&t.final_mark, t.suggested) {
            (Some(f), _) => (f.clone(), theme.final_mark),
            (None, Some(v)) if !grade1 => (format!("~{}", suggested_text(v)), theme.dim),
            _ => (String::new(), theme.dim),
        };
        spans.push(Span::styled("│", theme.header));
        spans.push(Span::styled(right(&avg, 5), avg_style));
        spans.push(Span::raw(format!(
            " {} {} ",
            right(
                &if grade1 {
                    String::new()
                } else {
                    t.marks.to_string()
                },
                2
            ),
            right(&t.missed.to_string(), 2)
        )));
        spans.push(Span::styled(fit(&fin.0, 5), fin.1));
        lines.push(Line::from(spans));
    }
    if g.page.students.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("  в курсе нет учеников", "  the course has no students"),
            theme.dim,
        )));
    }
    if lessons.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("  в этом периоде нет уроков", "  no lessons in this period"),
            theme.dim,
        )));
    }
    // Each row is one line of spans: drawn directly, without a paragraph's reflowing.
    for (i, line) in lines.into_iter().enumerate().take(area.height as usize) {
        let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
        f.render_widget(line, row);
    }
}
