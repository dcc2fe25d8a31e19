//! Importing a school office's file from the screens: the file is checked first and
//! the preview shows every new, changed, removed and bad row; Enter applies it. The
//! preview's state, its keys (`on`, returning an [`Effect`]) and its drawing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::ids::CourseId;
use crate::domain::policy::Actor;
use crate::i18n::pick;
use crate::import::Kind;
use crate::import::options::ImportOptions;
use crate::import::outcome::{Applied, RowStatus};
use crate::keys::Action;
use crate::store::Store;
use crate::store::import::{ImportFailed, import_file};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::{self, Ctx, NoQuestion};
use crate::tui::text::fit;
use crate::tui::widgets::list::ListCursor;

/// A file checked and waiting to be applied.
#[derive(Debug, Clone)]
pub struct ImportState {
    pub kind: Kind,
    pub path: String,
    bytes: Vec<u8>,
    opts: ImportOptions,
    /// The dry run: what would change, or every bad row.
    pub preview: Result<Applied, Vec<String>>,
    pub scroll: usize,
    /// Opened from a course's plan: go back there afterwards.
    pub plan_course: Option<CourseId>,
}

/// Where the import preview may send the user (`Back` is the administration's menu).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// The course's plan it was opened from.
    Plan(CourseId),
    /// A fresh administration's menu, after the file is applied.
    Menu,
}

/// What the import preview asks of the app.
pub type Effect = effect::Effect<Open, NoQuestion>;

impl ImportState {
    /// The preview: Enter applies the file, Esc goes back to the plan or the menu.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        let len = self.lines().len();
        if ListCursor::new(&mut self.scroll, len).apply(action) {
            return Effect::None;
        }
        match action {
            Action::Back => match self.plan_course {
                Some(course) => Effect::Open(Open::Plan(course)),
                None => Effect::Back,
            },
            Action::Confirm => {
                let Some(actor) = ctx.actor else {
                    return Effect::None;
                };
                if !self.preview.as_ref().is_ok_and(|a| a.changes_anything()) {
                    return Effect::Info(pick("применять нечего", "nothing to apply").into());
                }
                match self.apply(ctx.store, actor) {
                    Ok(a) => {
                        let done = Effect::Message {
                            title: pick("Импорт выполнен", "Imported").into(),
                            text: tr!(
                                "{}: создано {}, изменено {}, без изменений {}, удалено {}",
                                "{}: created {}, changed {}, unchanged {}, removed {}",
                                self.path,
                                a.created,
                                a.updated,
                                a.unchanged,
                                a.removed
                            ),
                        };
                        done.and(Some(Effect::Open(match self.plan_course {
                            Some(course) => Open::Plan(course),
                            None => Open::Menu,
                        })))
                    }
                    Err(e) => Effect::Error(e),
                }
            }
            _ => Effect::NotHere(action),
        }
    }
}

/// The kind a user names (`staff`, `ученики` …) or the file's name suggests.
pub fn kind_of(named: &str, path: &str) -> Result<Kind, String> {
    let n = named.trim().to_lowercase();
    if n.is_empty() {
        let name = std::path::Path::new(path)
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or(path);
        return Kind::from_file_name(name).ok_or_else(|| {
            tr!(
                "по имени файла не понять, что в нём: укажите вид (staff, students, parents, courses, timetable, plan)",
                "the file name does not tell what it holds: give the kind (staff, students, parents, courses, timetable, plan)"
            )
        });
    }
    Kind::ALL
        .into_iter()
        .find(|k| k.as_str() == n)
        .or_else(|| Kind::from_file_name(&format!("{n}.csv")))
        .ok_or_else(|| tr!("вид «{}» неизвестен", "unknown kind «{}»", named.trim()))
}

impl ImportState {
    /// Checks a file's bytes without changing anything; `path` names it in messages.
    pub fn check(
        store: &mut Store,
        actor: &Actor,
        kind: Kind,
        path: &str,
        bytes: Vec<u8>,
        opts: ImportOptions,
    ) -> ImportState {
        let dry = ImportOptions {
            dry_run: true,
            ..opts.clone()
        };
        let preview = match import_file(store, actor, kind, &bytes, path, &dry) {
            Ok(a) => Ok(a),
            Err(ImportFailed::Rows(rows)) => Err(rows.iter().map(|r| r.to_string()).collect()),
            Err(ImportFailed::Store(e)) => Err(vec![format!("{path}: {e}")]),
        };
        ImportState {
            kind,
            path: path.to_string(),
            bytes,
            opts,
            preview,
            scroll: 0,
            plan_course: None,
        }
    }

    /// Applies the checked file (the same bytes that were previewed).
    pub fn apply(&self, store: &mut Store, actor: &Actor) -> Result<Applied, String> {
        let opts = ImportOptions {
            dry_run: false,
            ..self.opts.clone()
        };
        import_file(store, actor, self.kind, &self.bytes, &self.path, &opts)
            .map_err(|e| e.to_string())
    }

    pub fn lines(&self) -> Vec<String> {
        match &self.preview {
            Err(bad) => bad.clone(),
            Ok(a) => a
                .notes
                .iter()
                .map(|(line, note)| crate::import::outcome::note_line(*line, note))
                .chain(
                    a.rows
                        .iter()
                        .filter(|r| r.status != RowStatus::Unchanged)
                        .map(|r| {
                            if r.line == 0 {
                                format!("{} {}", r.status.sign(), r.what)
                            } else {
                                format!("{} {}: {}", r.status.sign(), r.line, r.what)
                            }
                        }),
                )
                .collect(),
        }
    }
}

pub fn render(s: &ImportState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let (summary, style, hint) = match &s.preview {
        Ok(a) => (
            tr!(
                "новых {}, изменённых {}, без изменений {}, удаляется {}",
                "new {}, changed {}, unchanged {}, removed {}",
                a.created,
                a.updated,
                a.unchanged,
                a.removed
            ),
            theme.title,
            if a.changes_anything() {
                pick(
                    "Enter — применить · Esc — отмена (ничего не изменено)",
                    "Enter — apply · Esc — cancel (nothing changed)",
                )
            } else {
                pick(
                    "Менять нечего · Esc — назад",
                    "Nothing to change · Esc — back",
                )
            },
        ),
        Err(bad) => (
            tr!(
                "ошибок: {} — файл не будет применён",
                "errors: {} — the file will not be applied",
                bad.len()
            ),
            theme.status_error,
            pick(
                "Исправьте файл и проверьте снова · Esc — назад",
                "Fix the file and check again · Esc — back",
            ),
        ),
    };
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{} · {} · {}",
                    pick("Импорт", "Import"),
                    s.kind.label(),
                    s.path
                ),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(fit(&summary, width), style)),
        Line::from(Span::styled(fit(hint, width), theme.dim)),
    ];
    let body = s.lines();
    let room = area.height.saturating_sub(3) as usize;
    let scroll = s.scroll.min(body.len().saturating_sub(room));
    for l in body.iter().skip(scroll).take(room) {
        let st = match l.chars().next() {
            Some('+') => theme.final_mark,
            Some('-') => theme.mark_low,
            Some('~') => theme.header,
            _ => theme.status_error,
        };
        lines.push(Line::from(Span::styled(fit(l, width), st)));
    }
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_word_or_file_name() {
        assert_eq!(kind_of("staff", "x.csv"), Ok(Kind::Staff));
        assert_eq!(kind_of("", "/tmp/students.csv"), Ok(Kind::Students));
        assert_eq!(kind_of("", "/tmp/7Б-Алгебра.csv"), Ok(Kind::Plan));
        assert!(kind_of("", "/tmp/data.csv").is_err());
        assert!(kind_of("повар", "x.csv").is_err());
    }
}
