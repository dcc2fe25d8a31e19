//! The audit log screen: its state, the filter as typed, its keys, its filter form and
//! its drawing (what the form does: `actions/admin/audit.rs`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Effect;
use super::Tool;
use crate::domain::audit::{Action as AuditAction, Channel};
use crate::domain::calendar::parse_date;
use crate::domain::policy::Actor;
use crate::domain::text::screen_dates;
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Store;
use crate::store::audit_view::{AuditFilter, AuditRow};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::overlay::form::{Field, FormPurpose, FormState};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;
use crate::tui::widgets::list::list_lines;
use crate::tui::widgets::pick_list::Choice;

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
        AuditState::load_action(store, actor, filter_text, None)
    }

    /// The log through the typed filter and an action chosen from the list (`action`;
    /// one typed in the filter wins).
    pub fn load_action(
        store: &Store,
        actor: &Actor,
        filter_text: &str,
        action: Option<AuditAction>,
    ) -> std::result::Result<AuditState, String> {
        let mut filter = parse_filter(filter_text)?;
        // An action typed in the filter is the one meant.
        if filter.action.is_none() {
            filter.action = action;
        }
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

/// The audit filter as typed: `кто=ivanova с=01.12.2025 по=20.12.2025 класс=7Б
/// предмет=Алгебра действие=удаление` (English keys and words too: user, from, to,
/// class, subject, action=delete). Words with spaces go in quotes: `предмет="Русский язык"`.
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
                "«{}»: нужно ключ=значение (кто, с, по, класс, предмет, действие)",
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
                f.action = Some(v.parse::<AuditAction>().map_err(|e| e.to_string())?)
            }
            other => {
                return Err(tr!(
                    "неизвестный ключ «{}»: кто, с, по, класс, предмет, действие",
                    "unknown key «{}»: user, from, to, class, subject, action",
                    other
                ));
            }
        }
    }
    Ok(f)
}

/// A row's old or new value in the interface's words and dates.
fn shown_value(r: &AuditRow, value: &str) -> String {
    crate::domain::audit::value(&r.action, &r.entity, value)
}

/// One row in full: the real time and the journal's date when it differed, who and which
/// way (screen, SSH, command line, the operating-system user), what, and the values.
fn details(r: &AuditRow) -> String {
    let mut lines = vec![match &r.today {
        Some(d) => tr!(
            "Когда: {} (дата журнала: {})",
            "When: {} (the journal's date: {})",
            screen_dates(&r.at),
            parse_date(d)
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_else(|| d.clone())
        ),
        None => tr!("Когда: {}", "When: {}", screen_dates(&r.at)),
    }];
    let mut who = r.actor.clone();
    if let Some(c) = &r.channel {
        who.push_str(" · ");
        who.push_str(Channel::parse(c).map(Channel::name).unwrap_or(c));
    }
    if let Some(u) = &r.os_user {
        who.push_str(&tr!(" · ОС: {}", " · OS: {}", u));
    }
    lines.push(tr!("Кто: {}", "Who: {}", who));
    let old = shown_value(r, r.old.as_deref().unwrap_or_default());
    let new = shown_value(r, r.new.as_deref().unwrap_or_default());
    for (label, value) in [
        (pick("Курс", "Course"), r.course.as_str()),
        (pick("Ученик", "Student"), r.student.as_str()),
        (pick("Было", "Old"), old.as_str()),
        (pick("Стало", "New"), new.as_str()),
    ] {
        if !value.is_empty() {
            lines.push(format!("{label}: {value}"));
        }
    }
    lines.join("\n")
}

pub fn render_audit(s: &AuditState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut filter = s.filter_text.clone();
    if let Some(a) = s.filter.action {
        // The action in words, whether typed or chosen from the list.
        let typed = s
            .filter_text
            .split_whitespace()
            .any(|t| t.starts_with("action=") || t.starts_with("действие="));
        if !typed {
            if !filter.is_empty() {
                filter.push(' ');
            }
            filter.push_str(&tr!("действие: {}", "action: {}", a.name()));
        }
    }
    if filter.is_empty() {
        filter = pick("все записи", "everything").to_string();
    }
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
            (Some(o), Some(n)) if !o.is_empty() => {
                format!("{} → {}", shown_value(r, o), shown_value(r, n))
            }
            (_, Some(n)) => shown_value(r, n),
            (Some(o), None) => format!("− {}", shown_value(r, o)),
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

impl FormState {
    /// The filter form: the typed filter, and the action chosen from a list of their
    /// names (`action`: the one chosen now).
    pub fn audit_filter(current: &str, action: Option<AuditAction>) -> FormState {
        let mut actions = vec![Choice::new("", pick("любое", "any"))];
        for a in AuditAction::ALL {
            // Two stored words may share a name («ошибка входа»): the name once.
            if !actions.iter().any(|c| c.label == a.name()) {
                actions.push(Choice::new(a.as_str(), a.name()));
            }
        }
        FormState::with(
            pick("Фильтр журнала изменений", "Audit filter"),
            FormPurpose::AuditFilter,
            &[
                (Field::Filter, pick("Фильтр", "Filter"), current),
                (Field::Kind, pick("Действие", "Action"), ""),
            ],
            pick(
                "Например: кто=ivanova с=01.12.2025 по=20.12.2025 класс=7Б предмет=Алгебра. Действие — ←→ или первые буквы.",
                "E.g.: user=ivanova from=01.12.2025 to=20.12.2025 class=7Б subject=Алгебра. Action: ←→ or the first letters.",
            ),
        )
        .choose(Field::Kind, actions, action.map_or("", AuditAction::as_str))
    }
}

impl AuditState {
    /// The audit log: F5 changes the filter.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::Filter => Effect::Form(FormState::audit_filter(
                &self.filter_text,
                self.filter.action,
            )),
            Action::Confirm => match self.rows.get(self.selected) {
                Some(r) => Effect::Message {
                    title: crate::domain::audit::label(&r.action, &r.entity).to_string(),
                    text: details(r),
                },
                None => Effect::None,
            },
            _ => Effect::NotHere(action),
        }
    }
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
        assert_eq!(f.action, Some(AuditAction::Delete));
        let f = parse_filter("действие=\"закрытие периода\"").err();
        assert!(f.is_some(), "an action, not an action and its entity");
        let f = parse_filter("действие=отправка кто=ivanova").expect("filter");
        assert_eq!(f.action, Some(AuditAction::Send));
        assert_eq!(parse_filter("  ").expect("empty"), AuditFilter::default());
        assert!(parse_filter("teacher").is_err());
        assert!(parse_filter("from=вчера").is_err());
        assert!(parse_filter("colour=red").is_err());
    }
}
