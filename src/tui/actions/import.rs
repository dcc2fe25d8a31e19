//! What keys do on the import preview: Enter applies the file.

use crate::i18n::pick;
use crate::keys::Action;
use crate::tr;
use crate::tui::admin::{MenuState, Tool};
use crate::tui::app::{App, Screen};
use crate::tui::overlay::Overlay;
use crate::tui::widgets::list::ListCursor;

impl App {
    /// The import preview: Enter applies the file, Esc goes back to the plan or the menu.
    pub(crate) fn import_action(&mut self, action: Action) {
        let Screen::Import(i) = &mut self.screen else {
            return;
        };
        let len = i.lines().len();
        if ListCursor::new(&mut i.scroll, len).apply(action) {
            return;
        }
        match action {
            Action::Back => match i.plan_course {
                Some(course) => self.open_plan(course),
                None => self.back_to_menu(),
            },
            Action::Confirm => {
                let Some(actor) = self.actor.clone() else {
                    return;
                };
                if !i.preview.as_ref().is_ok_and(|a| a.changes_anything()) {
                    return self.info(pick("применять нечего", "nothing to apply"));
                }
                match i.apply(&mut self.store, &actor) {
                    Ok(a) => {
                        self.overlay = Some(Overlay::Message {
                            title: pick("Импорт выполнен", "Imported").into(),
                            text: tr!(
                                "{}: создано {}, изменено {}, без изменений {}, удалено {}",
                                "{}: created {}, changed {}, unchanged {}, removed {}",
                                i.path,
                                a.created,
                                a.updated,
                                a.unchanged,
                                a.removed
                            ),
                        });
                        match i.plan_course {
                            Some(course) => self.open_plan(course),
                            None => {
                                let tools = Tool::for_actor(&actor);
                                self.screen = Screen::Menu(MenuState {
                                    tools,
                                    selected: 0,
                                    from_today: false,
                                });
                            }
                        }
                    }
                    Err(e) => self.error(e),
                }
            }
            _ => self.not_here(action),
        }
    }
}
