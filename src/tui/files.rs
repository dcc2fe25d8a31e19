//! Where a session's files live, and the list of a user's folder to pick a file from.
//!
//! In the user's own terminal a file is a path on that machine. In a session served over
//! SSH the screens run inside the server: a typed path must never reach its disk, so files
//! are names in the account's folder ([`crate::files::Folder`]), fetched and uploaded with
//! SFTP, and an import is chosen from the folder's list.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::widgets::{bordered, centered};
use crate::domain::ids::CourseId;
use crate::files::{Entry, Folder, human_size};
use crate::i18n::pick;
use crate::theme::Theme;
use crate::tr;
use crate::tui::text::fit;

/// The largest file an import reads from a user's folder.
pub const IMPORT_MAX_BYTES: u64 = 16 << 20;

/// Where the screens read and write files.
#[derive(Debug, Clone, Default)]
pub enum FilePlace {
    /// The user's own terminal: full paths on this machine.
    #[default]
    Local,
    /// A session on the server: plain names in the account's folder, nothing else.
    Folder(Folder),
    /// A session on the server whose folder could not be made: no file is read or
    /// written (never a fall back to paths); the reason.
    Closed(String),
}

/// What was exported, for the words on the status line and the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exported {
    Report(crate::report::ReportName),
    Plan(crate::domain::ids::CourseId),
    /// The logins sheet of a class (one-time passwords).
    Logins(crate::domain::ids::ClassId),
    /// A student's weekly report for the parents.
    Weekly(crate::domain::ids::StudentId),
    /// A course's journal page for the period of this number.
    Journal(crate::domain::ids::CourseId, i64),
}

impl FilePlace {
    pub fn folder(&self) -> Option<&Folder> {
        match self {
            FilePlace::Local | FilePlace::Closed(_) => None,
            FilePlace::Folder(f) => Some(f),
        }
    }

    /// The file a user typed to write: a path here, a checked name in the folder there.
    pub fn target(&self, typed: &str) -> Result<String, String> {
        match self {
            FilePlace::Local => {
                let path = typed.trim();
                if path.is_empty() {
                    Err(pick("укажите файл", "give the file").into())
                } else {
                    Ok(path.to_string())
                }
            }
            FilePlace::Folder(_) => Folder::check_name(typed).map_err(|e| e.to_string()),
            FilePlace::Closed(why) => Err(why.clone()),
        }
    }

    /// Whether writing `target` (from [`FilePlace::target`]) would replace something.
    pub fn exists(&self, target: &str) -> Result<bool, String> {
        match self {
            FilePlace::Local => match std::fs::symlink_metadata(target) {
                Ok(_) => Ok(true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(format!("{target}: {e}")),
            },
            FilePlace::Folder(f) => f.exists(target).map_err(|e| e.to_string()),
            FilePlace::Closed(why) => Err(why.clone()),
        }
    }

    /// Writes a whole file; returns how to name it to the user (the full path here, the
    /// name in the folder there).
    pub fn write(&self, target: &str, bytes: &[u8], replace: bool) -> Result<String, String> {
        match self {
            FilePlace::Local => {
                if !replace && self.exists(target)? {
                    return Err(tr!(
                        "файл уже существует: {}",
                        "file already exists: {}",
                        target
                    ));
                }
                // Whole, and the owner's only, even over an older file.
                crate::store::private::write_file(Path::new(target), bytes)
                    .map_err(|e| format!("{target}: {e}"))?;
                Ok(std::fs::canonicalize(target)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| target.to_string()))
            }
            FilePlace::Folder(f) => f
                .write(target, bytes, replace)
                .map(|_| target.to_string())
                .map_err(|e| e.to_string()),
            FilePlace::Closed(why) => Err(why.clone()),
        }
    }

    /// Removes a file just written (a sheet whose passwords could not be saved after all).
    pub fn remove(&self, target: &str) -> Result<(), String> {
        match self {
            FilePlace::Local => std::fs::remove_file(target).map_err(|e| format!("{target}: {e}")),
            FilePlace::Folder(f) => f.remove(target).map_err(|e| e.to_string()),
            FilePlace::Closed(why) => Err(why.clone()),
        }
    }

    /// Reads a file to import: a path here, a name in the folder there. Returns the name
    /// to show with the bytes.
    pub fn read(&self, typed: &str) -> Result<(String, Vec<u8>), String> {
        match self {
            FilePlace::Local => {
                let path = typed.trim();
                if path.is_empty() {
                    return Err(pick("укажите файл", "give the file").into());
                }
                let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
                Ok((path.to_string(), bytes))
            }
            FilePlace::Folder(f) => {
                let name = Folder::check_name(typed).map_err(|e| e.to_string())?;
                let bytes = f.read(&name, IMPORT_MAX_BYTES).map_err(|e| e.to_string())?;
                Ok((name, bytes))
            }
            FilePlace::Closed(why) => Err(why.clone()),
        }
    }

    /// The status line after an export.
    pub fn exported(&self, what: Exported, shown: &str) -> String {
        match (self, what) {
            (FilePlace::Local, Exported::Report(_)) => {
                tr!("отчёт записан: {}", "report written: {}", shown)
            }
            (FilePlace::Local, Exported::Plan(_)) => {
                tr!("КТП выгружен: {}", "plan exported: {}", shown)
            }
            (FilePlace::Folder(_) | FilePlace::Closed(_), Exported::Report(_)) => tr!(
                "отчёт в вашей папке: {} — скачать: sftp",
                "report in your folder: {} — download it with sftp",
                shown
            ),
            (FilePlace::Folder(_) | FilePlace::Closed(_), Exported::Plan(_)) => tr!(
                "КТП в вашей папке: {} — скачать: sftp",
                "plan in your folder: {} — download it with sftp",
                shown
            ),
            (FilePlace::Local, Exported::Logins(_)) => tr!(
                "лист с паролями записан: {}",
                "logins sheet written: {}",
                shown
            ),
            (FilePlace::Folder(_) | FilePlace::Closed(_), Exported::Logins(_)) => tr!(
                "лист с паролями в вашей папке: {} — скачать: sftp",
                "logins sheet in your folder: {} — download it with sftp",
                shown
            ),
            (FilePlace::Local, Exported::Weekly(_)) => tr!(
                "отчёт для родителей записан: {}",
                "weekly report written: {}",
                shown
            ),
            (FilePlace::Folder(_) | FilePlace::Closed(_), Exported::Weekly(_)) => tr!(
                "отчёт для родителей в вашей папке: {} — скачать: sftp",
                "weekly report in your folder: {} — download it with sftp",
                shown
            ),
            (FilePlace::Local, Exported::Journal(..)) => tr!(
                "страница журнала записана: {}",
                "journal page written: {}",
                shown
            ),
            (FilePlace::Folder(_) | FilePlace::Closed(_), Exported::Journal(..)) => tr!(
                "страница журнала в вашей папке: {} — скачать: sftp",
                "journal page in your folder: {} — download it with sftp",
                shown
            ),
        }
    }

    /// The question before a file is written over.
    pub fn replace_question(&self, target: &str) -> String {
        match self {
            FilePlace::Local => {
                let name = Path::new(target)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| target.to_string());
                tr!(
                    "Файл «{}» уже есть. Заменить его?",
                    "«{}» already exists. Replace it?",
                    name
                )
            }
            FilePlace::Folder(_) | FilePlace::Closed(_) => tr!(
                "Файл «{}» уже есть в вашей папке. Заменить его?",
                "«{}» is already in your folder. Replace it?",
                target
            ),
        }
    }
}

/// What the list says while the folder holds no file.
pub fn empty_folder() -> &'static str {
    pick(
        "папка пуста — загрузите файл по sftp",
        "the folder is empty — upload a file with sftp",
    )
}

/// What the chosen file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFor {
    /// A course's plan (its course).
    PlanImport(CourseId),
    /// The administrator's import of the office's files.
    Import,
}

/// The files of the user's folder, one to choose.
#[derive(Debug, Clone)]
pub struct FilesState {
    pub files: Vec<Entry>,
    pub selected: usize,
    pub pick_for: PickFor,
}

impl FilesState {
    pub fn load(folder: &Folder, pick_for: PickFor) -> Result<FilesState, String> {
        Ok(FilesState {
            files: folder.list().map_err(|e| e.to_string())?,
            selected: 0,
            pick_for,
        })
    }

    pub fn chosen(&self) -> Option<&Entry> {
        self.files.get(self.selected)
    }
}

pub fn render(s: &FilesState, theme: &Theme, ascii: bool, f: &mut Frame, area: Rect) {
    let height = (s.files.len().max(1) as u16 + 6).min(area.height.saturating_sub(2));
    let r = centered(area, 72, height);
    f.render_widget(Clear, r);
    let width = r.width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            fit(
                match s.pick_for {
                    PickFor::PlanImport(_) => pick(
                        "Какой файл загрузить в КТП (CSV со столбцами №, Тема, Часы, Дата)?",
                        "Which file to import into the plan (CSV: order,topic,hours,date)?",
                    ),
                    PickFor::Import => pick("Какой файл импортировать?", "Which file to import?"),
                },
                width,
            ),
            theme.popup,
        )),
        Line::from(""),
    ];
    let room = (r.height as usize).saturating_sub(6);
    if s.files.is_empty() {
        lines.push(Line::from(Span::styled(empty_folder(), theme.dim)));
    }
    let skip = (s.selected + 1).saturating_sub(room);
    for (i, e) in s.files.iter().enumerate().skip(skip).take(room) {
        let when = chrono::DateTime::<chrono::Local>::from(e.modified)
            .format("%d.%m.%Y %H:%M")
            .to_string();
        let text = format!("{:<40} {:>9}  {when}", fit(&e.name, 40), human_size(e.size));
        let style = if i == s.selected {
            theme.cursor
        } else {
            theme.popup
        };
        lines.push(Line::from(Span::styled(fit(&text, width), style)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        pick(
            "↑↓ — выбрать · Enter — открыть · Esc — отмена",
            "↑↓ — choose · Enter — open · Esc — cancel",
        ),
        theme.dim,
    )));
    f.render_widget(
        Paragraph::new(lines)
            .style(theme.popup)
            .block(bordered(ascii, theme).title(pick(
                " Ваша папка на сервере ",
                " Your folder on the server ",
            ))),
        r,
    );
}
