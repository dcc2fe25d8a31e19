//! The screens driven by key events through the real default keymap on ratatui's
//! TestBackend at 80×24, with the database checked after each entry.

use crate::common;
use common::TestJournal;

use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;

/// Marks and attendance of the first students of 7Б Алгебра on a date, as exported.
fn algebra_cells(db: &std::path::Path, date: &str, n: usize) -> Vec<String> {
    let store = zhurnal::store::Store::open(db).expect("open");
    let course = store.find_course("7Б", "Алгебра", None).expect("course");
    let year = store.current_year().expect("year");
    let cal = store.calendar(year.id).expect("cal");
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    let page = store
        .journal_page(
            &zhurnal::domain::policy::Actor::local_operator(),
            course.id,
            &cal.period_on(d, course.class.grade).expect("period"),
        )
        .expect("page");
    let lesson = page.lessons.iter().find(|l| l.date == d).expect("lesson");
    page.students
        .iter()
        .take(n)
        .map(|s| page.cell_text(lesson.id, s.id, " "))
        .collect()
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("count")
}

#[test]
fn login_screen_lists_the_demo_logins_and_refuses_a_wrong_password() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    insta::assert_snapshot!("login", screen(&app));
    login(&mut app, "teacher", "wrong");
    let s = screen(&app);
    assert!(s.contains("неверный логин или пароль"), "{s}");
    assert_eq!(
        j.count_audit(|r| r.action == "login_failed" && r.actor == "teacher"),
        1
    );
    assert!(!s.contains("wrong"), "the password never shows");
}

#[test]
fn teacher_enters_a_lesson_top_to_bottom() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    insta::assert_snapshot!("today", screen(&app));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("grid_open", screen(&app));
    // 5, 4, Н (Russian layout), 3 — the cursor moves down after each entry.
    typed(&mut app, "54н3");
    insta::assert_snapshot!("grid_entered", screen(&app));
    assert_eq!(
        algebra_cells(j.db(), "2025-12-15", 4),
        vec!["5", "4", "Н", "3"]
    );
    // Latin `y` is the same key as `н`: the fifth student is absent too.
    typed(&mut app, "y");
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 5)[4], "Н");
    assert_eq!(
        j.count_audit(|r| r.actor == "teacher"
            && ["mark", "attendance"].contains(&r.entity.as_str())
            && r.at.starts_with("2025-12-15")),
        5
    );
}

#[test]
fn several_marks_in_a_cell_backspace_delete_and_undo() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "4");
    key(&mut app, KeyCode::Up);
    typed(&mut app, "5");
    key(&mut app, KeyCode::Up);
    insta::assert_snapshot!("grid_multi_marks", screen(&app));
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 1), vec!["4 5"]);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 1), vec!["4"]);
    key(&mut app, KeyCode::Delete);
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 1), vec![""]);
    ctrl(&mut app, 'z');
    assert_eq!(
        algebra_cells(j.db(), "2025-12-15", 1),
        vec!["4"],
        "undo of clear"
    );
    ctrl(&mut app, 'z');
    assert_eq!(
        algebra_cells(j.db(), "2025-12-15", 1),
        vec!["4 5"],
        "undo of backspace"
    );
    ctrl(&mut app, 'y');
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 1), vec!["4"], "redo");
    assert!(screen(&app).contains("повторено"));
    // Each undo and redo is audited like any change.
    assert_eq!(
        j.count_audit(|r| r.entity == "mark"
            && r.action == "delete"
            && r.at.starts_with("2025-12-15")),
        3
    );
}

#[test]
fn a_mark_on_an_absent_student_asks_first() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "н");
    key(&mut app, KeyCode::Up);
    typed(&mut app, "5");
    insta::assert_snapshot!("grid_confirm_absent", screen(&app));
    key(&mut app, KeyCode::Esc);
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 1), vec!["Н"]);
    typed(&mut app, "5");
    key(&mut app, KeyCode::Enter);
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 1), vec!["Н 5"]);
    // A late student simply gets the mark.
    typed(&mut app, "о");
    key(&mut app, KeyCode::Up);
    typed(&mut app, "4");
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 2)[1], "О 4");
}

#[test]
fn everyone_present_clears_absences_only_after_confirmation() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "нб");
    key(&mut app, KeyCode::F(5));
    assert!(screen(&app).contains("Снять отметки об отсутствии у 2 учеников"));
    key(&mut app, KeyCode::Esc);
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 2), vec!["Н", "Б"]);
    key(&mut app, KeyCode::F(5));
    key(&mut app, KeyCode::Enter);
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 2), vec!["", ""]);
    assert_eq!(
        count(j.db(), "SELECT count(*) FROM lesson l JOIN course c ON c.id = l.course_id JOIN class k ON k.id = c.class_id
                    JOIN subject s ON s.id = c.subject_id WHERE k.grade = 7 AND k.letter = 'Б' AND s.name = 'Алгебра'
                    AND l.date = '2025-12-15' AND l.attendance_taken_at IS NOT NULL"),
        1
    );
}

#[test]
fn details_popup_shows_marks_and_history_and_takes_a_comment() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "5");
    key(&mut app, KeyCode::Up);
    // F3 lists the work types, the mark's own chosen; → and Enter save the next one,
    // once: one change in the cell's history, and the dialog closes.
    key(&mut app, KeyCode::F(3));
    let s = screen(&app);
    assert!(s.contains("Вид работы · отметка 5"), "{s}");
    assert!(s.contains("ОУ — Ответ на уроке"), "{s}");
    key(&mut app, KeyCode::Right);
    assert!(screen(&app).contains("СР — Самостоятельная работа"));
    key(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none(), "{}", screen(&app));
    // A type found by its letters: «кон» is «Контрольная работа»; Esc keeps the old one.
    key(&mut app, KeyCode::F(3));
    typed(&mut app, "кон");
    assert!(screen(&app).contains("КР — Контрольная работа"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::F(4));
    typed(&mut app, "у доски");
    key(&mut app, KeyCode::Enter);
    // Saved, the comment dialog closes: the next key is the grid's.
    assert!(app.overlay.is_none(), "{}", screen(&app));
    assert!(screen(&app).contains("сохранено: комментарий"));
    assert_eq!(
        count(
            j.db(),
            "SELECT count(*) FROM mark WHERE comment = 'у доски' AND weight = 1.5"
        ),
        1
    );
    assert_eq!(
        count(
            j.db(),
            "SELECT count(*) FROM audit WHERE action = 'work_type'"
        ),
        1,
        "one choice, one change"
    );
    key(&mut app, KeyCode::F(2));
    let s = screen(&app);
    assert!(s.contains("«у доски»"), "{s}");
    assert!(s.contains("Самостоятельная работа"), "{s}");
    insta::assert_snapshot!("grid_details", s);
}

#[test]
fn the_grid_scrolls_right_with_the_names_frozen_and_switches_periods() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::End);
    insta::assert_snapshot!("grid_scrolled_right", screen(&app));
    key(&mut app, KeyCode::F(7));
    key(&mut app, KeyCode::Home);
    let s = screen(&app);
    assert!(s.contains("1 четверть") && s.contains("01.09"), "{s}");
    key(&mut app, KeyCode::F(6));
    key(&mut app, KeyCode::PageDown);
    key(&mut app, KeyCode::PageDown);
    let s = screen(&app);
    assert!(
        s.contains("Соболев М."),
        "a long class scrolls with the header kept: {s}"
    );
    assert!(s.contains("Ученик"), "{s}");
}

#[test]
fn grade_one_takes_attendance_only() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "goncharenko.vv", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "5");
    insta::assert_snapshot!("grid_grade1", screen(&app));
    typed(&mut app, "Н");
    assert!(screen(&app).contains("сохранено: Н"));
    assert_eq!(
        count(j.db(), "SELECT count(*) FROM mark m JOIN lesson l ON l.id = m.lesson_id JOIN course c ON c.id = l.course_id
                    JOIN class k ON k.id = c.class_id WHERE k.grade = 1"),
        0
    );
}

#[test]
fn keys_that_do_nothing_say_so_and_help_comes_from_the_keymap() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::F(12));
    assert!(
        screen(&app).contains("«F12» здесь ничего не делает"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "7");
    assert!(
        screen(&app).contains("«7» — не отметка"),
        "{}",
        screen(&app)
    );
    typed(&mut app, "ж");
    assert!(
        screen(&app).contains("«ж» здесь ничего не делает"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::F(1));
    insta::assert_snapshot!("grid_help", screen(&app));
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'q');
    assert!(app.quit);
    assert_eq!(
        j.count_audit(|r| r.action == "logout" && r.actor == "teacher"),
        1
    );
}

#[test]
fn too_small_and_mono() {
    let j = TestJournal::demo();
    let mut opts = zhurnal::tui::Options::defaults().expect("options");
    opts.theme = zhurnal::theme::Theme::load("mono", None).expect("mono");
    let mut app = app_on(j.db(), "2025-12-15", opts);
    insta::assert_snapshot!("too_small", screen_sized(&app, 60, 20));
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "2");
    insta::assert_snapshot!("grid_mono", screen(&app));
    let t = draw(&app, 80, 24);
    let buf = t.backend().buffer();
    use ratatui::style::{Color, Modifier};
    let mut reversed = 0;
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "mono has no colour"
        );
        if cell.modifier.contains(Modifier::REVERSED) {
            reversed += 1;
        }
    }
    assert!(reversed > 0, "the cursor shows by reverse video");
}

#[test]
fn vim_keymap_moves_with_j_yet_a_typed_o_is_still_late() {
    let j = TestJournal::demo();
    let mut opts = zhurnal::tui::Options::defaults().expect("options");
    opts.keymap = zhurnal::keys::Keymap::load("vim", None).expect("vim");
    let mut app = app_on(j.db(), "2025-12-15", opts);
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "jj");
    typed(&mut app, "о");
    typed(&mut app, "k");
    typed(&mut app, "4");
    assert_eq!(algebra_cells(j.db(), "2025-12-15", 3), vec!["", "", "О 4"]);
    typed(&mut app, "u");
    assert_eq!(
        algebra_cells(j.db(), "2025-12-15", 3),
        vec!["", "", "О"],
        "u undoes"
    );
}

#[test]
fn the_interface_speaks_english_when_asked() {
    zhurnal::i18n::set_thread_lang(zhurnal::i18n::Lang::En);
    let j = TestJournal::demo();
    let mut app = app(j.db(), "2025-12-15");
    login(&mut app, "teacher", "demo");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "5");
    insta::assert_snapshot!("grid_english", screen(&app));
    zhurnal::i18n::set_thread_lang(zhurnal::i18n::Lang::Ru);
}

/// The shared main loop (`tui::main_loop`) on a TestBackend, fed by a script.
mod main_loop {
    use std::collections::VecDeque;
    use std::time::Duration;

    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    use zhurnal::tui::{App, Event, InputSource, Outcome, run_main_loop};

    enum Step {
        Input(Event<&'static str>),
        /// Another session types these keys (its change shows at the next tick).
        Other(&'static str),
    }

    /// Input from a script; another session of the same journal acts between events.
    struct Script {
        steps: VecDeque<Step>,
        other: App,
    }

    impl InputSource for Script {
        type End = &'static str;

        fn next(&mut self, _timeout: Duration) -> Result<Event<&'static str>, String> {
            loop {
                match self.steps.pop_front() {
                    Some(Step::Input(event)) => return Ok(event),
                    Some(Step::Other(keys)) => typed(&mut self.other, keys),
                    None => return Ok(Event::End("the script is over")),
                }
            }
        }

        fn ended(&mut self, _app: &App) -> Option<&'static str> {
            None
        }
    }

    fn keys(text: &str) -> impl Iterator<Item = Step> + '_ {
        text.chars().map(|c| {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            Step::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
        })
    }

    /// What the terminal shows, trailing spaces trimmed.
    fn shown(t: &Terminal<TestBackend>) -> String {
        let buf = t.backend().buffer();
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn keys_a_resize_and_ticks_reach_the_screen_until_input_ends() {
        let j = TestJournal::demo();
        let mut other = app(j.db(), "2025-12-15");
        login(&mut other, "teacher", "demo");
        key(&mut other, KeyCode::Enter);
        let mut steps: VecDeque<Step> = keys("teacher\ndemo\n\n").collect();
        steps.push_back(Step::Input(Event::Resize(100, 30)));
        steps.push_back(Step::Input(Event::Tick));
        steps.push_back(Step::Input(Event::Ignored));
        steps.push_back(Step::Other("5"));
        steps.push_back(Step::Input(Event::Tick));
        steps.push_back(Step::Input(Event::End("hang-up")));
        let mut input = Script { steps, other };
        let mut app = app(j.db(), "2025-12-15");
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");

        let outcome = run_main_loop(&mut terminal, &mut app, &mut input);

        assert_eq!(outcome, Ok(Outcome::Ended("hang-up")));
        assert!(input.steps.is_empty());
        assert!(!app.quit);
        assert_eq!(app.size, (100, 30));
        assert_eq!(algebra_cells(j.db(), "2025-12-15", 1), vec!["5"]);
        // The last frame drawn is the grid at the new size with the other session's mark,
        // which the second tick brought in.
        let s = shown(&terminal);
        assert_eq!(s, screen_sized(&app, 100, 30));
        let row = s.lines().find(|l| l.starts_with(" 1 ")).expect("first row");
        assert!(row.contains('5'), "{s}");
    }

    #[test]
    fn the_loop_stops_when_the_app_quits_and_leaves_the_rest_of_the_input() {
        let j = TestJournal::demo();
        let mut steps: VecDeque<Step> = keys("teacher\ndemo\n").collect();
        steps.push_back(Step::Input(Event::Key(KeyEvent::new(
            KeyCode::Char('q'),
            KeyModifiers::CONTROL,
        ))));
        steps.extend(keys("\n"));
        let mut input = Script {
            steps,
            other: app(j.db(), "2025-12-15"),
        };
        let mut app = app(j.db(), "2025-12-15");
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");

        let outcome = run_main_loop(&mut terminal, &mut app, &mut input);

        assert_eq!(outcome, Ok(Outcome::Quit));
        assert!(app.quit);
        assert_eq!(input.steps.len(), 1, "the key after the quit is not read");
        let s = shown(&terminal);
        assert!(
            s.starts_with("Сегодня, пн 15.12.2025"),
            "the day drawn last: {s}"
        );
    }
}
