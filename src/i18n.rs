//! Interface language: Russian by default, English switchable.
//!
//! The language is chosen once at start-up (`--lang`, `ZHURNAL_LANG`, the config file)
//! and read wherever a user-facing message is formatted.

use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    /// Parses `ru`, `en`, or a locale such as `en_US.UTF-8`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_lowercase();
        if s.starts_with("ru") {
            Some(Lang::Ru)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

thread_local! {
    // A thread may speak another language than the process (a test, a remote session).
    static THREAD_LANG: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Sets the language of the process.
pub fn set_lang(lang: Lang) {
    LANG.store(if lang == Lang::En { 1 } else { 0 }, Ordering::Relaxed);
}

/// Sets the language of the current thread only.
pub fn set_thread_lang(lang: Lang) {
    THREAD_LANG.with(|l| l.set(Some(lang)));
}

pub fn lang() -> Lang {
    if let Some(l) = THREAD_LANG.with(|l| l.get()) {
        return l;
    }
    if LANG.load(Ordering::Relaxed) == 1 {
        Lang::En
    } else {
        Lang::Ru
    }
}

/// Picks the Russian or English text for the current language.
pub fn pick<'a>(ru: &'a str, en: &'a str) -> &'a str {
    match lang() {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// `tr!("Русский {x}", "English {x}")` formats the text of the current language.
#[macro_export]
macro_rules! tr {
    ($ru:literal, $en:literal $(,)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Ru => format!($ru),
            $crate::i18n::Lang::En => format!($en),
        }
    };
    ($ru:literal, $en:literal, $($arg:tt)*) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Ru => format!($ru, $($arg)*),
            $crate::i18n::Lang::En => format!($en, $($arg)*),
        }
    };
}

/// The weekday as a column heading: «пн», «Mon».
pub fn weekday_short(d: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    let ru = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = d.weekday().num_days_from_monday() as usize;
    pick(ru[i], en[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_locales() {
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse("de"), None);
    }
}
