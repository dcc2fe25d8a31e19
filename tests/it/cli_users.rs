//! `zhurnal user …` and `zhurnal link-parent` through the real binary.

use crate::common;

use common::*;

fn otp_of(out: &str) -> String {
    out.trim().rsplit(' ').next().expect("password").to_string()
}

#[test]
fn the_administrator_manages_accounts_from_the_command_line() {
    let j = TestJournal::mini();
    let out = j.ok(&[
        "user",
        "add",
        "petrova",
        "--name",
        "Петрова Анна Сергеевна",
        "--role",
        "teacher",
        "--role",
        "deputy",
    ]);
    assert!(
        out.contains("Одноразовый пароль (показывается один раз)"),
        "{out}"
    );
    let otp = otp_of(&out);
    assert_eq!(otp.len(), 10);
    let list = j.ok(&["user", "list"]);
    let line = list
        .lines()
        .find(|l| l.starts_with("petrova"))
        .expect("listed");
    assert!(
        line.contains("deputy,teacher") && line.contains("одноразовый пароль"),
        "{line}"
    );
    assert!(!list.contains(&otp), "the password is shown once only");

    let mut store = zhurnal::store::Store::open(j.db()).expect("open");
    let s = store.authenticate("petrova", &otp).expect("one-time login");
    assert!(s.must_change_password);
    drop(store);

    j.ok(&["user", "disable", "petrova"]);
    let mut store = zhurnal::store::Store::open(j.db()).expect("open");
    assert!(store.authenticate("petrova", &otp).is_err());
    drop(store);
    j.ok(&["user", "enable", "petrova"]);
    let new = otp_of(&j.ok(&["user", "passwd", "petrova"]));
    assert_ne!(new, otp);
    let mut store = zhurnal::store::Store::open(j.db()).expect("open");
    assert!(
        store.authenticate("petrova", &otp).is_err(),
        "the old one is gone"
    );
    assert!(store.authenticate("petrova", &new).is_ok());
    drop(store);

    j.ok(&["user", "roles", "petrova", "teacher"]);
    assert!(
        j.ok(&["user", "list",])
            .lines()
            .any(|l| l.starts_with("petrova") && !l.contains("deputy"))
    );

    // A student's account and a parent's link.
    j.ok(&[
        "user",
        "add",
        "volkov",
        "--name",
        "Волков Егор Петрович",
        "--role",
        "student",
        "--student",
        "7Б Волков",
    ]);
    j.ok(&[
        "user",
        "add",
        "belova.mama",
        "--name",
        "Белова Ольга",
        "--role",
        "parent",
    ]);
    let out = j.ok(&["link-parent", "belova.mama", "7Б Белова"]);
    assert!(out.contains("Белова Дарья Олеговна"), "{out}");
    let store = zhurnal::store::Store::open(j.db()).expect("open");
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
    let j = TestJournal::mini();
    let fail = |args: &[&str], want: &str| {
        let o = zhurnal(j.dir(), args);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
    };
    fail(
        &["user", "list", "--db", j.db_str(), "--as", "teacher"],
        "только администратор",
    );
    fail(
        &[
            "user",
            "add",
            "x",
            "--db",
            j.db_str(),
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
            j.db_str(),
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
            j.db_str(),
            "--name",
            "Икс Игрек",
            "--role",
            "student",
        ],
        "учётной записи ученика нужен ученик",
    );
    fail(
        &["user", "passwd", "nobody", "--db", j.db_str()],
        "нет пользователя «nobody»",
    );
    fail(
        &["link-parent", "admin", "Иванов", "--db", j.db_str()],
        "нет ученика «Иванов»",
    );
    fail(
        &["link-parent", "parent", "7Б Алексеев", "--db", j.db_str()],
        "уже связан",
    );
}
