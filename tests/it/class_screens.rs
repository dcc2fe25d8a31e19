//! The class teacher's screens for what needed a shell (issue 21): the class's students
//! and parents with their logins, the logins sheet for a parents' meeting, a parent
//! unlinked, a student's data corrected, the weekly report previewed and printed, and
//! everyone's own password — driven by keys at 80×24, then checked in the journal.

use crate::common;
use common::TestJournal;
use common::tui::*;
use ratatui::crossterm::event::KeyCode;
use zhurnal::domain::accounts::PasswordError;
use zhurnal::store::{Store, StoreError};
use zhurnal::tui::App;
use zhurnal::tui::app::Screen;
use zhurnal::tui::overlay::Overlay;
use zhurnal::tui::screens::families::Row;

const DAY: &str = "2025-12-15";

fn families(app: &mut App) {
    login(app, "classteacher", "demo");
    key(app, KeyCode::F(8));
    assert!(matches!(app.screen, Screen::Families(_)), "{}", screen(app));
}

fn audit_rows(j: &TestJournal, sql: &str) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(j.db()).expect("sqlite");
    let mut st = conn.prepare(sql).expect("sql");
    st.query_map([], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?.unwrap_or_default(),
            r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        ))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// The values of `<span class="{class}">…</span>` in the page, in order.
fn spans(page: &str, class: &str) -> Vec<String> {
    let open = format!("<span class=\"{class}\">");
    page.split(&open)
        .skip(1)
        .filter_map(|s| s.split("</span>").next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_class_teacher_prints_the_logins_sheet_and_each_password_works_once() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    families(&mut app);
    insta::assert_snapshot!("families_list", screen(&app));
    key(&mut app, KeyCode::F(5));
    insta::assert_snapshot!("families_sheet_form", screen(&app));
    // The whole class, the address, a file here.
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "journal.school.ru");
    key(&mut app, KeyCode::Enter);
    let path = j.dir().join("logins-7B.html");
    ctrl(&mut app, 'u');
    typed(&mut app, path.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    let after = screen(&app);
    assert!(after.contains("лист с паролями записан"), "{after}");
    let page = std::fs::read_to_string(&path).expect("the sheet");
    let logins = spans(&page, "login");
    let passwords = spans(&page, "password");
    // As many slips as the class's active accounts.
    let store = Store::open(j.db()).expect("open");
    let ct = store.actor("classteacher").expect("classteacher");
    let class = ct.homeroom[0];
    let pupils = store.class_families(&ct, class).expect("families");
    let accounts: Vec<String> = pupils
        .iter()
        .flat_map(|p| p.account.iter().chain(p.parents.iter()))
        .filter(|a| a.active)
        .map(|a| a.login.clone())
        .collect();
    assert!(!accounts.is_empty());
    assert_eq!(page.matches("class=\"slip\"").count(), accounts.len());
    assert_eq!(logins.len(), accounts.len());
    assert_eq!(passwords.len(), accounts.len());
    assert!(page.contains("journal.school.ru"));
    assert!(page.contains("При первом входе задайте свой пароль."));
    // Never in the audit; who issued for whom is.
    let issued = audit_rows(
        &j,
        "SELECT actor, new_value FROM audit WHERE action = 'password_reset' ORDER BY id",
    );
    assert_eq!(issued.len(), accounts.len());
    assert!(issued.iter().all(|(who, _)| who == "classteacher"));
    let all = audit_rows(&j, "SELECT old_value, new_value FROM audit");
    for p in &passwords {
        assert!(!all.iter().any(|(o, n)| o.contains(p) || n.contains(p)));
    }
    drop(store);
    // Each checked password logs in once and forces a change (two, for the time
    // argon2 takes: the student's and a parent's, or the first two).
    let mut store = Store::open(j.db()).expect("open");
    for (login, password) in logins.iter().zip(&passwords).take(2) {
        let session = store.authenticate(login, password).expect("one-time login");
        assert!(session.must_change_password, "{login}");
        store
            .change_password(&session.actor, "Своймой2026")
            .expect("own password");
        assert!(
            store.authenticate(login, password).is_err(),
            "{login}: once"
        );
        assert!(store.authenticate(login, "Своймой2026").is_ok());
    }
}

#[test]
fn the_class_teacher_cannot_touch_another_class() {
    let j = TestJournal::demo();
    let mut store = Store::open(j.db()).expect("open");
    let ct = store.actor("classteacher").expect("classteacher");
    let other = store
        .class_rows()
        .expect("classes")
        .into_iter()
        .map(|c| c.id)
        .find(|c| !ct.homeroom.contains(c))
        .expect("another class");
    let student = store.class_students(other).expect("students")[0].id;
    let forbidden = |r: Result<_, StoreError>| matches!(r, Err(StoreError::Rule(_)));
    assert!(forbidden(store.class_families(&ct, other).map(|_| ())));
    assert!(forbidden(
        store
            .create_student_account(&ct, student, "chuzhoy")
            .map(|_| ())
    ));
    assert!(forbidden(
        store
            .create_parent_account(
                &ct,
                student,
                "chuzhoy.p",
                &zhurnal::domain::names::FullName::new("Чужой", "Родитель", "")
            )
            .map(|_| ())
    ));
    assert!(forbidden(
        store.issue_password(&ct, student, "parent").map(|_| ())
    ));
    assert!(forbidden(store.unlink_parent(&ct, "parent", student)));
    let name = store.student_name(student).expect("name");
    assert!(forbidden(store.correct_student(&ct, student, &name, None)));
    assert!(forbidden(
        store
            .issue_class_passwords(&ct, other, zhurnal::store::accounts::family::SheetFor::All)
            .map(|_| ())
    ));
    // A colleague whose child is in the class is a parent there, yet a staff account is
    // nobody's family: neither a password of its own nor a slip on the sheet.
    let own = store.class_students(ct.homeroom[0]).expect("students")[0].id;
    let admin = store.actor("admin").expect("admin");
    store
        .link_parent(&admin, "teacher", own)
        .expect("the teacher is a parent in 7Б");
    let hash = |_: &Store| -> Option<String> {
        rusqlite::Connection::open(j.db())
            .expect("open")
            .query_row(
                "SELECT password_hash FROM users WHERE login = 'teacher'",
                [],
                |r| r.get(0),
            )
            .expect("hash")
    };
    let before = hash(&store);
    assert!(store.issue_password(&ct, own, "teacher").is_err());
    let slips = store
        .issue_class_passwords(
            &ct,
            ct.homeroom[0],
            zhurnal::store::accounts::family::SheetFor::All,
        )
        .expect("the sheet");
    assert!(slips.iter().all(|s| s.login != "teacher"), "{slips:?}");
    assert_eq!(
        hash(&store),
        before,
        "the colleague's password is untouched"
    );
    let families = store.class_families(&ct, ct.homeroom[0]).expect("families");
    assert!(
        families
            .iter()
            .flat_map(|p| &p.parents)
            .all(|a| a.login != "teacher")
    );
}

#[test]
fn the_class_teacher_gives_a_parent_a_login_and_unlinks_one() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    families(&mut app);
    // A new parent's account for the first student.
    key(&mut app, KeyCode::F(4));
    let form = screen(&app);
    if form.contains("Вход родителя") {
        insta::assert_snapshot!("families_parent_form", form);
        typed(&mut app, "Новикова Ольга Петровна");
        key(&mut app, KeyCode::Enter);
        typed(&mut app, "novikova.op");
        key(&mut app, KeyCode::Enter);
    } else {
        // An imported parent without a password: a password for that one.
        key(&mut app, KeyCode::Enter);
    }
    let shown = screen(&app);
    assert!(shown.contains("Одноразовый пароль:"), "{shown}");
    key(&mut app, KeyCode::Enter);
    // To a parent's line, then F8 and yes.
    press_until(
        &mut app,
        KeyCode::Down,
        200,
        |a| matches!(&a.screen, Screen::Families(f) if matches!(f.rows.get(f.selected), Some(Row::Parent(..)))),
    );
    let Screen::Families(f) = &app.screen else {
        panic!("families")
    };
    let Some(Row::Parent(i, k)) = f.rows.get(f.selected).copied() else {
        panic!("a parent's row")
    };
    let login = f.pupils[i].parents[k].login.clone();
    let student = f.pupils[i].id;
    key(&mut app, KeyCode::F(8));
    insta::assert_snapshot!("families_unlink_question", screen(&app));
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("отвязан"), "{}", screen(&app));
    let rows = audit_rows(
        &j,
        "SELECT actor, old_value FROM audit WHERE action = 'unlink' AND entity = 'parent'",
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "classteacher");
    assert!(rows[0].1.starts_with(&login), "{:?}", rows[0]);
    let store = Store::open(j.db()).expect("open");
    let children = store.actor(&login).map(|a| a.children).unwrap_or_default();
    assert!(!children.contains(&student));
}

#[test]
fn the_class_teacher_corrects_a_students_name() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    families(&mut app);
    let Screen::Families(f) = &app.screen else {
        panic!("families")
    };
    let old = f.pupils[0].name.full();
    let id = f.pupils[0].id;
    key(&mut app, KeyCode::F(6));
    insta::assert_snapshot!("families_edit_student", screen(&app));
    ctrl(&mut app, 'u');
    typed(&mut app, "Исправленная");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'u');
    typed(&mut app, "02\u{7}.03.2012");
    key(&mut app, KeyCode::Enter);
    // A control character never reaches the field: the date is read as typed.
    let s = screen(&app);
    assert!(s.contains("данные ученика исправлены"), "{s}");
    let rows = audit_rows(
        &j,
        "SELECT old_value, new_value FROM audit WHERE action = 'edit' AND entity = 'student'",
    );
    assert_eq!(rows.len(), 1);
    assert!(rows[0].0.starts_with(&old), "{:?}", rows[0]);
    assert!(rows[0].1.starts_with("Исправленная"), "{:?}", rows[0]);
    assert!(rows[0].1.ends_with("02.03.2012"), "{:?}", rows[0]);
    let store = Store::open(j.db()).expect("open");
    assert_eq!(store.student_name(id).expect("name").last, "Исправленная");
    // The store refuses a control character whatever the screen let through.
    let ct = store.actor("classteacher").expect("ct");
    drop(store);
    let mut store = Store::open(j.db()).expect("open");
    let bad = zhurnal::domain::names::FullName::new("Ива\u{202e}нов", "Иван", "");
    assert!(matches!(
        store.correct_student(&ct, id, &bad, None),
        Err(StoreError::Text(_))
    ));
    // A student's own account shows the corrected name: the demo's «student» is
    // Соболев of 7Б.
    let sobolev = store
        .actor("student")
        .expect("student")
        .student_id
        .expect("a student");
    let name = zhurnal::domain::names::FullName::new("Соболева", "Матвей", "Андреевич");
    store
        .correct_student(&ct, sobolev, &name, None)
        .expect("corrected");
    let shown: String = rusqlite::Connection::open(j.db())
        .expect("open")
        .query_row(
            "SELECT display_name FROM users WHERE login = 'student'",
            [],
            |r| r.get(0),
        )
        .expect("display name");
    assert_eq!(shown, name.initials());
}

#[test]
fn everyone_changes_their_own_password_and_hears_which_rule_failed() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    login(&mut app, "teacher", "demo");
    let attempt = |app: &mut App, current: &str, new: &str, again: &str| {
        key(app, KeyCode::F(3));
        typed(app, current);
        key(app, KeyCode::Enter);
        typed(app, new);
        key(app, KeyCode::Enter);
        typed(app, again);
        key(app, KeyCode::Enter);
        let s = screen(app);
        key(app, KeyCode::Esc);
        s
    };
    key(&mut app, KeyCode::F(3));
    insta::assert_snapshot!("own_password_form", screen(&app));
    key(&mut app, KeyCode::Esc);
    for (current, new, again, rule) in [
        (
            "Угадай1",
            "Новый2026пароль",
            "Новый2026пароль",
            PasswordError::WrongCurrent,
        ),
        ("demo", "ab1", "ab1", PasswordError::TooShort { min: 8 }),
        ("demo", "onlyletters", "onlyletters", PasswordError::NoDigit),
        ("demo", "Teacher1", "Teacher2", PasswordError::Mismatch),
    ] {
        let s = attempt(&mut app, current, new, again);
        let said = rule.to_string();
        assert!(s.contains(&said), "{rule:?}: «{said}»\n{s}");
    }
    // A wrong current password is recorded (someone may be guessing), never the text.
    let guesses = audit_rows(
        &j,
        "SELECT actor, new_value FROM audit WHERE action = 'login_failed' AND actor = 'teacher'",
    );
    assert_eq!(guesses.len(), 1, "{guesses:?}");
    let all = audit_rows(&j, "SELECT old_value, new_value FROM audit");
    assert!(
        !all.iter()
            .any(|(o, n)| o.contains("Угадай") || n.contains("Угадай"))
    );
    // The login itself: checked in the store with the same words.
    let mut store = Store::open(j.db()).expect("open");
    let ct = store.actor("classteacher").expect("classteacher");
    assert!(matches!(
        store.change_own_password(&ct, "demo", "ClassTeacher", "ClassTeacher"),
        Err(StoreError::Password(PasswordError::SameAsLogin))
    ));
    drop(store);
    let s = attempt(&mut app, "demo", "Новый2026пароль", "Новый2026пароль");
    assert!(s.contains("пароль изменён"), "{s}");
    let mut again = common::tui::app(j.db(), DAY);
    login(&mut again, "teacher", "Новый2026пароль");
    assert!(
        matches!(again.screen, Screen::Today(_)),
        "{}",
        screen(&again)
    );
    // The parent's diary and the administrator's menu have it too.
    for who in ["parent", "admin"] {
        let mut a = common::tui::app(j.db(), DAY);
        login(&mut a, who, "demo");
        key(&mut a, KeyCode::F(3));
        assert!(screen(&a).contains("Смена пароля"), "{who}\n{}", screen(&a));
    }
}

#[test]
fn the_weekly_report_is_picked_from_the_class_previewed_and_printed() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    families(&mut app);
    key(&mut app, KeyCode::F(7));
    insta::assert_snapshot!("weekly_pick_form", screen(&app));
    // «Со…»: the student whose parent logs in.
    typed(&mut app, "Со");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Weekly(_)), "{}", screen(&app));
    insta::assert_snapshot!("weekly_preview", screen(&app));
    key(&mut app, KeyCode::F(5));
    let path = j.dir().join("weekly.html");
    ctrl(&mut app, 'u');
    typed(&mut app, path.to_str().expect("path"));
    key(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("отчёт для родителей записан"), "{s}");
    let page = std::fs::read_to_string(&path).expect("the report");
    assert!(page.contains("Соболев Матвей"), "{page}");
    assert!(page.contains("<table"));
    // Sent from the preview; back to the class's list.
    key(&mut app, KeyCode::F(2));
    assert!(
        screen(&app).contains("отправлен родителям"),
        "{}",
        screen(&app)
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Families(_)));
}

#[test]
fn a_served_class_teacher_gets_the_sheet_in_their_folder() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    families(&mut app);
    let folder = serve_folder(&mut app, &j.dir().join("files"), "classteacher");
    key(&mut app, KeyCode::F(5));
    let form = screen(&app);
    assert!(form.contains("Только имя файла"), "{form}");
    // Those without a login yet (the default): the demo's accounts all log in, so a
    // parent's account is made first.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::F(4));
    typed(&mut app, "Новикова Ольга");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "novikova.o");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::F(5));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(
        app.status
            .text
            .contains("лист с паролями в вашей папке: logins-7Б.html"),
        "{}",
        screen(&app)
    );
    let page =
        String::from_utf8(folder.read("logins-7Б.html", 1 << 20).expect("read")).expect("utf-8");
    // One slip: the new parent, whose one-time password was never used.
    assert_eq!(spans(&page, "login"), vec!["novikova.o".to_string()]);
    // A second sheet never replaces the first: its passwords would be lost.
    key(&mut app, KeyCode::F(5));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("такой файл уже есть"),
        "{}",
        screen(&app)
    );
}

#[test]
fn guessing_the_current_password_closes_the_account_as_wrong_logins_do() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    login(&mut app, "teacher", "demo");
    let mut tries = 0;
    while !matches!(app.screen, Screen::Login(_)) {
        tries += 1;
        assert!(tries <= 10, "never closed: {}", screen(&app));
        key(&mut app, KeyCode::F(3));
        for text in ["Угадай1", "Новый2026пароль", "Новый2026пароль"] {
            typed(&mut app, text);
            key(&mut app, KeyCode::Enter);
        }
        if app.overlay.is_some() {
            key(&mut app, KeyCode::Esc);
        }
    }
    assert!(
        tries > 1,
        "one wrong password alone does not close the account"
    );
    assert!(screen(&app).contains("вход закрыт до"), "{}", screen(&app));
    // The right password is refused too until then.
    login(&mut app, "teacher", "demo");
    assert!(!matches!(app.screen, Screen::Today(_)), "{}", screen(&app));
}

#[test]
fn the_class_teacher_exempts_a_student_from_pe_and_ends_it() {
    let j = TestJournal::demo();
    let mut app = app(j.db(), DAY);
    families(&mut app);
    // The first student, F9: the subject from the class's list, the current quarter,
    // the grounds.
    key(&mut app, KeyCode::F(9));
    insta::assert_snapshot!("families_exemption_form", screen(&app));
    // Of a subject taught in groups, only the student's own group is offered.
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("{}", screen(&app))
    };
    let english: Vec<&str> = form.fields[0]
        .pick
        .as_ref()
        .expect("a list")
        .choices()
        .iter()
        .map(|c| c.label.as_str())
        .filter(|l| l.starts_with("Английский"))
        .collect();
    assert_eq!(english.len(), 1, "{english:?}");
    assert!(english[0].contains("(гр. "), "{english:?}");
    typed(&mut app, "физич");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "справка ВК № 12 от 10.12.2025");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app).contains("освобождён(а) от 7Б Физическая культура на «2 четверть»"),
        "{}",
        screen(&app)
    );
    let rows = || {
        audit_rows(
            &j,
            "SELECT st.last_name, x.reason FROM exemption x JOIN student st ON st.id = x.student_id
             JOIN course c ON c.id = x.course_id JOIN subject s ON s.id = c.subject_id
             JOIN class k ON k.id = c.class_id
             WHERE s.name = 'Физическая культура' AND k.grade = 7 AND k.letter = 'Б'",
        )
    };
    assert_eq!(
        rows(),
        vec![(
            "Алексеева".to_string(),
            "справка ВК № 12 от 10.12.2025".to_string()
        )]
    );
    // The form says what is in force; «снять освобождение» ends it.
    key(&mut app, KeyCode::F(9));
    assert!(
        screen(&app).contains("освобождён(а): 7Б Физическая культура, 2"),
        "{}",
        screen(&app)
    );
    typed(&mut app, "физич");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("снято"), "{}", screen(&app));
    assert!(rows().is_empty());
    // Without grounds nothing is exempted.
    key(&mut app, KeyCode::F(9));
    typed(&mut app, "физич");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert!(rows().is_empty(), "{}", screen(&app));
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        j.count_audit(|r| r.entity == "exemption" && r.actor == "classteacher"),
        2
    );
}
