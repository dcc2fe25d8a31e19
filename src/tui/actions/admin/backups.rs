//! A restore asked for on the backups screen, and how every open session learns of one:
//! the restore is recorded in the restored journal; a session that finds a later
//! restore than the one it knew (`App::seen_restore`) when the journal changed under it
//! reads its screen again, forgets its undo history (it named entries the journal no
//! longer has) and says who restored which copy.

use crate::i18n::pick;
use crate::tr;
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;

impl App {
    /// The backup `name` of the backup screen's folder put in place of the journal.
    pub(crate) fn restore_chosen(&mut self, name: String) {
        let Some(actor) = self.actor.clone() else {
            return;
        };
        let Screen::Backups(b) = &self.screen else {
            return;
        };
        let dir = b.dir.clone();
        match self.store.restore_backup(&actor, &dir, &name) {
            Ok(done) => {
                self.history = Default::default();
                self.seen_restore = self.restore_key();
                let aside = done
                    .aside
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "—".into());
                let mut text = tr!(
                    "Журнал восстановлен из копии {}. Прежний журнал сохранён рядом как «{}».",
                    "The journal was restored from the copy {}. The previous journal is kept beside it as «{}».",
                    name,
                    aside
                );
                if done.damaged.is_none() {
                    text.push(' ');
                    text.push_str(pick(
                        "Открытые сеансы получат уведомление.",
                        "Open sessions are told.",
                    ));
                }
                if let Some(found) = &done.damaged {
                    text.push(' ');
                    text.push_str(&tr!(
                        "Прежний журнал был повреждён (SQLite нашёл: {}). Тем, кто сейчас в журнале, нужно выйти и войти заново.",
                        "The previous journal was damaged (SQLite found: {}). Whoever is in the journal now must log out and in again.",
                        found
                    ));
                }
                self.info(tr!("восстановлено из {}", "restored from {}", name));
                self.overlay = Some(Overlay::Message {
                    title: pick("Журнал восстановлен", "Journal restored").into(),
                    text,
                });
                if let Screen::Backups(b) = &mut self.screen
                    && let Some(e) = b.reload(self.store.path())
                {
                    self.error(e);
                }
            }
            Err(e) => self.error(crate::store::backup::refused(&e)),
        }
    }

    /// The last restore the journal records, as a session remembers it.
    pub(crate) fn restore_key(&self) -> Option<(i64, String)> {
        self.store
            .last_restore()
            .ok()
            .flatten()
            .map(|r| (r.id, r.at))
    }

    /// After another connection's change: a restore this session did not know of is
    /// told, in the status line and in a message above the screen (unless a form or a
    /// question is open: the status line then says it). True when there was one.
    pub(crate) fn notice_restore(&mut self) -> bool {
        let Ok(Some(last)) = self.store.last_restore() else {
            return false;
        };
        let key = Some((last.id, last.at.clone()));
        if key == self.seen_restore {
            return false;
        }
        self.seen_restore = key;
        // The undo history names marks the restored journal may not have.
        self.history = Default::default();
        let at = match (
            last.at.get(0..4),
            last.at.get(5..7),
            last.at.get(8..10),
            last.at.get(11..16),
        ) {
            (Some(y), Some(m), Some(d), Some(t)) => format!("{d}.{m}.{y} {t}"),
            _ => last.at.clone(),
        };
        self.error(tr!(
            "журнал восстановлен из копии {} ({}, {}); экран перечитан",
            "the journal was restored from the copy {} ({}, {}); the screen was read again",
            last.from,
            last.actor,
            at
        ));
        let text = tr!(
            "Журнал восстановлен из копии {} администратором {} ({}). Всё, что внесено после создания копии, в журнале больше нет — проверьте свои последние записи. Экран перечитан; несохранённого нет: каждая запись сохраняется сразу.",
            "The journal was restored from the copy {} by the administrator {} ({}). Whatever was entered after the copy was taken is no longer in the journal — check your latest entries. The screen was read again; nothing is unsaved: every entry is saved at once.",
            last.from,
            last.actor,
            at
        );
        if matches!(
            self.overlay,
            None | Some(Overlay::Message { .. } | Overlay::Help { .. } | Overlay::Details(_))
        ) {
            self.overlay = Some(Overlay::Message {
                title: pick("Журнал восстановлен", "Journal restored").into(),
                text,
            });
        }
        true
    }
}
