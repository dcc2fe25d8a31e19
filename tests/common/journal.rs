//! A journal for one test, in a temporary folder of its own: the demo school or the
//! mini school (each built once per test binary and copied), or one made from a school
//! file. It knows the pinned today, runs the binary with `--db` filled in, opens the
//! store, and reads what a test checks through the store's own reads.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use chrono::NaiveDate;
use zhurnal::domain::policy::Actor;
use zhurnal::store::Store;
use zhurnal::store::audit_view::{AuditFilter, AuditRow};

use super::{TODAY, stderr, stdout, zhurnal};

pub struct TestJournal {
    dir: tempfile::TempDir,
    db: PathBuf,
}

/// The mini school (7Б, 1А from `tests/fixtures/mini`), built through the command line
/// once per test binary.
fn mini_master() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = super::build_mini_journal(dir.path());
        (dir, path)
    });
    path
}

/// A copy of a journal file (and nothing of its write-ahead log: the masters are
/// closed and checkpointed).
fn copy(master: &Path, to: &Path) {
    std::fs::copy(master, to).expect("copy the journal");
}

/// A copy of the mini school at `to`.
pub fn copy_mini(to: &Path) {
    copy(mini_master(), to);
}

impl TestJournal {
    fn empty() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("journal.sqlite");
        (dir, db)
    }

    /// The demo school up to 14.12.2025 (without the demo's announcements).
    pub fn demo() -> TestJournal {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = super::tui::demo_copy(dir.path());
        TestJournal { dir, db }
    }

    /// The mini school: 7Б and 1А, its staff, students, parents, courses, timetable and
    /// 7Б Алгебра's plan.
    pub fn mini() -> TestJournal {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("mini.sqlite");
        copy(mini_master(), &db);
        TestJournal { dir, db }
    }

    /// A new journal made by `zhurnal init` from a school file, for `year`/`year+1`.
    pub fn school(school: &Path, year: i32) -> TestJournal {
        let (dir, db) = Self::empty();
        let j = TestJournal { dir, db };
        j.ok(&[
            "init",
            "--school",
            school.to_str().expect("path"),
            "--year",
            &year.to_string(),
        ]);
        j
    }

    /// The test's folder (the journal, and whatever the test makes beside it).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> &Path {
        &self.db
    }

    pub fn db_str(&self) -> &str {
        self.db.to_str().expect("a UTF-8 path")
    }

    /// The pinned today of the tests.
    pub fn today(&self) -> NaiveDate {
        NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("TODAY")
    }

    /// `zhurnal --db JOURNAL ARGS…` (today pinned by the environment).
    pub fn run(&self, args: &[&str]) -> Output {
        let mut all = vec!["--db", self.db_str()];
        all.extend_from_slice(args);
        zhurnal(self.dir(), &all)
    }

    /// Runs and insists on success; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "zhurnal {args:?} failed: {}",
            stderr(&o)
        );
        stdout(&o)
    }

    /// Runs and insists on failure; its standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            !o.status.success(),
            "zhurnal {args:?} succeeded: {}",
            stdout(&o)
        );
        stderr(&o)
    }

    /// The journal opened as the programs open it, with the pinned today.
    pub fn store(&self) -> Store {
        let mut s = Store::open(&self.db).expect("open the journal");
        s.set_today(Some(self.today()));
        s
    }

    /// Every audit row, newest first, as the audit screen reads them.
    pub fn audit(&self) -> Vec<AuditRow> {
        self.store()
            .audit(
                &Actor::local_operator(),
                &AuditFilter::default(),
                usize::MAX >> 1,
                0,
            )
            .expect("audit")
    }

    /// How many audit rows `which` picks.
    pub fn count_audit(&self, which: impl Fn(&AuditRow) -> bool) -> i64 {
        self.audit().iter().filter(|r| which(r)).count() as i64
    }
}
