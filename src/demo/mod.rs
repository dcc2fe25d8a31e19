//! The demo school: the files in `sample-data/`, compiled in, and `zhurnal demo`, which
//! builds a journal from them with a realistic, deterministic history.

mod history;
mod news;
mod scale;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use include_dir::{Dir, include_dir};

use crate::config::school::School;
use crate::domain::calendar::school_year_start;
use crate::domain::policy::Actor;
use crate::import::ImportError;
use crate::import::records;
use crate::store::import::ImportFailed;
use crate::store::{Store, StoreError};
use crate::tr;

static SAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/sample-data");

/// The demo logins, all with the password `demo`.
pub const DEMO_LOGINS: [&str; 7] = [
    "teacher",
    "classteacher",
    "deputy",
    "director",
    "admin",
    "parent",
    "student",
];

pub const DEMO_PASSWORD: &str = "demo";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub until: NaiveDate,
    pub scale: u32,
    pub seed: u64,
    /// Announcements and a conversation around `until`, for the messages screens.
    pub news: bool,
}

/// What the demo built.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DemoSummary {
    pub students: i64,
    pub lessons: i64,
    pub marks: i64,
    pub attendance: i64,
    pub finals: i64,
    /// Marks per student per subject per month of study.
    pub marks_per_month: f64,
    /// The share of «н/а» among period finals, %.
    pub not_assessed: f64,
    /// Assessment events and their results.
    pub assessments: i64,
    pub assessment_results: i64,
}

fn sample(name: &str) -> Result<&'static str, StoreError> {
    SAMPLE
        .get_file(name)
        .and_then(|f| f.contents_utf8())
        .ok_or_else(|| StoreError::Invalid(format!("sample-data/{name}: missing from the build")))
}

/// The thematic plans shipped with the demo: (grade, subject, file name, text).
fn plans() -> Vec<(i64, String, String, &'static str)> {
    let mut out = Vec::new();
    if let Some(dir) = SAMPLE.get_dir("plans") {
        for f in dir.files() {
            let name = f.path().file_name().and_then(|n| n.to_str()).unwrap_or("");
            let Some(stem) = name.strip_suffix(".csv") else {
                continue;
            };
            let Some((grade, subject)) = stem.split_once('-') else {
                continue;
            };
            if let (Ok(g), Some(text)) = (grade.parse::<i64>(), f.contents_utf8()) {
                out.push((g, subject.to_string(), name.to_string(), text));
            }
        }
    }
    out.sort_by(|a, b| a.2.cmp(&b.2));
    out
}

fn rows_err(e: Vec<ImportError>) -> StoreError {
    StoreError::Invalid(
        e.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn import_err(e: ImportFailed) -> StoreError {
    match e {
        ImportFailed::Rows(r) => rows_err(r),
        ImportFailed::Store(s) => s,
    }
}

/// Builds the demo journal at `path`. The journal is built beside it and moved into
/// place only when complete, so a failure leaves no half-built file.
pub fn build(path: &Path, opts: &DemoOptions, force: bool) -> Result<DemoSummary, StoreError> {
    if path.exists() && !force {
        return Err(StoreError::Exists(path.to_path_buf()));
    }
    let tmp = temp_path(path);
    remove_db_files(&tmp);
    let result = build_at(&tmp, opts);
    match result {
        Ok(summary) => {
            remove_db_files(path);
            std::fs::rename(&tmp, path)
                .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
            Ok(summary)
        }
        Err(e) => {
            remove_db_files(&tmp);
            Err(e)
        }
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".building");
    path.with_file_name(name)
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn build_at(path: &Path, opts: &DemoOptions) -> Result<DemoSummary, StoreError> {
    let start_year = school_year_start(opts.until);
    let school = School::parse(
        sample("school.toml")?,
        "sample-data/school.toml",
        Some(start_year),
        opts.until,
    )
    .map_err(StoreError::Invalid)?;
    let mut store = Store::create(path)?;
    // The school office sets the journal up the day before the year starts.
    let eve = school.periods[0]
        .start
        .pred_opt()
        .unwrap_or(school.periods[0].start);
    store.set_fixed_now(eve.and_hms_opt(9, 0, 0));
    store.init_school(&school)?;
    let op = Actor::local_operator();

    let data = scale::Data {
        staff: records::staff(sample("staff.csv")?, "staff.csv").map_err(rows_err)?,
        students: records::students(sample("students.csv")?, "students.csv").map_err(rows_err)?,
        parents: records::parents(sample("parents.csv")?, "parents.csv").map_err(rows_err)?,
        courses: records::courses(sample("courses.csv")?, "courses.csv").map_err(rows_err)?,
        timetable: records::timetable(sample("timetable.csv")?, "timetable.csv")
            .map_err(rows_err)?,
    }
    .scaled(opts.scale);

    let order = tr!("Приказ № 1-у о зачислении", "Order No. 1 on enrollment");
    store
        // The office sets the school up: the homerooms make its classes.
        .import_staff(&op, "staff.csv", &data.staff, true, false)
        .map_err(import_err)?;
    store
        .import_students(
            &op,
            "students.csv",
            &data.students,
            &crate::import::options::ImportOptions {
                order,
                // The demo's history starts on the first day of the year.
                from: Some(store.current_year()?.start),
                new_classes: true,
                ..Default::default()
            },
            false,
        )
        .map_err(import_err)?;
    store
        .import_parents(&op, "parents.csv", &data.parents, false)
        .map_err(import_err)?;
    store
        .import_courses(&op, "courses.csv", &data.courses, false, false)
        .map_err(import_err)?;
    store
        .import_timetable(&op, "timetable.csv", &data.timetable, None, false)
        .map_err(import_err)?;
    let courses = store.courses()?;
    for (grade, subject, file, text) in plans() {
        let rows = records::plan(text, &file).map_err(rows_err)?;
        for c in courses
            .iter()
            .filter(|c| c.class.grade == grade && c.subject.eq_ignore_ascii_case(&subject))
        {
            store
                .import_plan(&op, &file, c.id, &rows, false)
                .map_err(import_err)?;
        }
    }
    // One hash for every demo account: the password is public anyway.
    let hash = crate::auth::hash_password(DEMO_PASSWORD).map_err(StoreError::Invalid)?;
    store.set_all_password_hashes(&op, &hash)?;

    history::fill(&mut store, &school, opts)?;
    let year = store.current_year()?;
    if opts.news && (year.start..=year.end).contains(&opts.until) {
        news::fill(&mut store, opts.until)?;
    }
    let (marks_per_month, not_assessed) = store.mark_figures(opts.until)?;
    Ok(DemoSummary {
        marks_per_month,
        not_assessed,
        assessments: store.count("assessment")?,
        assessment_results: store.count("assessment_result")?,
        students: store.count("student")?,
        lessons: store.count("lesson")?,
        marks: store.count("mark")?,
        attendance: store.count("attendance")?,
        finals: store.count("final_mark")?,
    })
}
