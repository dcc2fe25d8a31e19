//! Crashes: a program entering marks is killed (`kill -9`) at a random moment, again and
//! again, on one journal. After every kill each mark the program reported saved is in
//! the journal, no mark appears that it never tried to write, and `zhurnal check` passes.
//!
//! The writer is this test binary run again as a child process (`crash_writer` below,
//! which does nothing unless `ZHURNAL_CRASH_FROM` is set). It enters marks through the
//! store, one `add_marks` a cell, and after each commit prints `saved <lesson> <student>
//! <value>` and flushes. The parent kills it either 0–30 ms after starting it or right
//! after a random number of saved lines (plus up to 2 ms, to land inside the next
//! write). Each child continues with cells no earlier child can have touched.
//!
//! Set `ZHURNAL_CRASH_SEED` to replay a run: the seed is printed with the summary.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use common::cells::{self, marks, today};
use common::*;
use zhurnal::domain::ids::{LessonId, StudentId};
use zhurnal::domain::marks::MarkValue;
use zhurnal::domain::policy::Actor;
use zhurnal::store::Store;
use zhurnal::store::marks::Expect;

/// Set in a writer process: the index in the plan of its first cell.
const FROM: &str = "ZHURNAL_CRASH_FROM";
/// The journal a writer writes to.
const DB: &str = "ZHURNAL_CRASH_DB";
/// The plan file: one cell a line, `login lesson student value`.
const PLAN: &str = "ZHURNAL_CRASH_PLAN";
/// Replays a run.
const SEED: &str = "ZHURNAL_CRASH_SEED";
/// The line a writer prints an error on.
const FAILED: &str = "crash-writer-failed";
/// At most this many saved lines before a kill that waits for lines.
const MAX_LINES: u64 = 12;

/// One cell to mark, as the teacher of its course.
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    login: String,
    lesson: i64,
    student: i64,
    value: i64,
}

// ---- The writer process ------------------------------------------------------------

/// A writer: marks the plan's cells in order from its first, each one `add_marks`,
/// reporting each after it is committed.
#[test]
fn crash_writer() {
    let Ok(from) = std::env::var(FROM) else {
        return;
    };
    if let Err(e) = write_from(&from) {
        println!("\n{FAILED}: {e}");
        std::process::exit(1);
    }
}

fn write_from(from: &str) -> Result<(), String> {
    let from: usize = from.parse().map_err(|e| format!("{FROM}={from}: {e}"))?;
    let db = std::env::var(DB).map_err(|e| format!("{DB}: {e}"))?;
    let plan = std::env::var(PLAN).map_err(|e| format!("{PLAN}: {e}"))?;
    let cells = read_plan(Path::new(&plan))?;
    let mut store = Store::open(Path::new(&db)).map_err(|e| format!("open {db}: {e}"))?;
    store.set_today(Some(today()));
    let mut actors: HashMap<String, Actor> = HashMap::new();
    let mut out = std::io::stdout().lock();
    // On a line of its own: the test harness has begun one already.
    writeln!(out).map_err(|e| e.to_string())?;
    for c in cells.iter().skip(from) {
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
        writeln!(out, "saved {} {} {}", c.lesson, c.student, c.value)
            .and_then(|()| out.flush())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn read_plan(path: &Path) -> Result<Vec<Cell>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .map(|line| {
            let bad = || format!("plan line «{line}»");
            let f: Vec<&str> = line.split('\t').collect();
            let num = |i: usize| -> Result<i64, String> {
                f.get(i).and_then(|s| s.parse().ok()).ok_or_else(bad)
            };
            Ok(Cell {
                login: f.first().ok_or_else(bad)?.to_string(),
                lesson: num(1)?,
                student: num(2)?,
                value: num(3)?,
            })
        })
        .collect()
}

// ---- The parent's side -------------------------------------------------------------

/// A small random number generator (xorshift64*): enough to scatter the kills, and
/// replayable from its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

fn seed() -> u64 {
    match std::env::var(SEED) {
        Ok(s) => s.parse().expect("ZHURNAL_CRASH_SEED: a number"),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    }
}

/// The demo school with marks only in its first days, so that `zhurnal check` after
/// every kill stays quick, and most of the year's cells are empty.
fn demo_journal(dir: &Path) -> PathBuf {
    let db = dir.join("crash.sqlite");
    ok(
        dir,
        &[
            "demo",
            "--db",
            db.to_str().expect("path"),
            "--until",
            "2025-09-05",
        ],
    );
    db
}

/// `n` empty cells spread over eight teachers, in an order that moves between them.
fn plan(db: &Path, n: usize) -> Vec<Cell> {
    let pools = cells::pools(db, 8, |teachers| n.div_ceil(teachers));
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let pool = &pools[i % pools.len()];
        let (lesson, student) = pool.cells[i / pools.len()];
        out.push(Cell {
            login: pool.login.clone(),
            lesson: lesson.0,
            student: student.0,
            value: 2 + (i % 4) as i64,
        });
    }
    out
}

fn write_plan(path: &Path, cells: &[Cell]) {
    let text: String = cells
        .iter()
        .map(|c| format!("{}\t{}\t{}\t{}\n", c.login, c.lesson, c.student, c.value))
        .collect();
    std::fs::write(path, text).expect("write plan");
}

/// Starts a writer at plan index `from`, its stdout read line by line into a channel.
fn spawn_writer(from: usize, db: &Path, plan: &Path, err: &Path) -> (Child, Receiver<String>) {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "crash::crash_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(FROM, from.to_string())
        .env(DB, db)
        .env(PLAN, plan)
        .env_remove("ZHURNAL_DB")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(err).expect("stderr file"))
        .spawn()
        .expect("spawn a writer");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// What the kills came to.
#[derive(Default)]
struct Tally {
    kills: usize,
    /// Kills at a random delay after the start, and those after some saved lines.
    by_delay: usize,
    by_lines: usize,
    /// Kills that came before the writer saved anything.
    before_any: usize,
    saved: usize,
    verified: usize,
    /// Marks committed whose line the kill cut off.
    unreported: usize,
    /// Time spent in `zhurnal check`.
    checking: Duration,
}

/// One writer started and killed: returns its saved lines, parsed.
fn one_kill(
    rng: &mut Rng,
    tally: &mut Tally,
    from: usize,
    files: (&Path, &Path, &Path),
) -> Vec<(i64, i64, i64)> {
    let (db, plan, err) = files;
    let (mut child, rx) = spawn_writer(from, db, plan, err);
    let started = Instant::now();
    let mut lines = Vec::new();
    if rng.below(2) == 0 {
        tally.by_delay += 1;
        std::thread::sleep(Duration::from_micros(rng.below(30_001)));
    } else {
        tally.by_lines += 1;
        let want = 1 + rng.below(MAX_LINES) as usize;
        let mut seen = 0;
        while seen < want {
            match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    seen += usize::from(line.starts_with("saved "));
                    lines.push(line);
                }
                Err(RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    panic!("a writer saved nothing for a minute")
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(2_001)));
    }
    let ran = started.elapsed();
    let alive = matches!(child.try_wait(), Ok(None));
    child.kill().expect("kill the writer");
    child.wait().expect("wait for the writer");
    // The lines it flushed before it died are still in the pipe.
    lines.extend(rx.iter());
    let failed: Vec<&String> = lines.iter().filter(|l| l.contains(FAILED)).collect();
    assert!(
        failed.is_empty() && alive,
        "the writer from cell {from} stopped by itself after {ran:?}: {failed:?}\n{}",
        std::fs::read_to_string(err).unwrap_or_default()
    );
    tally.kills += 1;
    lines
        .iter()
        .filter_map(|l| l.strip_prefix("saved "))
        .map(|l| {
            let f: Vec<i64> = l
                .split(' ')
                .map(|v| v.parse().expect("a saved line's number"))
                .collect();
            assert_eq!(f.len(), 3, "saved {l}");
            (f[0], f[1], f[2])
        })
        .collect()
}

/// `kills` writers killed one after another on one journal, everything checked after
/// each.
fn kill_writers(kills: usize) {
    let started = Instant::now();
    let seed = seed();
    let mut rng = Rng::new(seed);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_journal(dir.path());
    let d = db.to_str().expect("path");
    // Room for every writer to save MAX_LINES and then some before its kill; on average
    // they save a few.
    let cells = plan(&db, kills * (MAX_LINES as usize + 2));
    let index: HashMap<(i64, i64), usize> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.lesson, c.student), i))
        .collect();
    assert_eq!(index.len(), cells.len(), "every cell once");
    let plan_file = dir.path().join("plan.tsv");
    write_plan(&plan_file, &cells);
    let err_file = dir.path().join("writer-stderr.txt");
    let before = marks(&db);
    let prepared = started.elapsed();

    let mut tally = Tally::default();
    // Cells from `next` on have never been tried.
    let mut next = 0;
    let mut reported: Vec<usize> = Vec::new();
    for _ in 0..kills {
        let from = next;
        let saved = one_kill(&mut rng, &mut tally, from, (&db, &plan_file, &err_file));
        if saved.is_empty() {
            tally.before_any += 1;
        }
        // The writer goes through its cells in order and reports each once.
        for (k, (lesson, student, value)) in saved.iter().enumerate() {
            let i = index
                .get(&(*lesson, *student))
                .copied()
                .unwrap_or_else(|| panic!("saved an unplanned cell: {lesson} {student}"));
            assert_eq!(i, from + k, "saved lines out of order");
            assert_eq!(*value, cells[i].value);
            reported.push(i);
        }
        tally.saved += saved.len();
        // The cell after the last reported one may have been written, or not.
        next = from + saved.len() + 1;
        assert!(next < cells.len(), "the plan ran out");

        let now = marks(&db);
        let lost: Vec<_> = before.difference(&now).collect();
        assert!(lost.is_empty(), "marks lost: {lost:?}");
        let new: Vec<_> = now.difference(&before).collect();
        let mut cells_marked = HashSet::new();
        for m in &new {
            let (_, lesson, student, value, login) = m;
            let tried = index
                .get(&(*lesson, *student))
                .filter(|i| **i < next)
                .map(|i| &cells[*i]);
            assert!(
                tried.is_some_and(|c| (c.value, &c.login) == (*value, login)),
                "a mark nobody tried to write: {m:?}"
            );
            assert!(
                cells_marked.insert((*lesson, *student)),
                "two marks in one cell: {m:?}"
            );
        }
        for &i in &reported {
            let c = &cells[i];
            assert!(
                cells_marked.contains(&(c.lesson, c.student)),
                "a mark reported saved is missing: {c:?}"
            );
        }
        tally.verified = reported.len();
        tally.unreported = new.len() - reported.len();
        let t = Instant::now();
        ok(dir.path(), &["check", "--db", d]);
        tally.checking += t.elapsed();
    }
    let wall = started.elapsed();
    println!(
        "crash: {} kills ({} at 0–30 ms, {} after 1–{MAX_LINES} saved lines; {} before any \
         save), {} marks saved, {} verified after every kill, {} committed unreported; \
         demo and plan {:.1} s, checks {:.1} s, whole test {:.1} s; seed {seed}",
        tally.kills,
        tally.by_delay,
        tally.by_lines,
        tally.before_any,
        tally.saved,
        tally.verified,
        tally.unreported,
        prepared.as_secs_f64(),
        tally.checking.as_secs_f64(),
        wall.as_secs_f64(),
    );
}

// ---- The tests ---------------------------------------------------------------------

/// 200 writers killed with SIGKILL at random moments: nothing reported saved is lost,
/// nothing unattempted appears, and the journal passes its check after every kill.
#[test]
fn marks_survive_kill_9() {
    kill_writers(200);
}

/// The same with 1,000 kills; run it with `cargo test --test crash -- --ignored`.
#[test]
#[ignore = "long: 1,000 kills"]
fn marks_survive_a_thousand_kill_9() {
    kill_writers(1000);
}
