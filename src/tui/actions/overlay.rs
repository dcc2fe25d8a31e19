//! What keys do in an overlay: help, a question, a message, a form, the details.

use crate::i18n::pick;
use crate::keys::Action;
use crate::tui::app::App;
use crate::tui::overlay::Overlay;
use crate::tui::overlay::form::FormPurpose;

impl App {
    pub(crate) fn overlay_action(&mut self, action: Action) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        // The help's last useful scroll: its lines beyond the box (as `overlay::render`
        // sizes it: the screen's height less four rows and its borders).
        let help_end = |app: &App, mode| {
            let offered = |a: Action| crate::tui::ui::offered(app, a);
            let theme = &app.opts.theme;
            let total =
                crate::tui::overlay::help_lines(&app.opts.keymap, mode, "", &offered, theme).len();
            total.saturating_sub((app.size.1 as usize).saturating_sub(6))
        };
        match overlay {
            Overlay::Help { mode, scroll } => match action {
                Action::Back | Action::Help | Action::Confirm => {}
                Action::Up => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: scroll.saturating_sub(1),
                    })
                }
                Action::Down => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: (scroll + 1).min(help_end(self, mode)),
                    })
                }
                Action::PageUp => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: scroll.saturating_sub(10),
                    })
                }
                Action::PageDown => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: (scroll + 10).min(help_end(self, mode)),
                    })
                }
                Action::End => {
                    self.overlay = Some(Overlay::Help {
                        mode,
                        scroll: help_end(self, mode),
                    })
                }
                Action::Home => self.overlay = Some(Overlay::Help { mode, scroll: 0 }),
                _ => self.overlay = Some(Overlay::Help { mode, scroll }),
            },
            Overlay::Confirm { question, ask } => match action {
                Action::Confirm => self.answer(ask),
                Action::Back => self.info(pick(
                    "отменено — ничего не изменено",
                    "cancelled: nothing changed",
                )),
                _ => {
                    self.overlay = Some(Overlay::Confirm { question, ask });
                    self.info(pick("Enter — да, Esc — нет", "Enter — yes, Esc — no"));
                }
            },
            Overlay::Message { title, text } => match action {
                Action::Confirm | Action::Back => {}
                _ => self.overlay = Some(Overlay::Message { title, text }),
            },
            Overlay::Form(mut form) => match action {
                Action::NextField | Action::Down => {
                    form.next_field();
                    self.overlay = Some(Overlay::Form(form));
                }
                Action::PrevField | Action::Up => {
                    form.prev_field();
                    self.overlay = Some(Overlay::Form(form));
                }
                Action::Confirm if !form.on_last_field() => {
                    form.next_field();
                    self.overlay = Some(Overlay::Form(form));
                }
                Action::Confirm => self.submit_form(form),
                // F10 in a final's form: the other final of the same student.
                Action::SetYearFinal => match form.purpose {
                    FormPurpose::Final(_, _, Some(_), _) => {
                        self.on_grid(|g, c| g.on(Action::SetYearFinal, c))
                    }
                    FormPurpose::Final(_, _, None, _) => {
                        self.on_grid(|g, c| g.on(Action::SetFinal, c))
                    }
                    _ => {
                        self.overlay = Some(Overlay::Form(form));
                        self.error(pick("F10 здесь ничего не делает", "F10 does nothing here"));
                    }
                },
                Action::Back => self.info(pick(
                    "отменено — ничего не изменено",
                    "cancelled: nothing changed",
                )),
                _ => self.overlay = Some(Overlay::Form(form)),
            },
            Overlay::Files(s) => self.files_action(s, action),
            Overlay::Details(d) => self.on_grid(|g, c| g.on_details(d, action, c)),
            Overlay::Comment {
                field,
                mark_id,
                details,
            } => match action {
                Action::Confirm => {
                    let text = field.text();
                    self.on_grid(|g, c| g.save_comment(mark_id, &text, &details, c));
                }
                Action::Back => self.overlay = Some(Overlay::Details(details)),
                _ => {
                    self.overlay = Some(Overlay::Comment {
                        field,
                        mark_id,
                        details,
                    })
                }
            },
        }
    }
}
