use super::*;

fn date(s: &str) -> NaiveDate {
    parse_date(s).expect("test date")
}

fn cal() -> Calendar {
    Calendar::new(
        vec![
            Period {
                id: PeriodId(1),
                num: 1,
                name: "1 четверть".into(),
                start: date("2025-09-01"),
                end: date("2025-10-24"),
                grade_min: 1,
                grade_max: 11,
            },
            Period {
                id: PeriodId(2),
                num: 2,
                name: "2 четверть".into(),
                start: date("2025-11-05"),
                end: date("2025-12-28"),
                grade_min: 1,
                grade_max: 11,
            },
            Period {
                id: PeriodId(3),
                num: 3,
                name: "3 четверть".into(),
                start: date("2026-01-12"),
                end: date("2026-03-20"),
                grade_min: 1,
                grade_max: 11,
            },
        ],
        vec![
            Holiday::new(
                "Осенние каникулы",
                date("2025-10-25"),
                date("2025-11-04"),
                (1, 11),
            ),
            Holiday::new(
                "Дополнительные каникулы",
                date("2026-02-16"),
                date("2026-02-22"),
                (1, 1),
            ),
        ],
    )
}

#[test]
fn lesson_date_must_be_in_a_period_and_not_a_holiday() {
    let c = cal();
    assert_eq!(c.check_lesson_date(date("2025-09-01"), 7), Ok(()));
    assert_eq!(
        c.check_lesson_date(date("2025-08-29"), 7),
        Err(RuleError::OutsidePeriods(date("2025-08-29")))
    );
    assert!(matches!(
        c.check_lesson_date(date("2025-11-03"), 7),
        Err(RuleError::Holiday { .. })
    ));
    assert_eq!(
        c.check_lesson_date(date("2025-09-07"), 7),
        Err(RuleError::DayOff(date("2025-09-07")))
    );
}

#[test]
fn first_grade_holiday_applies_to_grade_one_only() {
    let c = cal();
    assert!(matches!(
        c.check_lesson_date(date("2026-02-17"), 1),
        Err(RuleError::Holiday { .. })
    ));
    assert_eq!(c.check_lesson_date(date("2026-02-17"), 2), Ok(()));
}

#[test]
fn lesson_dates_follow_weekday_and_skip_holidays() {
    let c = cal();
    // Mondays from 2025-10-13 to 2025-11-17: 13.10, 20.10, (27.10, 03.11 holiday), 10.11, 17.11.
    let got = c.lesson_dates(1, date("2025-10-13"), date("2025-11-17"), 7);
    let want: Vec<_> = ["2025-10-13", "2025-10-20", "2025-11-10", "2025-11-17"]
        .iter()
        .map(|s| date(s))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn month_day_dates_resolve_within_the_school_year() {
    assert_eq!(resolve_date("09-01", 2025), Some(date("2025-09-01")));
    assert_eq!(resolve_date("05-26", 2025), Some(date("2026-05-26")));
    assert_eq!(resolve_date("01.02.2024", 2025), Some(date("2024-02-01")));
    assert_eq!(resolve_date("13-01", 2025), None);
    assert_eq!(school_year_start(date("2026-07-15")), 2025);
    assert_eq!(school_year_start(date("2025-09-01")), 2025);
}

fn period(start: &str, end: &str) -> Period {
    Period {
        id: PeriodId(1),
        num: 1,
        name: "1".into(),
        start: date(start),
        end: date(end),
        grade_min: 1,
        grade_max: 11,
    }
}

#[test]
fn the_countrys_days_off_hold_no_lessons() {
    let c = cal().with_production(ProductionCalendar::builtin());
    // 23 February 2026, a Monday, and 9 March 2026, the day off for Sunday 8 March.
    for d in ["2026-02-23", "2026-03-09"] {
        assert!(
            matches!(
                c.check_lesson_date(date(d), 7),
                Err(RuleError::Holiday { .. })
            ),
            "{d}"
        );
    }
    assert!(
        !c.lesson_dates(1, date("2026-03-02"), date("2026-03-16"), 7)
            .contains(&date("2026-03-09"))
    );
    // The school's own first-grade break stays the school's.
    assert_eq!(c.check_lesson_date(date("2026-02-24"), 7), Ok(()));
}

#[test]
fn a_worked_saturday_follows_the_timetable_of_the_day_it_gave_off() {
    // 2025: Saturday 1 November worked, Monday 3 November off in its place.
    let c = Calendar::new(vec![period("2025-10-27", "2025-11-07")], vec![])
        .with_production(ProductionCalendar::builtin())
        .with_week_days(5);
    assert_eq!(c.timetable_day(date("2025-11-01"), 7), Ok(Weekday::Mon));
    assert_eq!(
        c.lesson_dates(1, date("2025-10-27"), date("2025-11-07"), 7),
        vec![date("2025-10-27"), date("2025-11-01")]
    );
    assert!(
        c.lesson_dates(6, date("2025-10-27"), date("2025-11-07"), 7)
            .is_empty()
    );
    assert!(matches!(
        c.check_lesson_date(date("2025-11-03"), 7),
        Err(RuleError::Holiday { .. })
    ));
}

#[test]
fn a_grade_may_study_six_days_in_a_five_day_school() {
    let weeks = parse_grade_weeks("10=6,11=6");
    assert_eq!(grade_weeks_text(&weeks), "10=6,11=6");
    let c = Calendar::new(vec![period("2025-09-01", "2025-09-30")], vec![])
        .with_week_days(5)
        .with_grade_weeks(weeks);
    let saturday = date("2025-09-06");
    assert_eq!(c.check_lesson_date(saturday, 11), Ok(()));
    assert_eq!(
        c.check_lesson_date(saturday, 7),
        Err(RuleError::DayOff(saturday))
    );
    assert_eq!(c.week_of(date("2025-09-01"), 7).len(), 5);
    assert_eq!(c.week_of(date("2025-09-01"), 11).len(), 6);
    // A Saturday the decree makes a working day is shown to a five-day grade too.
    let c = Calendar::new(vec![period("2025-10-27", "2025-11-07")], vec![])
        .with_production(ProductionCalendar::builtin())
        .with_week_days(5);
    assert_eq!(c.week_of(date("2025-10-27"), 7).len(), 6);
}

#[test]
fn a_five_day_week_has_no_saturday_lessons() {
    let six = Calendar::new(vec![period("2025-09-01", "2025-09-30")], vec![]);
    let five = six.clone().with_week_days(5);
    let saturday = date("2025-09-06");
    assert_eq!(six.check_lesson_date(saturday, 7), Ok(()));
    assert_eq!(
        five.check_lesson_date(saturday, 7),
        Err(RuleError::DayOff(saturday))
    );
    assert!(
        five.lesson_dates(6, date("2025-09-01"), date("2025-09-30"), 7)
            .is_empty()
    );
    assert_eq!(
        six.lesson_dates(6, date("2025-09-01"), date("2025-09-30"), 7)
            .len(),
        4
    );
}

fn graded(num: i64, name: &str, start: &str, end: &str, grades: (i64, i64)) -> Period {
    let d = date;
    Period {
        id: PeriodId(num),
        num,
        name: name.into(),
        start: d(start),
        end: d(end),
        grade_min: grades.0,
        grade_max: grades.1,
    }
}

#[test]
fn each_grade_has_its_own_periods_numbered_from_one_and_its_last_day() {
    let d = date;
    let periods = vec![
        graded(1, "1 четверть", "2025-09-01", "2025-10-24", (1, 9)),
        graded(2, "2 четверть", "2025-11-05", "2025-12-28", (1, 9)),
        graded(3, "3 четверть", "2026-01-12", "2026-03-20", (1, 9)),
        graded(4, "4 четверть", "2026-03-30", "2026-05-26", (1, 9)),
        graded(5, "1 полугодие", "2025-09-01", "2025-12-28", (10, 11)),
        graded(6, "2 полугодие", "2026-01-12", "2026-05-26", (10, 11)),
    ];
    let last = |g| LastDay {
        grade_min: g,
        grade_max: g,
        date: d("2026-05-22"),
    };
    let cal = Calendar::new(periods, vec![]).with_last_days(vec![last(9), last(11)]);
    let of = |g| {
        cal.periods_of(g)
            .iter()
            .map(|p| (p.num, p.name.clone(), p.end))
            .collect::<Vec<_>>()
    };
    assert_eq!(of(7).len(), 4);
    assert_eq!(
        of(10),
        [
            (1, "1 полугодие".to_string(), d("2025-12-28")),
            (2, "2 полугодие".to_string(), d("2026-05-26"))
        ]
    );
    assert_eq!(of(11)[1], (2, "2 полугодие".to_string(), d("2026-05-22")));
    assert_eq!(of(9)[3].2, d("2026-05-22"));
    // The same day is in the 2nd quarter for the 7th, in the 1st half for the 10th.
    let dec = d("2025-12-15");
    assert_eq!(
        cal.period_on(dec, 7).map(|p| p.name),
        Some("2 четверть".into())
    );
    assert_eq!(
        cal.period_on(dec, 10).map(|p| p.name),
        Some("1 полугодие".into())
    );
    // The autumn break is a quarter's gap, inside the half.
    let nov = d("2025-11-01");
    assert!(!cal.in_period(nov, 7));
    assert!(cal.in_period(nov, 10));
    assert_eq!(cal.current_period(nov, 7).map(|p| p.num), Some(1));
    // After the 9th grade's last day: not its school day, still the 8th's.
    let may25 = d("2026-05-25");
    assert!(!cal.in_period(may25, 9) && cal.period_on(may25, 9).is_none());
    assert!(cal.in_period(may25, 8));
    assert!(cal.check_lesson_date(may25, 11).is_err());
    assert_eq!(cal.last_day_of(11), Some(d("2026-05-22")));
    assert_eq!(cal.last_day_of(10), Some(d("2026-05-26")));
    assert_eq!(cal.period_by_num(3, 10), None);
    assert_eq!(cal.period_by_num(2, 10).map(|p| p.id), Some(PeriodId(6)));
}
