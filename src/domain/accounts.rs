//! Account rules: password strength, one-time passwords, lockout after failed logins.

use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use rand::Rng;

use crate::tr;

/// How many failed logins in a row lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lockout {
    pub max_failures: i64,
    pub minutes: i64,
}

impl Default for Lockout {
    fn default() -> Self {
        Lockout {
            max_failures: 5,
            minutes: 15,
        }
    }
}

impl Lockout {
    /// After one more failure: the new count and, when it reaches the limit, the time
    /// the lock ends (the count then starts again).
    pub fn after_failure(&self, failures: i64, now: NaiveDateTime) -> (i64, Option<NaiveDateTime>) {
        let n = failures + 1;
        if n >= self.max_failures {
            (0, Some(now + TimeDelta::minutes(self.minutes)))
        } else {
            (n, None)
        }
    }
}

pub fn is_locked(locked_until: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    locked_until.is_some_and(|t| now < t)
}

/// Each failed login in a row answers a little later: guessing gets slow.
pub fn failure_delay(failures_in_a_row: i64, unit: Duration) -> Duration {
    unit * (failures_in_a_row.clamp(1, 8) as u32)
}

pub const MIN_PASSWORD_LEN: usize = 8;

/// The password rules as the screen states them.
pub fn password_rules() -> String {
    tr!(
        "не короче {} символов, буквы и цифры, не совпадает с логином",
        "at least {} characters, letters and digits, not the login",
        MIN_PASSWORD_LEN
    )
}

/// Which rule a new password breaks: each says what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    /// Fewer characters than `min`.
    TooShort { min: usize },
    /// No letter in it.
    NoLetter,
    /// No digit in it.
    NoDigit,
    /// The login itself.
    SameAsLogin,
    /// The password the account has now.
    SameAsOld,
    /// The new password and its repetition differ.
    Mismatch,
    /// The current password typed is not the account's.
    WrongCurrent,
    /// Wrong too many times, as at the login: the account is closed until then and the
    /// session ends.
    LockedOut { until: chrono::NaiveDateTime },
}

impl std::fmt::Display for PasswordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            PasswordError::TooShort { min } => tr!(
                "пароль слишком короткий: нужно не меньше {} символов",
                "the password is too short: at least {} characters are needed",
                min
            ),
            PasswordError::NoLetter => tr!(
                "в пароле нужна хотя бы одна буква",
                "the password needs at least one letter"
            ),
            PasswordError::NoDigit => tr!(
                "в пароле нужна хотя бы одна цифра",
                "the password needs at least one digit"
            ),
            PasswordError::SameAsLogin => tr!(
                "пароль не должен совпадать с логином",
                "the password must not be the login"
            ),
            PasswordError::SameAsOld => tr!(
                "новый пароль должен отличаться от прежнего",
                "the new password must differ from the old one"
            ),
            PasswordError::Mismatch => tr!(
                "новый пароль и его повтор не совпадают",
                "the new password and its repetition differ"
            ),
            PasswordError::WrongCurrent => tr!(
                "текущий пароль введён неверно",
                "the current password is wrong"
            ),
            PasswordError::LockedOut { until } => tr!(
                "текущий пароль введён неверно слишком много раз: вход закрыт до {}",
                "the current password was wrong too many times: logins are closed until {}",
                until.format("%d.%m.%Y %H:%M")
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for PasswordError {}

/// A password a user chooses must be at least 8 characters with letters and digits
/// and not the login itself; the first rule it breaks.
pub fn check_password(password: &str, login: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(PasswordError::TooShort {
            min: MIN_PASSWORD_LEN,
        });
    }
    if password.eq_ignore_ascii_case(login.trim()) {
        return Err(PasswordError::SameAsLogin);
    }
    if !password.chars().any(char::is_alphabetic) {
        return Err(PasswordError::NoLetter);
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        return Err(PasswordError::NoDigit);
    }
    Ok(())
}

/// A new password typed twice: the two must match, then the rules hold.
pub fn check_new_password(new: &str, again: &str, login: &str) -> Result<(), PasswordError> {
    if new != again {
        return Err(PasswordError::Mismatch);
    }
    check_password(new, login)
}

/// A one-time password: ten characters that are hard to misread (no 0/O, 1/l/I).
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    loop {
        let p: String = (0..10)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        // Shown once and typed by hand: make sure it passes the rules it will meet.
        if check_password(&p, "").is_ok() {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    #[test]
    fn five_failures_lock_for_fifteen_minutes() {
        let l = Lockout::default();
        let now = t("2025-11-10 09:00");
        let mut n = 0;
        for _ in 0..4 {
            let (next, lock) = l.after_failure(n, now);
            assert_eq!(lock, None);
            n = next;
        }
        assert_eq!(n, 4);
        let (n, lock) = l.after_failure(n, now);
        assert_eq!((n, lock), (0, Some(t("2025-11-10 09:15"))));
        assert!(is_locked(lock, t("2025-11-10 09:14")));
        assert!(!is_locked(lock, t("2025-11-10 09:15")));
    }

    #[test]
    fn password_rules() {
        assert_eq!(
            check_password("short1", "x"),
            Err(PasswordError::TooShort { min: 8 })
        );
        assert_eq!(
            check_password("onlyletters", "x"),
            Err(PasswordError::NoDigit)
        );
        assert_eq!(
            check_password("12345678", "x"),
            Err(PasswordError::NoLetter)
        );
        assert_eq!(
            check_password("Teacher123", "teacher123"),
            Err(PasswordError::SameAsLogin)
        );
        assert_eq!(
            check_new_password("Журнал2025", "Журнал2026", "t"),
            Err(PasswordError::Mismatch)
        );
        assert_eq!(check_password("Журнал2025", "teacher"), Ok(()));
    }

    #[test]
    fn one_time_passwords_pass_the_rules_and_differ() {
        let a = one_time_password();
        let b = one_time_password();
        assert_eq!(a.len(), 10);
        assert!(check_password(&a, "login").is_ok());
        assert_ne!(a, b);
        assert!(!a.contains(['0', 'O', '1', 'l', 'I']));
    }

    #[test]
    fn delays_grow_and_stop_growing() {
        let u = Duration::from_millis(100);
        assert_eq!(failure_delay(1, u), Duration::from_millis(100));
        assert_eq!(failure_delay(3, u), Duration::from_millis(300));
        assert_eq!(failure_delay(50, u), Duration::from_millis(800));
    }
}
