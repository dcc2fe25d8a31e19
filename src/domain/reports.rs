//! Control reports for the administration and class teachers: the formulas and the
//! table they come out as. Plain Rust: the store reads the rows, these count.

use super::RuleError;
use super::policy::Actor;
use crate::domain::ids::ClassId;
use crate::tr;

/// A report as a table: what the command line prints as CSV or aligned text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// What the table's codes and abbreviations mean, a line each: shown under the
    /// table on screen.
    pub legend: Vec<String>,
}

impl Report {
    /// The table with every column padded to its widest cell (counted in characters,
    /// so Cyrillic lines up), numbers right-aligned, the title on the first line.
    pub fn to_text(&self) -> String {
        let n = self.columns.len();
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let numeric = self.numeric_columns();
        let line = |cells: &[String]| -> String {
            let mut out = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = w.saturating_sub(cell.chars().count());
                if i > 0 {
                    out.push_str("  ");
                }
                if numeric[i] {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    out.push_str(&" ".repeat(pad));
                }
            }
            out.trim_end().to_string()
        };
        let mut out = format!("{}\n", self.title);
        out.push_str(&line(&self.columns));
        out.push('\n');
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }
}

impl Report {
    /// Per column, whether it is right-aligned: every filled cell in it is a number.
    pub fn numeric_columns(&self) -> Vec<bool> {
        (0..self.columns.len())
            .map(|i| {
                let mut cells = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .filter(|c| !c.is_empty());
                let mut any = false;
                let all = cells.all(|c| {
                    any = true;
                    is_number(c)
                });
                any && all
            })
            .collect()
    }
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.parse::<f64>().is_ok()
}

/// Who may run the control reports: the administration (deputy, director,
/// administrator) for any class, a class teacher for their own class only.
pub fn may_read_reports(actor: &Actor, class_id: Option<ClassId>) -> Result<(), RuleError> {
    if actor.reads_everything() || class_id.is_some_and(|c| actor.homeroom.contains(&c)) {
        return Ok(());
    }
    if class_id.is_none() && !actor.homeroom.is_empty() {
        return Err(RuleError::OwnClassOnly);
    }
    Err(RuleError::Forbidden(tr!(
        "отчёты доступны администрации и классному руководителю своего класса",
        "the reports are open to the administration and to a class teacher for their own class"
    )))
}

/// The period finals of one class and subject, counted for the quality report.
///
/// Every final counts as it is: a «1» is a 1 (in the average, and with its own weight in
/// СОУ), not a «2». N counts every student who got a final but «осв» (exempt, counted
/// apart): the graded finals (1–5 and «н/а», which counts as not passing) and the
/// pass/fail ones («зач», «незач»). So a subject assessed pass/fail shows its
/// успеваемость, «зач» a pass and «незач» not. Качество знаний, СОУ and the average
/// measure the level of marks, which «зач» does not tell: they are over the graded
/// finals only, and empty for a pass/fail subject. (A school counts a subject's
/// качество as the share of «4» and «5» among those who got marks; putting «зач» in
/// its denominator would lower it for nothing the students did.)
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct QualityCounts {
    pub n5: i64,
    pub n4: i64,
    pub n3: i64,
    pub n2: i64,
    pub n1: i64,
    /// «н/а».
    pub na: i64,
    pub pass: i64,
    pub fail: i64,
    pub exempt: i64,
}

/// СОУ's weight of each mark, %: the usual formula (5 → 100, 4 → 64, 3 → 36, 2 → 16,
/// 1 → 6); «н/а» weighs 7, as this journal has counted it.
const SOU_WEIGHTS: [(usize, i64); 6] = [(5, 100), (4, 64), (3, 36), (2, 16), (1, 6), (0, 7)];

impl QualityCounts {
    /// Counts final values as stored ('1'..'5', 'зач', 'незач', 'н/а', 'осв').
    pub fn from_values<'a>(values: impl IntoIterator<Item = &'a str>) -> QualityCounts {
        let mut c = QualityCounts::default();
        for v in values {
            c.add(v);
        }
        c
    }

    pub fn add(&mut self, value: &str) {
        match value {
            "5" => self.n5 += 1,
            "4" => self.n4 += 1,
            "3" => self.n3 += 1,
            "2" => self.n2 += 1,
            "1" => self.n1 += 1,
            "н/а" => self.na += 1,
            "зач" => self.pass += 1,
            "незач" => self.fail += 1,
            _ => self.exempt += 1,
        }
    }

    /// The graded finals: 1–5 and «н/а».
    pub fn graded(&self) -> i64 {
        self.n5 + self.n4 + self.n3 + self.n2 + self.n1 + self.na
    }

    /// N: the graded finals and the pass/fail ones («осв» left out).
    pub fn n(&self) -> i64 {
        self.graded() + self.pass + self.fail
    }

    /// Успеваемость, %: (n5 + n4 + n3 + зач) / N.
    pub fn success(&self) -> Option<f64> {
        percent(self.n5 + self.n4 + self.n3 + self.pass, self.n())
    }

    /// Качество знаний, %: (n5 + n4) over the graded finals.
    pub fn quality(&self) -> Option<f64> {
        percent(self.n5 + self.n4, self.graded())
    }

    /// СОУ (степень обученности учащихся), %, over the graded finals:
    /// (100·n5 + 64·n4 + 36·n3 + 16·n2 + 6·n1 + 7·n_н/а) / N_graded.
    pub fn sou(&self) -> Option<f64> {
        let counts = [self.na, self.n1, self.n2, self.n3, self.n4, self.n5];
        let sum: i64 = SOU_WEIGHTS.iter().map(|(m, w)| w * counts[*m]).sum();
        let n = self.graded();
        (n > 0).then(|| sum as f64 / n as f64)
    }

    /// The average of the numeric finals, «1» included («н/а» is not a number).
    pub fn average(&self) -> Option<f64> {
        let k = self.n5 + self.n4 + self.n3 + self.n2 + self.n1;
        (k > 0).then(|| {
            (5 * self.n5 + 4 * self.n4 + 3 * self.n3 + 2 * self.n2 + self.n1) as f64 / k as f64
        })
    }
}

/// A percentage with one decimal; empty when there is nothing to divide by.
pub fn fmt_percent(p: Option<f64>) -> String {
    p.map(|v| format!("{v:.1}")).unwrap_or_default()
}

/// An average with two decimals; empty without marks.
pub fn fmt_average(a: Option<f64>) -> String {
    a.map(|v| format!("{v:.2}")).unwrap_or_default()
}

/// Накопляемость: whether a student with `count` marks in the period is short of the
/// school's minimum.
pub fn short_of_marks(count: i64, min_marks: i64) -> bool {
    count < min_marks.max(1)
}

/// A student's missed lessons by reason, for the attendance report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Absences {
    /// Per absence code, in the order of the school's codes.
    pub by_code: Vec<i64>,
    pub excused: i64,
    pub unexcused: i64,
}

impl Absences {
    pub fn new(codes: usize) -> Absences {
        Absences {
            by_code: vec![0; codes],
            ..Absences::default()
        }
    }

    /// Counts one missed lesson with the code at `index`.
    pub fn add(&mut self, index: usize, excused: bool) {
        if let Some(c) = self.by_code.get_mut(index) {
            *c += 1;
        }
        if excused {
            self.excused += 1;
        } else {
            self.unexcused += 1;
        }
    }

    pub fn total(&self) -> i64 {
        self.excused + self.unexcused
    }

    /// Adds another student's counts (the total row).
    pub fn merge(&mut self, other: &Absences) {
        for (a, b) in self.by_code.iter_mut().zip(&other.by_code) {
            *a += b;
        }
        self.excused += other.excused;
        self.unexcused += other.unexcused;
    }
}

/// The reports about the staff's work (fill, activity): the administration only.
pub fn may_read_staff_reports(actor: &Actor) -> Result<(), RuleError> {
    if actor.reads_everything() {
        Ok(())
    } else {
        Err(RuleError::Forbidden(tr!(
            "отчёты о работе учителей доступны только администрации",
            "the reports on the teachers' work are open to the administration only"
        )))
    }
}

/// A teacher's lessons held so far and what is missing in them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FillCounts {
    /// Lessons held: dated up to today and not cancelled.
    pub held: i64,
    pub no_topic: i64,
    /// Held lessons of grade 2 and up, where homework is expected.
    pub homework_expected: i64,
    pub no_homework: i64,
    pub no_attendance: i64,
}

impl FillCounts {
    /// The share of held lessons with a topic, %.
    pub fn topic_percent(&self) -> Option<f64> {
        percent(self.held - self.no_topic, self.held)
    }

    /// The share of lessons (grade 2 and up) with homework, %.
    pub fn homework_percent(&self) -> Option<f64> {
        percent(
            self.homework_expected - self.no_homework,
            self.homework_expected,
        )
    }

    /// The share of held lessons with attendance taken, %.
    pub fn attendance_percent(&self) -> Option<f64> {
        percent(self.held - self.no_attendance, self.held)
    }
}

/// part / whole × 100; `None` when the whole is 0.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

/// How late entries were made: the days between a lesson and its entry.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LagStats {
    pub count: i64,
    /// Entered on the lesson's day (or before it).
    pub same_day: i64,
    /// Entered more than a week after the lesson.
    pub over_week: i64,
    pub total_days: i64,
}

impl LagStats {
    /// Counts one entry made `days` after its lesson (a negative lag counts as 0).
    pub fn add(&mut self, days: i64) {
        let d = days.max(0);
        self.count += 1;
        self.total_days += d;
        if d == 0 {
            self.same_day += 1;
        }
        if d > 7 {
            self.over_week += 1;
        }
    }

    /// The average lag in days.
    pub fn average(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total_days as f64 / self.count as f64)
    }

    /// The share entered on the lesson's day, %.
    pub fn same_day_percent(&self) -> Option<f64> {
        percent(self.same_day, self.count)
    }

    /// The share entered more than a week late, %.
    pub fn over_week_percent(&self) -> Option<f64> {
        percent(self.over_week, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::roles::Role;

    #[test]
    fn quality_of_a_hand_counted_class() {
        // 25 students: 5×«5», 10×«4», 7×«3», 2×«2», 1×«н/а», plus one «осв».
        // N = 25 (осв is left out).
        // успеваемость = (5+10+7)/25 = 22/25 = 88.0 %
        // качество     = (5+10)/25   = 15/25 = 60.0 %
        // СОУ = (100·5 + 64·10 + 36·7 + 16·2 + 7·1)/25
        //     = (500 + 640 + 252 + 32 + 7)/25 = 1431/25 = 57.24 %
        // average of numeric finals = (25 + 40 + 21 + 4)/24 = 90/24 = 3.75
        let mut values = vec!["5"; 5];
        values.extend(vec!["4"; 10]);
        values.extend(vec!["3"; 7]);
        values.extend(vec!["2"; 2]);
        values.push("н/а");
        values.push("осв");
        let c = QualityCounts::from_values(values);
        assert_eq!(c.n(), 25);
        assert_eq!(c.exempt, 1);
        assert_eq!(fmt_percent(c.success()), "88.0");
        assert_eq!(fmt_percent(c.quality()), "60.0");
        assert!((c.sou().expect("sou") - 57.24).abs() < 1e-9);
        assert_eq!(fmt_percent(c.sou()), "57.2");
        assert_eq!(fmt_average(c.average()), "3.75");
    }

    #[test]
    fn pass_fail_counts_in_success_and_exempt_stays_out() {
        // A pass/fail subject: 3 «зач», 1 «незач», 1 «осв». N = 4, успеваемость 3/4.
        let c = QualityCounts::from_values(["зач", "зач", "незач", "осв", "зач"]);
        assert_eq!((c.pass, c.fail, c.exempt, c.n()), (3, 1, 1, 4));
        assert_eq!(fmt_percent(c.success()), "75.0");
        // No graded final: качество, СОУ and the average have nothing to measure.
        assert_eq!((c.quality(), c.sou(), c.average()), (None, None, None));
        // Only «осв»: nothing at all.
        let c = QualityCounts::from_values(["осв"]);
        assert_eq!((c.n(), c.success()), (0, None));
        // All «5»: every measure is 100.
        let c = QualityCounts::from_values(["5", "5"]);
        assert_eq!(fmt_percent(c.sou()), "100.0");
        assert_eq!(fmt_percent(c.quality()), "100.0");
        // A mixed row: 2×«5», 1×«3», 1×«зач». N = 4: успеваемость 4/4; качество 2/3.
        let c = QualityCounts::from_values(["5", "5", "3", "зач"]);
        assert_eq!(fmt_percent(c.success()), "100.0");
        assert_eq!(fmt_percent(c.quality()), "66.7");
        assert_eq!(fmt_average(c.average()), "4.33");
    }

    #[test]
    fn a_one_counts_as_one() {
        // Only a «1»: average 1.00, СОУ 6, counted in its own column.
        let c = QualityCounts::from_values(["1"]);
        assert_eq!((c.n1, c.n2, c.n()), (1, 0, 1));
        assert_eq!(fmt_average(c.average()), "1.00");
        assert_eq!(fmt_percent(c.sou()), "6.0");
        assert_eq!(fmt_percent(c.success()), "0.0");
        // «1» and «3»: average 2.00, СОУ (6 + 36)/2 = 21, успеваемость 50.
        let c = QualityCounts::from_values(["1", "3"]);
        assert_eq!((c.n1, c.n3), (1, 1));
        assert_eq!(fmt_average(c.average()), "2.00");
        assert_eq!(fmt_percent(c.sou()), "21.0");
        assert_eq!(fmt_percent(c.success()), "50.0");
    }

    #[test]
    fn short_of_marks_uses_the_minimum() {
        assert!(short_of_marks(0, 3));
        assert!(short_of_marks(2, 3));
        assert!(!short_of_marks(3, 3));
        // A minimum of 0 still lists students with no marks at all.
        assert!(short_of_marks(0, 0));
    }

    #[test]
    fn absences_count_and_merge() {
        let mut a = Absences::new(2);
        a.add(0, false);
        a.add(1, true);
        a.add(1, true);
        assert_eq!(
            (a.by_code.clone(), a.total(), a.excused, a.unexcused),
            (vec![1, 2], 3, 2, 1)
        );
        let mut t = Absences::new(2);
        t.merge(&a);
        t.merge(&a);
        assert_eq!((t.by_code.clone(), t.total()), (vec![2, 4], 6));
    }

    #[test]
    fn text_aligns_columns() {
        let r = Report {
            legend: Vec::new(),
            title: "T".into(),
            columns: vec!["Имя".into(), "n".into()],
            rows: vec![
                vec!["Иванов".into(), "5".into()],
                vec!["Ли".into(), "12".into()],
            ],
        };
        assert_eq!(
            r.to_text(),
            "T\nИмя      n\n------  --\nИванов   5\nЛи      12\n"
        );
    }

    #[test]
    fn who_may_read_reports() {
        let deputy = Actor {
            roles: vec![Role::Deputy],
            ..Actor::default()
        };
        assert!(may_read_reports(&deputy, None).is_ok());
        let ct = Actor {
            roles: vec![Role::Teacher, Role::ClassTeacher],
            homeroom: vec![ClassId(7)],
            ..Actor::default()
        };
        assert!(may_read_reports(&ct, Some(ClassId(7))).is_ok());
        assert!(may_read_reports(&ct, Some(ClassId(8))).is_err());
        assert!(may_read_reports(&ct, None).is_err());
        let teacher = Actor {
            roles: vec![Role::Teacher],
            ..Actor::default()
        };
        assert!(may_read_reports(&teacher, Some(ClassId(7))).is_err());
    }
    #[test]
    fn fill_and_lag_percentages() {
        let f = FillCounts {
            held: 8,
            no_topic: 2,
            homework_expected: 5,
            no_homework: 1,
            no_attendance: 8,
        };
        assert_eq!(fmt_percent(f.topic_percent()), "75.0");
        assert_eq!(fmt_percent(f.homework_percent()), "80.0");
        assert_eq!(fmt_percent(f.attendance_percent()), "0.0");
        assert_eq!(FillCounts::default().topic_percent(), None);
        // Lags 0, 0, 1, 10 and an early entry (−2 → 0): average (0+0+1+10+0)/5 = 2.2,
        // same day 3/5 = 60 %, over a week 1/5 = 20 %.
        let mut l = LagStats::default();
        for d in [0, 0, 1, 10, -2] {
            l.add(d);
        }
        assert_eq!(fmt_average(l.average()), "2.20");
        assert_eq!(fmt_percent(l.same_day_percent()), "60.0");
        assert_eq!(fmt_percent(l.over_week_percent()), "20.0");
    }

    #[test]
    fn staff_reports_are_for_the_administration() {
        let director = Actor {
            roles: vec![Role::Director],
            ..Actor::default()
        };
        assert!(may_read_staff_reports(&director).is_ok());
        let ct = Actor {
            roles: vec![Role::ClassTeacher],
            homeroom: vec![ClassId(1)],
            ..Actor::default()
        };
        assert!(may_read_staff_reports(&ct).is_err());
    }
}
