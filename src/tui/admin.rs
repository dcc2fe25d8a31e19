//! The administration's screens: the menu, the audit log, the accounts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::grid::view::fit;
use super::widgets::list::list_lines;
use crate::domain::audit::Action;
use crate::domain::calendar::parse_date;
use crate::domain::ids::ClassId;
use crate::domain::policy::Actor;
use crate::domain::roles::Role;
use crate::i18n::pick;
use crate::store::accounts::UserRow;
use crate::store::audit_view::{AuditFilter, AuditRow};
use crate::store::classes::ClassRow;
use crate::store::students::StudentRef;
use crate::store::work_types::WorkTypeInfo;
use crate::store::year::{CloseOptions, ClosePreview};
use crate::store::{Result, Store};
use crate::theme::Theme;
use crate::tr;

/// A tool of the administration's menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Messages,
    Audit,
    Users,
    Classes,
    Reports,
    WorkTypes,
    Substitutions,
    Import,
    YearClose,
}

impl Tool {
    pub fn title(self) -> &'static str {
        match self {
            Tool::Audit => pick("Журнал изменений (аудит)", "Audit log"),
            Tool::Users => pick("Учётные записи", "Accounts"),
            Tool::Classes => pick("Классы и движение учеников", "Classes and student movement"),
            Tool::WorkTypes => pick("Виды работ и их веса", "Work types and their weights"),
            Tool::Substitutions => pick("Замены уроков", "Substitutions"),
            Tool::Reports => pick(
                "Отчёты: накопляемость, качество, пропуски, ведомость …",
                "Reports: marks, quality, absences, summary …",
            ),
            Tool::Import => pick(
                "Импорт файлов (сотрудники, ученики, расписание …)",
                "Import files (staff, students, timetable …)",
            ),
            Tool::YearClose => pick("Закрытие учебного года", "Closing the school year"),
            Tool::Messages => pick("Сообщения и объявления", "Messages and announcements"),
        }
    }

    /// The tools a user's roles open.
    pub fn for_actor(actor: &Actor) -> Vec<Tool> {
        let mut t = Vec::new();
        if actor.reads_everything() {
            t.push(Tool::Audit);
            t.push(Tool::Reports);
        }
        if actor.has(Role::Admin) {
            t.push(Tool::Users);
            t.push(Tool::Classes);
        }
        if actor.has(Role::Admin) || actor.has(Role::Deputy) {
            t.push(Tool::WorkTypes);
        }
        if actor.has(Role::Deputy) || actor.has(Role::Director) {
            t.push(Tool::Substitutions);
        }
        if actor.has(Role::Admin) {
            t.push(Tool::Import);
            t.push(Tool::YearClose);
        }
        if !t.is_empty() {
            t.push(Tool::Messages);
        }
        t
    }
}

#[derive(Debug, Clone)]
pub struct MenuState {
    pub tools: Vec<Tool>,
    pub selected: usize,
    /// Whether Today is behind this menu (a teaching deputy), for Esc.
    pub from_today: bool,
}

#[derive(Debug, Clone)]
pub struct AuditState {
    pub filter_text: String,
    pub filter: AuditFilter,
    pub rows: Vec<AuditRow>,
    pub selected: usize,
}

pub const AUDIT_PAGE: usize = 500;

impl AuditState {
    pub fn load(
        store: &Store,
        actor: &Actor,
        filter_text: &str,
    ) -> std::result::Result<AuditState, String> {
        let filter = parse_filter(filter_text)?;
        let rows = store
            .audit(actor, &filter, AUDIT_PAGE, 0)
            .map_err(|e| e.to_string())?;
        Ok(AuditState {
            filter_text: filter_text.trim().to_string(),
            filter,
            rows,
            selected: 0,
        })
    }
}

/// The audit filter as typed: `user=teacher from=01.12.2025 to=20.12.2025 class=7Б
/// subject=Алгебра action=delete` (Russian keys too: пользователь, с, по, класс,
/// предмет, действие). Words with spaces go in quotes: `subject="Русский язык"`.
pub fn parse_filter(text: &str) -> std::result::Result<AuditFilter, String> {
    let mut f = AuditFilter::default();
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    for t in tokens {
        let Some((k, v)) = t.split_once('=') else {
            return Err(tr!(
                "«{}»: нужно ключ=значение (user, from, to, class, subject, action)",
                "«{}»: use key=value (user, from, to, class, subject, action)",
                t
            ));
        };
        let date =
            |v: &str| parse_date(v).ok_or_else(|| tr!("«{}» — не дата", "«{}» is not a date", v));
        match k.to_lowercase().as_str() {
            "user" | "пользователь" | "кто" => f.user = Some(v.to_string()),
            "from" | "с" => f.from = Some(date(v)?),
            "to" | "по" => f.to = Some(date(v)?),
            "class" | "класс" => f.class = Some(v.to_string()),
            "subject" | "предмет" => f.subject = Some(v.to_string()),
            "action" | "действие" => {
                f.action = Some(v.parse::<Action>().map_err(|e| e.to_string())?)
            }
            other => {
                return Err(tr!(
                    "неизвестный ключ «{}»: user, from, to, class, subject, action",
                    "unknown key «{}»: user, from, to, class, subject, action",
                    other
                ));
            }
        }
    }
    Ok(f)
}

#[derive(Debug, Clone)]
pub struct UsersState {
    pub rows: Vec<UserRow>,
    pub selected: usize,
}

impl UsersState {
    pub fn load(store: &Store, actor: &Actor) -> Result<UsersState> {
        Ok(UsersState {
            rows: store.users(actor)?,
            selected: 0,
        })
    }
}

/// The year-close preview: what closing would do, before it is done.
#[derive(Debug, Clone)]
pub struct YearCloseState {
    pub preview: ClosePreview,
    pub lines: Vec<String>,
    pub scroll: usize,
    pub carry_courses: bool,
}

impl YearCloseState {
    pub fn load(store: &Store, carry_courses: bool) -> std::result::Result<YearCloseState, String> {
        let opts = CloseOptions {
            carry_courses,
            ..CloseOptions::default()
        };
        let preview = store.year_close_preview(&opts).map_err(|e| e.to_string())?;
        Ok(YearCloseState {
            lines: crate::report::year_close::preview_lines(&preview),
            preview,
            scroll: 0,
            carry_courses,
        })
    }

    pub fn options(&self) -> CloseOptions {
        CloseOptions {
            carry_courses: self.carry_courses,
            ..CloseOptions::default()
        }
    }
}

pub fn render_year_close(s: &YearCloseState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let carry = if s.carry_courses {
        pick("да", "yes")
    } else {
        pick("нет", "no")
    };
    let mut lines = vec![
        Line::from(Span::styled(
            fit(Tool::YearClose.title(), width),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                &tr!(
                    "Enter — закрыть год · F4 — переносить курсы: {} · Esc — назад",
                    "Enter — close the year · F4 — carry the courses over: {} · Esc — back",
                    carry
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    let scroll = s.scroll.min(s.lines.len().saturating_sub(room));
    lines.extend(
        s.lines
            .iter()
            .skip(scroll)
            .take(room)
            .map(|l| Line::from(fit(l, width))),
    );
    f.render_widget(Paragraph::new(lines), area);
}

/// The classes of the year.
#[derive(Debug, Clone)]
pub struct ClassesState {
    pub rows: Vec<ClassRow>,
    pub selected: usize,
}

/// One class's students.
#[derive(Debug, Clone)]
pub struct ClassState {
    pub class: ClassRow,
    pub students: Vec<StudentRef>,
    pub selected: usize,
}

impl ClassesState {
    pub fn load(store: &Store) -> Result<ClassesState> {
        Ok(ClassesState {
            rows: store.class_rows()?,
            selected: 0,
        })
    }
}

impl ClassState {
    pub fn load(store: &Store, class_id: ClassId) -> Result<ClassState> {
        let class = store
            .class_rows()?
            .into_iter()
            .find(|c| c.id == class_id)
            .ok_or_else(|| {
                crate::store::StoreError::NotFound(tr!("нет класса", "no such class"))
            })?;
        Ok(ClassState {
            students: store.class_list(class_id)?,
            class,
            selected: 0,
        })
    }
}

pub fn render_classes(s: &ClassesState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(fit(Tool::Classes.title(), width), theme.title)),
        Line::from(Span::styled(
            pick(
                "Enter — ученики класса · Esc — назад",
                "Enter — the class's students · Esc — back",
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |c| {
        format!(
            "{:<5} {:>3} {}  {}",
            c.name.to_string(),
            c.students,
            pick("уч.", "st."),
            c.teacher
                .as_ref()
                .map(|t| t.initials())
                .unwrap_or_else(|| pick("нет классного руководителя", "no class teacher").into())
        )
    }));
    f.render_widget(Paragraph::new(lines), area);
}

pub fn render_class(s: &ClassState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let teacher = s
        .class
        .teacher
        .as_ref()
        .map(|t| t.initials())
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · {} {} · {}",
                    s.class.name,
                    s.students.len(),
                    pick("уч.", "st."),
                    teacher
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "Enter — история · F2 — прибытие · F3 — выбытие · F4 — перевод · F6 — классный руководитель",
                    "Enter — history · F2 — arrival · F3 — departure · F4 — transfer · F6 — class teacher",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(
        &s.students,
        s.selected,
        room,
        theme,
        width,
        |st| st.name.full(),
    ));
    if s.students.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("в классе нет учеников", "the class has no students"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

#[derive(Debug, Clone)]
pub struct WorkTypesState {
    pub rows: Vec<WorkTypeInfo>,
    pub selected: usize,
}

impl WorkTypesState {
    pub fn load(store: &Store) -> Result<WorkTypesState> {
        Ok(WorkTypesState {
            rows: store.work_type_list()?,
            selected: 0,
        })
    }
}

pub fn render_work_types(s: &WorkTypesState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(Tool::WorkTypes.title(), width),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "Enter — изменить · F2 — добавить · F4 — отключить/включить · Esc — назад",
                    "Enter — edit · F2 — add · F4 — disable/enable · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |w| {
        format!(
            "{:<28} {:<5} {:>4}  {:>6} {}  {}",
            fit(&w.row.name, 28),
            w.row.short,
            w.row.weight,
            w.marks,
            pick("отм.", "marks"),
            if w.active {
                ""
            } else {
                pick("отключён", "disabled")
            }
        )
    }));
    f.render_widget(Paragraph::new(lines), area);
}

/// My past lessons left unfilled.
#[derive(Debug, Clone)]
pub struct GapsState {
    pub rows: Vec<crate::store::lessons::Gap>,
    pub selected: usize,
}

pub fn render_gaps(s: &GapsState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · {}",
                    pick("Незаполненные уроки", "Unfilled lessons"),
                    s.rows.len()
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            pick(
                "Enter — открыть урок в журнале · Esc — назад",
                "Enter — open the lesson · Esc — back",
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |g| {
        let missing: Vec<String> = g.missing.iter().map(|m| m.label()).collect();
        format!(
            "{} {} {}{} — {}",
            g.date.format("%d.%m"),
            g.lesson_no,
            g.course,
            if g.substituted {
                pick(" (замена)", " (substitute)")
            } else {
                ""
            },
            missing.join(", ")
        )
    }));
    if s.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("всё заполнено", "everything is filled in"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

pub fn render_menu(s: &MenuState, who: &str, theme: &Theme, f: &mut Frame, area: Rect) {
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} · {who}", pick("Администрация", "Administration")),
            theme.title,
        )),
        Line::from(""),
    ];
    lines.extend(list_lines(
        &s.tools,
        s.selected,
        area.height as usize,
        theme,
        area.width as usize,
        |t| format!("  {}", t.title()),
    ));
    if s.tools.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("для вашей роли инструментов нет", "no tools for your role"),
            theme.dim,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        pick("Enter — открыть · Esc — назад", "Enter — open · Esc — back"),
        theme.dim,
    )));
    f.render_widget(Paragraph::new(lines), area);
}

pub fn render_audit(s: &AuditState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let filter = if s.filter_text.is_empty() {
        pick("все записи", "everything")
    } else {
        &s.filter_text
    };
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · {} {}",
                    Tool::Audit.title(),
                    pick("найдено", "found"),
                    s.rows.len()
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                &format!(
                    "{}: {filter} · F5 — {}",
                    pick("Фильтр", "Filter"),
                    pick("изменить", "change")
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |r| {
        let change = match (&r.old, &r.new) {
            (Some(o), Some(n)) if !o.is_empty() => format!("{o} → {n}"),
            (_, Some(n)) => n.clone(),
            (Some(o), None) => format!("− {o}"),
            (None, None) => String::new(),
        };
        // «2025-12-12 11:23:00» → «12.12 11:23».
        let at = match (r.at.get(5..7), r.at.get(8..10), r.at.get(11..16)) {
            (Some(m), Some(d), Some(t)) => format!("{d}.{m} {t}"),
            _ => r.at.clone(),
        };
        let student = r.student.split(' ').collect::<Vec<_>>();
        let student = match student.as_slice() {
            [last, first, ..] => format!("{last} {}.", first.chars().next().unwrap_or(' ')),
            _ => r.student.clone(),
        };
        format!(
            "{at} {:<10} {:<14} {} {student} {change}",
            fit(&r.actor, 10),
            crate::domain::audit::label(&r.action, &r.entity),
            r.course
        )
    }));
    if s.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            pick("ничего не найдено", "nothing found"),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}

pub fn render_users(s: &UsersState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!("{} · {}", Tool::Users.title(), s.rows.len()),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "F2 — добавить · F3 — одноразовый пароль · F4 — отключить/включить · Esc — назад",
                    "F2 — add · F3 — one-time password · F4 — disable/enable · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |u| {
        let mut flags = Vec::new();
        if !u.active {
            flags.push(pick("отключён", "disabled"));
        }
        if u.locked {
            flags.push(pick("заблокирован", "locked"));
        }
        if u.must_change {
            flags.push(pick("одноразовый пароль", "one-time password"));
        }
        format!(
            "{:<18} {:<20} {:<24} {}",
            u.login,
            u.name,
            u.roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(","),
            flags.join(", ")
        )
    }));
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_in_either_language() {
        let f = parse_filter("user=teacher с=01.12.2025 to=2025-12-20 класс=7Б subject=\"Русский язык\" action=delete")
            .expect("filter");
        assert_eq!(f.user.as_deref(), Some("teacher"));
        assert_eq!(f.from, parse_date("2025-12-01"));
        assert_eq!(f.to, parse_date("2025-12-20"));
        assert_eq!(f.class.as_deref(), Some("7Б"));
        assert_eq!(f.subject.as_deref(), Some("Русский язык"));
        assert_eq!(f.action, Some(Action::Delete));
        assert_eq!(parse_filter("  ").expect("empty"), AuditFilter::default());
        assert!(parse_filter("teacher").is_err());
        assert!(parse_filter("from=вчера").is_err());
        assert!(parse_filter("colour=red").is_err());
    }
}
