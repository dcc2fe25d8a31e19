//! Drawing the whole screen: the current screen, the status line, the overlay.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Screen};
use super::widgets::centered;
use super::{grid, overlay, screens};
use crate::i18n::pick;

/// The smallest terminal the screens are made for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    let theme = &app.opts.theme;
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let text = crate::tr!(
            "Окно терминала слишком маленькое: нужно не меньше {}×{}, сейчас {}×{}. Увеличьте окно; Ctrl-Q — выход.",
            "The terminal is too small: zhurnal needs at least {}×{}, this one is {}×{}. Enlarge it; Ctrl-Q quits.",
            MIN_SIZE.0,
            MIN_SIZE.1,
            area.width,
            area.height
        );
        let r = centered(area, area.width.min(60), 5);
        f.render_widget(
            Paragraph::new(text)
                .wrap(Wrap { trim: true })
                .style(theme.status_error),
            r,
        );
        return;
    }
    let [body, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let ascii = app.opts.ascii_borders;
    match &app.screen {
        Screen::Login(l) => screens::render_login(l, &app.school, theme, ascii, f, body),
        Screen::NewPassword(p) => screens::render_new_password(p, theme, ascii, f, body),
        Screen::Today(t) => screens::render_today(t, theme, ascii, f, body),
        Screen::Grid(g) => {
            let rows = if g.pane.is_some() {
                grid::pane::EDIT_ROWS
            } else {
                grid::pane::FOLDED_ROWS
            };
            let [table, pane] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(rows)]).areas(body);
            grid::view::render(g, theme, f, table);
            grid::pane::render(g, g.pane.as_ref(), theme, f, pane);
        }
        Screen::Diary(d) => super::diary::render(d, theme, f, body),
        Screen::Menu(m) => {
            let who = app
                .actor
                .as_ref()
                .map(|a| a.login.clone())
                .unwrap_or_default();
            super::admin::render_menu(m, &who, theme, f, body)
        }
        Screen::Audit(a) => super::admin::audit::render_audit(a, theme, f, body),
        Screen::Users(u) => super::admin::users::render_users(u, theme, f, body),
        Screen::YearClose(y) => super::admin::year_close::render_year_close(y, theme, f, body),
        Screen::Calendar(c) => super::admin::calendar::render_calendar(c, theme, f, body),
        Screen::Classes(c) => super::admin::classes::render_classes(c, theme, f, body),
        Screen::WorkTypes(w) => super::admin::work_types::render_work_types(w, theme, f, body),
        Screen::Import(i) => super::import::render(i, theme, f, body),
        Screen::Gaps(g) => super::screens::gaps::render_gaps(g, theme, f, body),
        Screen::Plan(p) => super::plan::render(p, theme, f, body),
        Screen::Absences(a) => super::absences::render(a, theme, f, body),
        Screen::Report(r) => super::report::render(r, theme, f, body),
        Screen::Class(c) => super::admin::class::render_class(c, theme, f, body),
        Screen::Periods(p) => super::admin::periods::render_periods(p, theme, f, body),
        Screen::Backups(b) => super::admin::backups::render_backups(b, theme, f, body),
        Screen::Courses(c) => super::admin::courses::render_courses(c, theme, f, body),
        Screen::Messages(m) => super::messages::render(m, theme, ascii, f, body),
        Screen::Thread(t) => super::messages::render_thread(t, theme, ascii, f, body),
        Screen::Compose(c) => super::messages::render_compose(c, theme, ascii, f, body),
        Screen::Notice(text) => f.render_widget(
            Paragraph::new(text.as_str())
                .wrap(Wrap { trim: true })
                .style(theme.title),
            centered(body, 60, 4),
        ),
    }
    let style = if app.status.error {
        theme.status_error
    } else {
        theme.status
    };
    let hint = pick("F1 — клавиши", "F1 — keys");
    // Unread messages stay in sight on every screen, with the key that opens them where
    // this screen has one.
    let unread = if app.unread > 0 {
        let key = app
            .opts
            .keymap
            .key_for(app.mode(), crate::keys::Action::Messages)
            .map(|k| format!(" · {k}"))
            .unwrap_or_default();
        crate::tr!(
            "новых сообщений: {}{} ",
            "new messages: {}{} ",
            app.unread,
            key
        )
    } else {
        String::new()
    };
    let room =
        (status.width as usize).saturating_sub(hint.chars().count() + unread.chars().count() + 1);
    let text = crate::tui::text::fit(&app.status.text, room);
    let pad = room.saturating_sub(text.chars().count());
    let mut spans = vec![Span::styled(text, style), Span::raw(" ")];
    if !unread.is_empty() {
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(unread, theme.title));
    }
    spans.push(Span::styled(hint, theme.dim));
    f.render_widget(Paragraph::new(Line::from(spans)), status);
    if let Some(o) = &app.overlay {
        let codes = match &app.screen {
            Screen::Grid(g) => g
                .codes
                .0
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        };
        overlay::render(o, &app.opts.keymap, &codes, theme, ascii, f, area);
    }
}
