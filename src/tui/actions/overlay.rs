//! What keys do in an overlay: help, a question, a message, a form, the details.

use crate::i18n::pick;
use crate::keys::Action;
use crate::tr;
use crate::tui::app::App;
use crate::tui::grid::entry;
use crate::tui::overlay::Overlay;
use crate::tui::text::TextField;

impl App {
    pub(crate) fn overlay_action(&mut self, action: Action) {
        let Some(overlay) = self.overlay.take() else {
            return;
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
                        scroll: scroll + 1,
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
                        scroll: scroll + 10,
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
                Action::Back => self.info(pick(
                    "отменено — ничего не изменено",
                    "cancelled: nothing changed",
                )),
                _ => self.overlay = Some(Overlay::Form(form)),
            },
            Overlay::Files(s) => self.files_action(s, action),
            Overlay::Details(mut d) => match action {
                Action::Back | Action::Confirm => {}
                Action::Up => {
                    d.selected = d.selected.saturating_sub(1);
                    self.overlay = Some(Overlay::Details(d));
                }
                Action::Down => {
                    d.selected = (d.selected + 1).min(d.marks.len().saturating_sub(1));
                    self.overlay = Some(Overlay::Details(d));
                }
                Action::CycleWorkType => {
                    let mark = d.marks.get(d.selected).map(|m| m.record.id);
                    if mark.is_none() {
                        self.overlay = Some(Overlay::Details(d));
                        return self.info(pick("в клетке нет отметки", "the cell has no mark"));
                    }
                    self.on_grid(|g, c| {
                        g.entry(c, false, |c, g| entry::cycle_work_type(c, g, mark))
                    });
                    self.reopen_details(&d);
                }
                Action::Comment => match d.marks.get(d.selected) {
                    Some(m) => {
                        self.overlay = Some(Overlay::Comment {
                            field: TextField::new(&m.record.comment),
                            mark_id: m.record.id,
                            details: d,
                        })
                    }
                    None => {
                        self.overlay = Some(Overlay::Details(d));
                        self.info(pick(
                            "в клетке нет отметки для комментария",
                            "the cell has no mark to comment on",
                        ));
                    }
                },
                _ => {
                    self.overlay = Some(Overlay::Details(d));
                    self.not_here(action);
                }
            },
            Overlay::Comment {
                field,
                mark_id,
                details,
            } => match action {
                Action::Confirm => {
                    let text = field.text();
                    let result = self.save_comment(mark_id, &text);
                    self.reopen_details(&details);
                    match result {
                        Ok(()) => self.info(tr!("сохранено: комментарий", "saved: comment")),
                        Err(e) => self.error(e),
                    }
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
