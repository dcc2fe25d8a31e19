//! Drawing the whole screen: the current screen, the overlay, the status line and the
//! function-key bar.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::admin::Tool;
use super::app::{App, Screen};
use super::overlay::Overlay;
use super::overlay::form::FormPurpose;
use super::text::wrapped_rows;
use super::widgets::{centered, keybar};
use super::{grid, overlay, screens};
use crate::keys::{Action, Resolved};

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
    let [body, status, bar] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
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
        Screen::Families(s) => super::screens::families::render(s, theme, f, body),
        Screen::Weekly(s) => super::screens::weekly::render(s, theme, f, body),
        Screen::Exams(s) => super::screens::exams::render(s, theme, f, body),
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
        let offered = |a: Action| offered(app, a);
        overlay::render(o, &app.opts.keymap, &codes, &offered, theme, ascii, f, area);
    }
    render_status(app, f, status, bar);
}

/// The status line and the key bar under it. A message longer than the line wraps
/// upwards over the bar (and the screen's last rows) until the next key; after that it
/// stays, cut, above the bar.
fn render_status(app: &App, f: &mut Frame, status: Rect, bar: Rect) {
    let theme = &app.opts.theme;
    let style = if app.status.error {
        theme.status_error
    } else {
        theme.status
    };
    // Unread messages stay in sight on every screen, with the key that opens them where
    // this screen has one.
    let unread = if app.unread > 0 {
        let key = app
            .opts
            .keymap
            .key_for(app.mode(), Action::Messages)
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
    let width = status.width as usize;
    let text = app.status.text.as_str();
    let room = width.saturating_sub(unread.chars().count() + 1);
    if text.chars().count() > room && app.status.fresh {
        let rows = (wrapped_rows(text, width) as u16).clamp(2, 8);
        let top = (bar.y + 1).saturating_sub(rows);
        let r = Rect::new(status.x, top, status.width, rows);
        f.render_widget(Clear, r);
        f.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).style(style),
            r,
        );
        return;
    }
    let text = crate::tui::text::fit(text, room);
    let pad = room.saturating_sub(text.chars().count());
    let mut spans = vec![Span::styled(text, style), Span::raw(" ")];
    if !unread.is_empty() {
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(unread, theme.title));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), status);
    keybar::render(&bar_labels(app), theme, f, bar);
}

/// The labels of F1–F10 on the current screen: what each does for this user here.
pub fn bar_labels(app: &App) -> [Option<&'static str>; 10] {
    let mode = app.mode();
    let mut labels = [None; 10];
    for (n, label) in (1..=10u8).zip(labels.iter_mut()) {
        let ev = KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE);
        if let Resolved::Action(a) = app.opts.keymap.resolve(mode, &mut Vec::new(), &ev)
            && offered(app, a)
        {
            *label = Some(bar_label(app, a));
        }
    }
    labels
}

fn bar_label(app: &App, action: Action) -> &'static str {
    // In the year final's form F10 turns back to the period's.
    let action = match (&app.overlay, action) {
        (Some(Overlay::Form(form)), Action::SetYearFinal)
            if matches!(form.purpose, FormPurpose::Final(_, _, None, _)) =>
        {
            Action::SetFinal
        }
        _ => action,
    };
    // Keys shared by several lists that mean something of their own on one screen.
    match (app.mode(), action) {
        (crate::keys::Mode::Periods, Action::ToggleActive) => {
            return crate::i18n::pick("Доступ", "Access");
        }
        (crate::keys::Mode::Backups, Action::New) => return crate::i18n::pick("Копия", "Backup"),
        (crate::keys::Mode::Courses, Action::Export) => {
            return crate::i18n::pick("Печать", "Print");
        }
        (crate::keys::Mode::Class | crate::keys::Mode::Families, Action::Delete) => {
            return crate::i18n::pick("Отвяз.", "Unlink");
        }
        _ => {}
    }
    action.short().unwrap_or_else(|| action.describe())
}

/// Whether a key bound on this screen does something for this user here: the bar and
/// the help list only those.
pub fn offered(app: &App, action: Action) -> bool {
    if let Some(Overlay::Form(form)) = &app.overlay {
        return action != Action::SetYearFinal || matches!(form.purpose, FormPurpose::Final(..));
    }
    // The help lists the screen's keys: judged as the screen under it.
    if app.overlay.is_some() && !matches!(app.overlay, Some(Overlay::Help { .. })) {
        return true;
    }
    let Some(actor) = &app.actor else {
        return true;
    };
    match (&app.screen, action) {
        // An account with nothing to see has only its way out.
        (Screen::Notice(_), a) => matches!(a, Action::Help | Action::Back | Action::Quit),
        (Screen::Today(_), Action::Absences | Action::ClassOverview | Action::ClassFamilies) => {
            !actor.homeroom.is_empty()
        }
        (Screen::Today(_), Action::Menu) => !Tool::for_actor(actor).is_empty(),
        // Events made by whoever may; results set by whoever may; the final after a
        // course's exam by its teacher and the administration.
        (Screen::Exams(s), Action::New) => s.may_create,
        (Screen::Courses(c), Action::Confirm) => c.assigns,
        (Screen::Exams(s), Action::Confirm) => {
            s.open.as_ref().is_none_or(|v| v.read_only.is_none())
        }
        (Screen::Exams(s), Action::SetFinal) => {
            s.open.as_ref().is_some_and(|v| v.overall_of.is_some())
        }
        _ => true,
    }
}
