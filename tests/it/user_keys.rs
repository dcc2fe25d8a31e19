//! SSH keys of accounts: who may register them, and what a key lets in.

use crate::common;

use common::tui::demo_copy;
use zhurnal::store::Store;
use zhurnal::store::accounts::LoginError;

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8dUQn4bq1mCzJ0l8k3M2b8l6P4Xn0oZxJ9oY1abcd";

fn store(dir: &std::path::Path) -> Store {
    let db = demo_copy(dir);
    let mut s = Store::open(&db).expect("open");
    s.set_today(chrono::NaiveDate::from_ymd_opt(2025, 12, 15));
    s
}

#[test]
fn users_register_their_own_keys_and_the_administrator_anyones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = store(dir.path());
    let teacher = s.actor("teacher").expect("teacher");
    let parent = s.actor("parent").expect("parent");
    let admin = s.actor("admin").expect("admin");
    s.add_user_key(&teacher, "teacher", &format!("{KEY} teacher@classroom"))
        .expect("own key");
    let keys = s.user_keys(&teacher, "teacher").expect("keys");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].comment, "teacher@classroom");
    // A parent may neither add a key to nor list the keys of someone else.
    assert!(
        s.add_user_key(
            &parent,
            "teacher",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOther0000000000"
        )
        .is_err()
    );
    assert!(s.user_keys(&parent, "teacher").is_err());
    // The same key cannot open two accounts.
    let err = s
        .add_user_key(&admin, "deputy", KEY)
        .expect_err("a key belongs to one account");
    assert!(err.to_string().contains("teacher"), "{err}");
    // Not a key at all.
    assert!(s.add_user_key(&teacher, "teacher", "hello world").is_err());
    let audited: i64 = rusqlite::Connection::open(s.path())
        .expect("open")
        .query_row(
            "SELECT count(*) FROM audit WHERE entity = 'user_key' AND action = 'create'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(audited, 1);
    s.remove_user_key(&teacher, "teacher", keys[0].id)
        .expect("removed");
    assert!(!s.key_registered("teacher", KEY).expect("asked"));
}

#[test]
fn a_key_logs_in_only_its_active_owner() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = store(dir.path());
    let admin = s.actor("admin").expect("admin");
    s.add_user_key(&admin, "teacher", KEY).expect("key");
    assert!(s.key_registered("teacher", KEY).expect("asked"));
    assert!(!s.key_registered("deputy", KEY).expect("asked"));
    let session = s.authenticate_key("teacher", KEY).expect("login");
    assert_eq!(session.actor.login, "teacher");
    assert!(matches!(
        s.authenticate_key("deputy", KEY),
        Err(LoginError::Wrong { .. })
    ));
    s.set_user_active(&admin, "teacher", false)
        .expect("disable");
    assert!(!s.key_registered("teacher", KEY).expect("asked"));
    assert!(matches!(
        s.authenticate_key("teacher", KEY),
        Err(LoginError::Disabled)
    ));
}

#[test]
fn a_password_lockout_never_refuses_a_registered_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = store(dir.path());
    let admin = s.actor("admin").expect("admin");
    s.add_user_key(&admin, "teacher", KEY).expect("key");
    // Someone at the console guesses until the account locks.
    let locked = (0..10).any(|_| {
        matches!(
            s.authenticate("teacher", "guess"),
            Err(LoginError::Locked { .. })
        )
    });
    assert!(locked, "the console's lockout holds");
    assert!(matches!(
        s.authenticate("teacher", "demo"),
        Err(LoginError::Locked { .. })
    ));
    let session = s.authenticate_key("teacher", KEY).expect("the key logs in");
    assert_eq!(session.actor.login, "teacher");
}

#[test]
fn network_guesses_neither_lock_the_account_nor_hide_the_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut s = store(dir.path());
    for _ in 0..10 {
        assert!(matches!(
            s.authenticate_remote("director", "guess", "192.0.2.7"),
            Err(LoginError::Wrong { .. })
        ));
    }
    // The owner still logs in, over the network and at the console.
    s.authenticate_remote("director", "demo", "198.51.100.4")
        .expect("from elsewhere");
    s.authenticate("director", "demo").expect("at the console");
    let conn = rusqlite::Connection::open(s.path()).expect("open");
    let failed: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit WHERE actor = 'director' AND action = 'login_failed' AND new_value = 'ssh 192.0.2.7'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(failed, 10);
    let from: String = conn
        .query_row(
            "SELECT new_value FROM audit WHERE actor = 'director' AND action = 'login' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("login row");
    assert_eq!(from, "ssh 198.51.100.4");
}
