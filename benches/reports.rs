//! The school-wide control reports on the demo school doubled (`--scale 2`): each one
//! from the journal file to its table, under criterion.

// Tests and benchmarks stop at the first thing that is not as it should be.
#![allow(clippy::expect_used, clippy::panic)]

use std::time::Duration;

use chrono::NaiveDate;
use criterion::Criterion;
use zhurnal::domain::policy::Actor;
use zhurnal::report::{ReportName, ReportQuery, build};
use zhurnal::store::Store;

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("scale2.sqlite");
    let until = NaiveDate::from_ymd_opt(2025, 12, 20).expect("date");
    let opts = zhurnal::demo::DemoOptions {
        until,
        scale: 2,
        seed: 1,
        news: true,
    };
    zhurnal::demo::build(&db, &opts, false).expect("demo");
    let mut store = Store::open(&db).expect("open");
    store.set_today(Some(until));
    let actor: Actor = store.actor("deputy").expect("deputy");
    let students: i64 = store.count("student").expect("count");
    let marks: i64 = store.count("mark").expect("count");
    println!("demo --scale 2: {students} students, {marks} marks; reports as of {until}");

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    for (name, period) in [
        (ReportName::Quality, Some(1)),
        (ReportName::Accumulation, None),
        (ReportName::Fill, None),
        (ReportName::Fulfilment, None),
        (ReportName::Activity, None),
    ] {
        let query = ReportQuery {
            period,
            ..ReportQuery::new(name)
        };
        let label = format!("report/{name:?}").to_lowercase();
        c.bench_function(&label, |b| {
            b.iter(|| build(&store, &actor, &query, until).expect("report"))
        });
    }
    c.final_summary();
}
