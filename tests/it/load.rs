//! Load: many teachers' programs writing marks into one journal file at once, and a
//! backup and a restore taken while they write.
//!
//! Each writer is this test binary run again as a child process (`writer_process`
//! below, which does nothing unless `ZHURNAL_LOAD_WRITER` is set), so every writer has
//! its own connection, locks and page cache, as separate teachers' programs do. Figures
//! are printed, never asserted: run with `--nocapture` to see them.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::cells::{self, marks, today};
use common::*;
use zhurnal::domain::ids::{LessonId, StudentId};
use zhurnal::domain::marks::MarkValue;
use zhurnal::domain::policy::Actor;
use zhurnal::store::Store;
use zhurnal::store::marks::Expect;

/// Set in a writer process: its number in the plan.
const WRITER: &str = "ZHURNAL_LOAD_WRITER";
/// The journal a writer writes to.
const DB: &str = "ZHURNAL_LOAD_DB";
/// The plan file: one cell a line, `writer login lesson student value`.
const PLAN: &str = "ZHURNAL_LOAD_PLAN";
/// The line a writer prints its latencies on (microseconds, comma-separated).
const LATENCIES: &str = "load-latencies-us";
/// The line a writer prints an error on.
const FAILED: &str = "load-writer-failed";

/// The two load tests run one after the other, so their figures are their own.
static HEAVY: Mutex<()> = Mutex::new(());

/// One cell a writer marks, as the teacher of its course.
#[derive(Debug, Clone)]
struct Cell {
    writer: usize,
    login: String,
    lesson: i64,
    student: i64,
    value: i64,
}

// ---- The writer process ------------------------------------------------------------

/// A writer: its share of the plan, each mark one `add_marks` call, timed.
#[test]
fn writer_process() {
    let Ok(k) = std::env::var(WRITER) else {
        return;
    };
    match write_share(&k) {
        Ok(micros) => {
            let list: Vec<String> = micros.iter().map(u128::to_string).collect();
            // On a line of its own: the test harness has begun one already.
            println!("\n{LATENCIES} {k} {}", list.join(","));
        }
        Err(e) => {
            println!("\n{FAILED} {k}: {e}");
            std::process::exit(1);
        }
    }
}

fn write_share(k: &str) -> Result<Vec<u128>, String> {
    let k: usize = k.parse().map_err(|e| format!("{WRITER}={k}: {e}"))?;
    let db = std::env::var(DB).map_err(|e| format!("{DB}: {e}"))?;
    let plan = std::env::var(PLAN).map_err(|e| format!("{PLAN}: {e}"))?;
    let cells: Vec<Cell> = read_plan(Path::new(&plan))?
        .into_iter()
        .filter(|c| c.writer == k)
        .collect();
    if cells.is_empty() {
        return Err(format!("no cells for writer {k}"));
    }
    let mut store = Store::open(Path::new(&db)).map_err(|e| format!("open {db}: {e}"))?;
    store.set_today(Some(today()));
    let mut actors: HashMap<String, Actor> = HashMap::new();
    let mut micros = Vec::with_capacity(cells.len());
    for c in &cells {
        if !actors.contains_key(&c.login) {
            let a = store
                .actor(&c.login)
                .map_err(|e| format!("{}: {e}", c.login))?;
            actors.insert(c.login.clone(), a);
        }
        let actor = actors
            .get(&c.login)
            .ok_or_else(|| format!("{}: no actor", c.login))?;
        let value = MarkValue::new(c.value).map_err(|e| e.to_string())?;
        let t = Instant::now();
        store
            .add_marks(
                actor,
                LessonId(c.lesson),
                StudentId(c.student),
                &[value],
                None,
                Expect::Anything,
            )
            .map_err(|e| format!("{} lesson {} student {}: {e}", c.login, c.lesson, c.student))?;
        micros.push(t.elapsed().as_micros());
    }
    Ok(micros)
}

fn read_plan(path: &Path) -> Result<Vec<Cell>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let num = |i: usize| -> Result<i64, String> {
                f.get(i)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| format!("plan line «{line}»"))
            };
            Ok(Cell {
                writer: usize::try_from(num(0)?).map_err(|e| e.to_string())?,
                login: f
                    .get(1)
                    .ok_or_else(|| format!("plan line «{line}»"))?
                    .to_string(),
                lesson: num(2)?,
                student: num(3)?,
                value: num(4)?,
            })
        })
        .collect()
}

// ---- The parent's side -------------------------------------------------------------

/// The demo school up to the tests' today: 48 teachers, hundreds of students, a year of
/// lessons.
fn demo_journal(dir: &Path) -> PathBuf {
    let db = dir.join("load.sqlite");
    ok(
        dir,
        &["demo", "--db", db.to_str().expect("path"), "--until", TODAY],
    );
    db
}

/// Empty cells a teacher may mark today, `per` for each of `writers` writers (see
/// [`cells::pools`]). Writers share teachers round-robin and never a cell.
fn plan(db: &Path, writers: usize, per: usize) -> Vec<Cell> {
    let pools: Vec<(String, Vec<(LessonId, StudentId)>)> =
        cells::pools(db, writers, |teachers| writers.div_ceil(teachers) * per)
            .into_iter()
            .map(|p| (p.login, p.cells))
            .collect();
    let mut cells = Vec::with_capacity(writers * per);
    for k in 0..writers {
        let (login, pool) = &pools[k % pools.len()];
        let share = k / pools.len();
        for (i, (lesson, student)) in pool[share * per..(share + 1) * per].iter().enumerate() {
            cells.push(Cell {
                writer: k,
                login: login.clone(),
                lesson: lesson.0,
                student: student.0,
                value: 2 + (i % 4) as i64,
            });
        }
    }
    cells
}

fn write_plan(path: &Path, cells: &[Cell]) {
    let text: String = cells
        .iter()
        .map(|c| {
            format!(
                "{}\t{}\t{}\t{}\t{}\n",
                c.writer, c.login, c.lesson, c.student, c.value
            )
        })
        .collect();
    std::fs::write(path, text).expect("write plan");
}

fn spawn_writer(k: usize, db: &Path, plan: &Path) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "load::writer_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WRITER, k.to_string())
        .env(DB, db)
        .env(PLAN, plan)
        .env_remove("ZHURNAL_DB")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn a writer")
}

/// Waits for every writer; each must succeed, show no error and report `per` latencies.
fn collect(children: Vec<Child>, per: usize) -> Vec<u128> {
    let mut all = Vec::new();
    for (k, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().expect("wait for a writer");
        let (so, se) = (stdout(&out), stderr(&out));
        assert!(out.status.success(), "writer {k} failed:\n{so}\n{se}");
        assert!(!so.contains(FAILED), "writer {k}:\n{so}");
        let lower = se.to_lowercase();
        assert!(
            !lower.contains("error") && !lower.contains("panicked"),
            "writer {k}:\n{se}"
        );
        let line = so
            .lines()
            .find_map(|l| l.split_once(&format!("{LATENCIES} {k} ")).map(|(_, v)| v))
            .unwrap_or_else(|| panic!("writer {k} reported no latencies:\n{so}"));
        let micros: Vec<u128> = line
            .split(',')
            .map(|v| v.parse().expect("a latency"))
            .collect();
        assert_eq!(micros.len(), per, "writer {k}");
        all.extend(micros);
    }
    all
}

/// p50, p99 and the maximum (nearest rank), in milliseconds.
fn figures(what: &str, micros: &mut [u128], wall: Duration) {
    micros.sort_unstable();
    let n = micros.len();
    let rank = |p: usize| micros[(n * p).div_ceil(100).clamp(1, n) - 1] as f64 / 1000.0;
    let over_second = micros.iter().filter(|m| **m >= 1_000_000).count();
    println!(
        "{what}: {n} writes in {:.1} s ({:.0}/s); latency p50 {:.1} ms, p99 {:.1} ms, \
         max {:.1} ms; {over_second} took a second or more",
        wall.as_secs_f64(),
        n as f64 / wall.as_secs_f64(),
        rank(50),
        rank(99),
        rank(100),
    );
}

/// The cells' marks by (lesson, student): value and author.
fn by_cell(marks: &HashSet<(i64, i64, i64, i64, String)>) -> HashMap<(i64, i64), Vec<(i64, &str)>> {
    let mut out: HashMap<(i64, i64), Vec<(i64, &str)>> = HashMap::new();
    for (_, l, s, v, who) in marks {
        out.entry((*l, *s)).or_default().push((*v, who.as_str()));
    }
    out
}

fn mark_count(db: &Path) -> i64 {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| c.query_row("SELECT count(*) FROM mark", [], |r| r.get(0)))
        .expect("count")
}

/// Waits until the journal holds `n` marks or no writer is left running.
fn wait_for_marks(db: &Path, n: i64, children: &mut [Child]) {
    while mark_count(db) < n {
        if children
            .iter_mut()
            .all(|c| c.try_wait().is_ok_and(|s| s.is_some()))
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    v.sort();
    v
}

// ---- The tests ---------------------------------------------------------------------

/// 60 writer processes × 200 marks on one journal: every write succeeds, every mark is
/// there, and the journal passes its check.
#[test]
fn sixty_writers_on_one_journal() {
    const WRITERS: usize = 60;
    const PER: usize = 200;
    let _one = HEAVY.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_journal(dir.path());
    let cells = plan(&db, WRITERS, PER);
    assert_eq!(cells.len(), WRITERS * PER);
    let planned: HashSet<(i64, i64)> = cells.iter().map(|c| (c.lesson, c.student)).collect();
    assert_eq!(planned.len(), cells.len(), "every cell once");
    let plan_file = dir.path().join("plan.tsv");
    write_plan(&plan_file, &cells);
    let before = mark_count(&db);
    let prepared = started.elapsed();

    let t = Instant::now();
    let children: Vec<Child> = (0..WRITERS)
        .map(|k| spawn_writer(k, &db, &plan_file))
        .collect();
    let mut micros = collect(children, PER);
    let wall = t.elapsed();

    let after = marks(&db);
    assert_eq!(after.len() as i64, before + (WRITERS * PER) as i64);
    let cellwise = by_cell(&after);
    for c in &cells {
        assert_eq!(
            cellwise.get(&(c.lesson, c.student)).map(Vec::as_slice),
            Some(&[(c.value, c.login.as_str())][..]),
            "the mark of writer {} in lesson {} for student {}",
            c.writer,
            c.lesson,
            c.student
        );
    }
    ok(dir.path(), &["check", "--db", db.to_str().expect("path")]);
    figures(
        &format!("{WRITERS} writer processes × {PER} marks"),
        &mut micros,
        wall,
    );
    println!(
        "sixty_writers_on_one_journal: demo and plan {:.1} s, whole test {:.1} s",
        prepared.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}

/// `zhurnal backup` and then `zhurnal restore` of that backup while 8 writers write:
/// no writer sees an error, the journal passes its check, everything in the backup is
/// in the journal, and the journal kept aside is sound and complete.
#[test]
fn backup_and_restore_while_writers_write() {
    const WRITERS: usize = 8;
    const PER: usize = 300;
    let _one = HEAVY.lock().unwrap_or_else(|e| e.into_inner());
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_journal(dir.path());
    let d = db.to_str().expect("path");
    let cells = plan(&db, WRITERS, PER);
    let plan_file = dir.path().join("plan.tsv");
    write_plan(&plan_file, &cells);
    let before = mark_count(&db);
    let total = (WRITERS * PER) as i64;

    let t = Instant::now();
    let mut children: Vec<Child> = (0..WRITERS)
        .map(|k| spawn_writer(k, &db, &plan_file))
        .collect();
    wait_for_marks(&db, before + total / 5, &mut children);
    let copies = dir.path().join("copies");
    let b = Instant::now();
    ok(
        dir.path(),
        &["backup", "--db", d, "--to", copies.to_str().expect("path")],
    );
    let backup_took = b.elapsed();
    let copy = files(&copies).pop().expect("a backup");
    let in_backup = marks(&copy);
    // Some writes land between the backup and the restore: the restore takes them away.
    wait_for_marks(&db, in_backup.len() as i64 + total / 10, &mut children);
    let r = Instant::now();
    let out = ok(
        dir.path(),
        &["restore", copy.to_str().expect("path"), "--db", d],
    );
    let restore_took = r.elapsed();
    assert!(out.contains("прежний сохранён как"), "{out}");
    let running = children
        .iter_mut()
        .map(|c| c.try_wait())
        .filter(|s| matches!(s, Ok(None)))
        .count();
    let mut micros = collect(children, PER);
    let wall = t.elapsed();

    ok(dir.path(), &["check", "--db", d]);
    let after = marks(&db);
    let missing: Vec<_> = in_backup.difference(&after).collect();
    assert!(missing.is_empty(), "backup marks lost: {missing:?}");

    let aside = files(dir.path())
        .into_iter()
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("load.sqlite.before-restore-"))
        })
        .expect("the journal kept aside");
    ok(
        dir.path(),
        &["check", "--db", aside.to_str().expect("path")],
    );
    let kept = marks(&aside);
    assert!(
        in_backup.is_subset(&kept),
        "the aside copy is newer than the backup"
    );
    // Every mark a writer made is either in the journal (before the backup or after the
    // restore) or in the copy kept aside (between the two): none fell in a gap.
    let (now, then) = (by_cell(&after), by_cell(&kept));
    for c in &cells {
        let want = (c.value, c.login.as_str());
        let found = |m: &HashMap<(i64, i64), Vec<(i64, &str)>>| {
            m.get(&(c.lesson, c.student))
                .is_some_and(|v| v.contains(&want))
        };
        assert!(
            found(&now) || found(&then),
            "the mark of writer {} in lesson {} for student {} is nowhere",
            c.writer,
            c.lesson,
            c.student
        );
    }
    let taken_away = kept.len() - in_backup.len();
    let after_restore = after.len() - in_backup.len();
    println!(
        "backup {:.2} s, restore {:.2} s with {WRITERS} writers at work \
         ({running} still writing after it)",
        backup_took.as_secs_f64(),
        restore_took.as_secs_f64(),
    );
    println!(
        "marks: {} in the backup, {taken_away} more in the journal kept aside, \
         {after_restore} written after the restore",
        in_backup.len(),
    );
    figures(
        &format!("{WRITERS} writers × {PER} marks around a backup and a restore"),
        &mut micros,
        wall,
    );
    println!(
        "backup_and_restore_while_writers_write: whole test {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        running > 0,
        "the writers finished before the restore did: it was not tested under load"
    );
}

/// A large school's list, 10,000 students, imported while a teacher keeps marking:
/// every mark lands (the import checks and prepares with no write lock held and then
/// writes in one short transaction).
#[test]
fn import_of_10k_students_lets_a_mark_land() {
    import_while_marking(10_000);
}

/// The same with 100,000 students, the benchmark of BENCHMARKS.md: prints the dry
/// run's and the import's times and how long each mark took (`--ignored --nocapture`).
/// Apart from the suite: its one write transaction is long enough that a machine busy
/// with the other tests makes a mark wait past the journal's busy time.
#[test]
#[ignore = "a benchmark: run alone with --ignored --nocapture"]
fn import_of_100k_students_lets_a_mark_land() {
    import_while_marking(100_000);
}

fn import_while_marking(n: usize) {
    let j = TestJournal::mini();
    let file = j.dir().join("students-100k.csv");
    let mut text = String::from("Класс;Фамилия;Имя;Отчество;Группы\n");
    for i in 0..n {
        text.push_str(&format!(
            "7Б;Ученик{i};Имя{};Отчество{};{}\n",
            i % 97,
            i % 89,
            1 + i % 2
        ));
    }
    std::fs::write(&file, text).expect("write");
    let f = file.to_str().expect("path").to_string();

    let started = Instant::now();
    let out = j.ok(&["import", "students", &f, "--dry-run"]);
    let dry = started.elapsed();
    assert!(
        out.contains(&format!("будет создано {n}")),
        "{}",
        &out[..out.len().min(300)]
    );

    let (dir, db) = (j.dir().to_path_buf(), j.db_str().to_string());
    let importer = std::thread::spawn(move || {
        let started = Instant::now();
        let o = zhurnal(&dir, &["--db", &db, "import", "students", &f]);
        (o, started.elapsed())
    });
    let d = j.db_str();
    let mut marks = Vec::new();
    // The importer reads and checks first; the marks start while it does.
    let pause = Duration::from_millis(if n >= 50_000 { 100 } else { 10 });
    while !importer.is_finished() || marks.is_empty() {
        let t = Instant::now();
        let o = zhurnal(j.dir(), &mini_mark(d, "2025-11-10", "Алексеев", &["5"]));
        assert!(
            o.status.success(),
            "a mark during the import: {}",
            stderr(&o)
        );
        marks.push(t.elapsed());
        std::thread::sleep(pause);
    }
    let (o, apply) = importer.join().expect("importer");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("создано {n}")),
        "{}",
        stdout(&o)
    );
    let slowest = marks.iter().max().copied().unwrap_or_default();
    println!(
        "import of {n} students: dry run {:.1} s, apply {:.1} s; {} marks meanwhile, slowest {:.0} ms",
        dry.as_secs_f64(),
        apply.as_secs_f64(),
        marks.len(),
        slowest.as_secs_f64() * 1000.0
    );
}
