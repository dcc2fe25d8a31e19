//! Attendance codes: the school's configurable set (Н absent, Б ill, У excused, О late …).

use super::RuleError;

#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceCode {
    /// The letter shown in the journal, e.g. «Н».
    pub code: String,
    pub name: String,
    /// The student missed the lesson (late is not a miss).
    pub absent: bool,
    /// The absence has a valid reason.
    pub excused: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceCodes(pub Vec<AttendanceCode>);

impl AttendanceCodes {
    /// Finds a code, ignoring case: «н» is «Н».
    pub fn find(&self, code: &str) -> Result<&AttendanceCode, RuleError> {
        let wanted = code.trim().to_lowercase();
        self.0
            .iter()
            .find(|c| c.code.to_lowercase() == wanted)
            .ok_or_else(|| RuleError::UnknownAttendanceCode {
                code: code.trim().to_string(),
                known: self.list(),
            })
    }

    pub fn list(&self) -> String {
        self.0
            .iter()
            .map(|c| format!("{} ({})", c.code, c.name))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl AttendanceCodes {
    /// The codes `shown` picks as a legend: «Н — отсутствовал, Б — болел, О — опоздал
    /// (не пропуск)», in the school's words and order; a code that is not a missed
    /// lesson says so.
    pub fn legend(&self, shown: impl Fn(&AttendanceCode) -> bool) -> String {
        self.0
            .iter()
            .filter(|c| shown(c))
            .map(|c| {
                let name = super::text::shown(&c.name);
                if c.absent {
                    format!("{} — {name}", c.code)
                } else {
                    format!(
                        "{} — {name} ({})",
                        c.code,
                        crate::i18n::pick("не пропуск", "not a missed lesson")
                    )
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Default for AttendanceCodes {
    fn default() -> Self {
        let c = |code: &str, name: &str, absent, excused| AttendanceCode {
            code: code.into(),
            name: name.into(),
            absent,
            excused,
        };
        AttendanceCodes(vec![
            c("Н", "отсутствовал", true, false),
            c("Б", "болел", true, true),
            c("У", "уважительная причина", true, true),
            c("О", "опоздал", false, false),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_codes_ignoring_case() {
        let codes = AttendanceCodes::default();
        assert_eq!(codes.find("н").map(|c| c.code.as_str()), Ok("Н"));
        assert!(codes.find("Б").map(|c| c.excused).unwrap_or(false));
        assert!(!codes.find("О").map(|c| c.absent).unwrap_or(true));
    }

    #[test]
    fn the_legend_names_the_codes_and_says_lateness_is_no_miss() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Ru);
        let codes = AttendanceCodes::default();
        assert_eq!(
            codes.legend(|_| true),
            "Н — отсутствовал, Б — болел, У — уважительная причина, О — опоздал (не пропуск)"
        );
        assert_eq!(codes.legend(|c| c.code == "Б"), "Б — болел");
    }

    #[test]
    fn unknown_code_lists_the_known_ones() {
        let err = AttendanceCodes::default().find("X").expect_err("unknown");
        assert!(err.to_string().contains("Н (отсутствовал)"), "{err}");
    }
}
