//! `zhurnal screen`: a course's grid as the journal shows it, printed as text — for a
//! printout, a script, or timing a cold start to the first frame.

use clap::Args;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Context, Outcome};
use crate::store::accounts::Session;
use crate::tui::app::Screen;

#[derive(Debug, Args)]
pub struct ScreenArgs {
    #[command(flatten)]
    pub course: super::CourseArgs,
    /// Terminal width and height.
    #[arg(long, default_value_t = 80)]
    pub width: u16,
    #[arg(long, default_value_t = 24)]
    pub height: u16,
}

pub fn run(ctx: &Context, config: &crate::config::app::AppConfig, a: ScreenArgs) -> Outcome {
    let store = ctx.open()?;
    let actor = ctx.actor(&store)?;
    let course = a.course.find(&store)?;
    let today = store.today();
    let (w, h) = (a.width.max(20), a.height.max(5));
    let mut app = crate::tui::App::new(store, super::tui_options(config)?, (w, h))
        .map_err(|e| e.to_string())?;
    app.resize(w, h);
    app.start_session(Session {
        actor: actor.clone(),
        must_change_password: false,
    });
    app.open_course(course.id, today, None);
    if !matches!(app.screen, Screen::Grid(_)) {
        return Err(app.status.text.clone());
    }
    // Recorded once the user may see it, before it is printed.
    super::record_out(
        &mut app.store,
        &actor,
        crate::store::AuditEntry {
            course_id: Some(course.id),
            new: Some(course.title()),
            ..crate::store::AuditEntry::new(
                crate::domain::audit::Action::Show,
                crate::domain::audit::Entity::Course,
            )
        },
    )?;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).map_err(|e| e.to_string())?;
    terminal
        .draw(|f| crate::tui::render(&app, f))
        .map_err(|e| e.to_string())?;
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    say_part!("{out}");
    Ok(())
}
