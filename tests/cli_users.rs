//! `zhurnal user …` and `zhurnal link-parent` through the real binary.

mod common;

use common::*;

fn otp_of(out: &str) -> String {
    out.trim().rsplit(' ').next().expect("password").to_string()
}

#[test]
fn the_administrator_manages_accounts_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let d = db.to_str().expect("path");
    let out = ok(
        dir.path(),
        &[
            "user",
            "add",
            "petrova",
            "--db",
            d,
            "--name",
            "Петрова Анна Сергеевна",
            "--role",
            "teacher",
            "--role",
            "deputy",
        ],
    );
    assert!(
        out.contains("Одноразовый пароль (показывается один раз)"),
        "{out}"
    );
    let otp = otp_of(&out);
    assert_eq!(otp.len(), 10);
    let list = ok(dir.path(), &["user", "list", "--db", d]);
    let line = list
        .lines()
        .find(|l| l.starts_with("petrova"))
        .expect("listed");
    assert!(
        line.contains("deputy,teacher") && line.contains("одноразовый пароль"),
        "{line}"
    );
    assert!(!list.contains(&otp), "the password is shown once only");

    let mut store = zhurnal::store::Store::open(&db).expect("open");
    let s = store.authenticate("petrova", &otp).expect("one-time login");
    assert!(s.must_change_password);
    drop(store);

    ok(dir.path(), &["user", "disable", "petrova", "--db", d]);
    let mut store = zhurnal::store::Store::open(&db).expect("open");
    assert!(store.authenticate("petrova", &otp).is_err());
    drop(store);
    ok(dir.path(), &["user", "enable", "petrova", "--db", d]);
    let new = otp_of(&ok(dir.path(), &["user", "passwd", "petrova", "--db", d]));
    assert_ne!(new, otp);
    let mut store = zhurnal::store::Store::open(&db).expect("open");
    assert!(
        store.authenticate("petrova", &otp).is_err(),
        "the old one is gone"
    );
    assert!(store.authenticate("petrova", &new).is_ok());
    drop(store);

    ok(
        dir.path(),
        &["user", "roles", "petrova", "teacher", "--db", d],
    );
    assert!(
        ok(dir.path(), &["user", "list", "--db", d])
            .lines()
            .any(|l| l.starts_with("petrova") && !l.contains("deputy"))
    );

    // A student's account and a parent's link.
    ok(
        dir.path(),
        &[
            "user",
            "add",
            "volkov",
            "--db",
            d,
            "--name",
            "Волков Егор Петрович",
            "--role",
            "student",
            "--student",
            "7Б Волков",
        ],
    );
    ok(
        dir.path(),
        &[
            "user",
            "add",
            "belova.mama",
            "--db",
            d,
            "--name",
            "Белова Ольга",
            "--role",
            "parent",
        ],
    );
    let out = ok(
        dir.path(),
        &["link-parent", "belova.mama", "7Б Белова", "--db", d],
    );
    assert!(out.contains("Белова Дарья Олеговна"), "{out}");
    let store = zhurnal::store::Store::open(&db).expect("open");
    let parent = store.actor("belova.mama").expect("parent");
    assert_eq!(parent.children.len(), 1);
    let volkov = store.actor("volkov").expect("student");
    assert_eq!(
        volkov
            .student_id
            .map(|id| store.student_name(id).expect("name").full()),
        Some("Волков Егор Петрович".to_string())
    );
}

#[test]
fn account_commands_refuse_others_and_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = mini_journal(dir.path());
    let d = db.to_str().expect("path");
    let fail = |args: &[&str], want: &str| {
        let o = zhurnal(dir.path(), args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    };
    fail(
        &["user", "list", "--db", d, "--as", "teacher"],
        "только администратор",
    );
    fail(
        &[
            "user",
            "add",
            "x",
            "--db",
            d,
            "--name",
            "Икс Игрек",
            "--role",
            "повар",
        ],
        "неизвестная роль «повар»",
    );
    fail(
        &[
            "user",
            "add",
            "teacher",
            "--db",
            d,
            "--name",
            "Икс Игрек",
            "--role",
            "teacher",
        ],
        "логин «teacher» уже занят",
    );
    fail(
        &[
            "user",
            "add",
            "kid",
            "--db",
            d,
            "--name",
            "Икс Игрек",
            "--role",
            "student",
        ],
        "учётной записи ученика нужен ученик",
    );
    fail(
        &["user", "passwd", "nobody", "--db", d],
        "нет пользователя «nobody»",
    );
    fail(
        &["link-parent", "admin", "Иванов", "--db", d],
        "нет ученика «Иванов»",
    );
    fail(
        &["link-parent", "parent", "7Б Алексеев", "--db", d],
        "уже связан",
    );
}
