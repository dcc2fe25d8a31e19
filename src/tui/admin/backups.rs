//! The backups screen: the copies of the journal in the backup folder (the server's
//! daily ones too), by file name, time and size — never a path, and no path is ever
//! typed here; F2 takes a copy now, Enter restores the chosen one after a question
//! that says what is replaced and where the current journal is kept (the restore
//! itself: `actions/admin/backups.rs`, since every open session is told).

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Effect, Question, Tool};
use crate::i18n::pick;
use crate::keys::Action;
use crate::store::Result;
use crate::store::backup_list::{BackupFile, list_backups};
use crate::theme::Theme;
use crate::tr;
use crate::tui::overlay::effect::Ctx;
use crate::tui::text::fit;
use crate::tui::widgets::list::{ListCursor, list_lines};

/// A copy taken from this screen removes none: the daily copies' rotation does that.
const KEEP_ALL: usize = usize::MAX;

#[derive(Debug, Clone)]
pub struct BackupsState {
    /// The backup folder (never shown: a served session sees file names alone).
    pub dir: PathBuf,
    /// The journal's own file name, as the question names it.
    pub journal: String,
    pub rows: Vec<BackupFile>,
    pub selected: usize,
}

impl BackupsState {
    pub fn load(dir: PathBuf, db: &std::path::Path) -> Result<BackupsState> {
        Ok(BackupsState {
            rows: list_backups(&dir, db)?,
            journal: db
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            dir,
            selected: 0,
        })
    }

    /// The list read again, the chosen copy kept; `Some` says why not.
    pub fn reload(&mut self, db: &std::path::Path) -> Option<String> {
        let chosen = self.rows.get(self.selected).map(|r| r.name.clone());
        match list_backups(&self.dir, db) {
            Ok(rows) => {
                self.selected = chosen
                    .and_then(|c| rows.iter().position(|r| r.name == c))
                    .unwrap_or(0);
                self.rows = rows;
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }

    /// F2 takes a copy now; Enter asks whether to restore the chosen one.
    pub fn on(&mut self, action: Action, ctx: &mut Ctx) -> Effect {
        if ListCursor::new(&mut self.selected, self.rows.len())
            .page(ctx.rows)
            .apply(action)
        {
            return Effect::None;
        }
        match action {
            Action::Back => Effect::Back,
            Action::New => {
                let Some(actor) = ctx.actor else {
                    return Effect::None;
                };
                match ctx.store.backup_now(actor, &self.dir, KEEP_ALL) {
                    Ok(copy) => {
                        let reloaded = self.reload(ctx.store.path());
                        self.selected = self
                            .rows
                            .iter()
                            .position(|r| r.name == copy.name)
                            .unwrap_or(0);
                        Effect::Message {
                            title: pick("Резервная копия сделана", "Backup taken").into(),
                            text: tr!(
                                "{} — {}, проверена (integrity_check): копия цела и читается.",
                                "{} — {}, checked (integrity_check): the copy is whole and readable.",
                                copy.name,
                                size(copy.bytes)
                            ),
                        }
                        .and(reloaded.map(Effect::Error))
                    }
                    Err(e) => Effect::Error(e.to_string()),
                }
            }
            Action::Confirm => {
                let Some(row) = self.rows.get(self.selected) else {
                    return Effect::Info(
                        pick(
                            "копий пока нет: F2 — сделать",
                            "no backups yet: F2 takes one",
                        )
                        .into(),
                    );
                };
                Effect::Ask {
                    question: tr!(
                        "Восстановить журнал из копии {} ({})? Всё, что внесено после {}, будет заменено содержимым копии у всех пользователей. Текущий журнал сохранится рядом как «{}.before-restore-…». Открытые сеансы получат уведомление.",
                        "Restore the journal from the copy {} ({})? Everything entered after {} is replaced by the copy's contents for every user. The current journal is kept beside it as «{}.before-restore-…». Open sessions are told.",
                        row.name,
                        row.taken,
                        row.taken,
                        self.journal
                    ),
                    ask: Question::Restore(row.name.clone()),
                }
            }
            _ => Effect::NotHere(action),
        }
    }
}

/// «1,4 МБ», «830 КБ».
pub fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        let mb = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
        tr!("{} МБ", "{} MB", mb.replace('.', pick(",", ".")))
    } else {
        tr!("{} КБ", "{} KB", bytes.div_ceil(1024))
    }
}

pub fn render_backups(s: &BackupsState, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                &format!("{} · {}", Tool::Backups.title(), s.rows.len()),
                width,
            ),
            theme.title,
        )),
        Line::from(Span::styled(
            fit(
                pick(
                    "F2 — сделать копию сейчас · Enter — восстановить выбранную · Esc — назад",
                    "F2 — take a backup now · Enter — restore the chosen one · Esc — back",
                ),
                width,
            ),
            theme.dim,
        )),
    ];
    let room = area.height.saturating_sub(2) as usize;
    lines.extend(list_lines(&s.rows, s.selected, room, theme, width, |b| {
        format!("{:<16}  {:>9}  {}", b.taken, size(b.bytes), b.name)
    }));
    if s.rows.is_empty() {
        lines.push(Line::from(Span::styled(
            pick(
                "копий пока нет: F2 — сделать первую",
                "no backups yet: F2 takes the first",
            ),
            theme.dim,
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
