//! What one server lets each client have: connections (overall, from one address, of
//! one account), and password guesses for one account from one address.
//!
//! Guesses are counted per account *and* address together, so that a school behind one
//! NAT address does not lock itself out when someone there guesses, and a lockout
//! caused from one address leaves the owner free to log in from elsewhere (and with a
//! key from anywhere). An attempt is counted before its password is checked, so
//! parallel attempts cannot slip past the count; only the account's own success at
//! that address clears it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// The server's caps, each with its own flag.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    /// Connections at once, all clients together.
    pub connections: usize,
    /// Connections at once from one address (a whole school may share one).
    pub per_address: usize,
    /// Connections at once logged in as one account.
    pub per_account: usize,
    /// Connections at once not logged in yet, all together, and from one address: a
    /// flood of silent connections leaves room for those who log in.
    pub unauthenticated: usize,
    pub unauthenticated_per_address: usize,
}

/// Why a connection or a session is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Full(usize),
    Address(usize),
    Account(usize),
    /// Too many connections not logged in yet (all, or from this address).
    Waiting(usize),
    WaitingHere(usize),
}

/// The connections open now.
#[derive(Debug, Default)]
pub struct Connections {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
    by_account: HashMap<String, usize>,
    waiting: usize,
    waiting_by_address: HashMap<IpAddr, usize>,
}

fn down(map: &mut HashMap<IpAddr, usize>, ip: IpAddr) {
    if let Some(n) = map.get_mut(&ip) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(&ip);
        }
    }
}

impl Connections {
    /// Counts a new connection from `ip` (not logged in yet), or says why it is
    /// refused.
    pub fn admit(&mut self, caps: &Caps, ip: IpAddr) -> Result<(), Refusal> {
        if self.total >= caps.connections {
            return Err(Refusal::Full(caps.connections));
        }
        let here = self.by_address.get(&ip).copied().unwrap_or(0);
        if here >= caps.per_address {
            return Err(Refusal::Address(caps.per_address));
        }
        if self.waiting >= caps.unauthenticated {
            return Err(Refusal::Waiting(caps.unauthenticated));
        }
        let waiting_here = self.waiting_by_address.get(&ip).copied().unwrap_or(0);
        if waiting_here >= caps.unauthenticated_per_address {
            return Err(Refusal::WaitingHere(caps.unauthenticated_per_address));
        }
        self.total += 1;
        self.by_address.insert(ip, here + 1);
        self.waiting += 1;
        self.waiting_by_address.insert(ip, waiting_here + 1);
        Ok(())
    }

    /// A connection from `ip` has logged in: it no longer waits.
    pub fn logged_in(&mut self, ip: IpAddr) {
        self.waiting = self.waiting.saturating_sub(1);
        down(&mut self.waiting_by_address, ip);
    }

    /// A connection from `ip` has ended (logged in or not).
    pub fn release(&mut self, ip: IpAddr, logged_in: bool) {
        self.total = self.total.saturating_sub(1);
        down(&mut self.by_address, ip);
        if !logged_in {
            self.logged_in(ip);
        }
    }

    /// Counts a connection logged in as `login`, or refuses it.
    pub fn join(&mut self, caps: &Caps, login: &str) -> Result<(), Refusal> {
        let n = self.by_account.entry(login.to_string()).or_insert(0);
        if *n >= caps.per_account {
            return Err(Refusal::Account(caps.per_account));
        }
        *n += 1;
        Ok(())
    }

    /// A connection logged in as `login` has ended.
    pub fn leave(&mut self, login: &str) {
        if let Some(n) = self.by_account.get_mut(login) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.by_account.remove(login);
            }
        }
    }

    pub fn total(&self) -> usize {
        self.total
    }
}

/// Pairs of account and address remembered at most: a spray of invented logins
/// cannot grow the table without end.
const MAX_PAIRS: usize = 50_000;

/// Password guesses per account and address.
#[derive(Debug)]
pub struct Guesses {
    max_failures: u32,
    window: Duration,
    pairs: HashMap<(IpAddr, String), Pair>,
    /// When old pairs were last forgotten (at most once a second: a sweep reads all).
    swept: Option<Instant>,
}

#[derive(Debug, Clone, Copy)]
struct Pair {
    failures: u32,
    /// Attempts being checked now: they count until their outcome is known.
    pending: u32,
    last: Instant,
}

impl Guesses {
    pub fn new(max_failures: u32, window: Duration) -> Guesses {
        Guesses {
            max_failures,
            window,
            pairs: HashMap::new(),
            swept: None,
        }
    }

    /// Starts an attempt for `login` from `ip`: allowed and counted, or held back for
    /// the returned time.
    pub fn begin(&mut self, ip: IpAddr, login: &str, now: Instant) -> Result<(), Duration> {
        self.forget_old(now);
        let max = self.max_failures;
        let window = self.window;
        let key = (ip, login.to_lowercase());
        if !self.pairs.contains_key(&key) && self.pairs.len() >= MAX_PAIRS {
            // Full of someone's spray: the pair heard from longest ago goes.
            let oldest = self
                .pairs
                .iter()
                .filter(|(_, p)| p.pending == 0)
                .min_by_key(|(_, p)| p.last)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => {
                    self.pairs.remove(&k);
                }
                None => return Err(window),
            }
        }
        let pair = self.pairs.entry(key).or_insert(Pair {
            failures: 0,
            pending: 0,
            last: now,
        });
        let since = now.saturating_duration_since(pair.last);
        if pair.pending == 0 && since >= window {
            pair.failures = 0;
        }
        if pair.failures + pair.pending >= max {
            return Err(window.saturating_sub(since).max(Duration::from_secs(1)));
        }
        pair.pending += 1;
        pair.last = now;
        Ok(())
    }

    /// The outcome of an attempt `begin` allowed.
    pub fn finish(&mut self, ip: IpAddr, login: &str, succeeded: bool, now: Instant) {
        let key = (ip, login.to_lowercase());
        if succeeded {
            self.pairs.remove(&key);
            return;
        }
        let pair = self.pairs.entry(key).or_insert(Pair {
            failures: 0,
            pending: 1,
            last: now,
        });
        pair.pending = pair.pending.saturating_sub(1);
        pair.failures += 1;
        pair.last = now;
    }

    fn forget_old(&mut self, now: Instant) {
        if self
            .swept
            .is_some_and(|t| now.saturating_duration_since(t) < Duration::from_secs(1))
        {
            return;
        }
        self.swept = Some(now);
        let window = self.window;
        self.pairs
            .retain(|_, p| p.pending > 0 || now.saturating_duration_since(p.last) < window);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn an_account_is_held_back_at_one_address_only() {
        let (a, b) = (ip("192.0.2.7"), ip("192.0.2.8"));
        let mut g = Guesses::new(3, Duration::from_secs(600));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(g.begin(a, "director", t0).is_ok());
            g.finish(a, "director", false, t0);
        }
        let held = g.begin(a, "director", t0 + Duration::from_secs(10));
        assert_eq!(held, Err(Duration::from_secs(590)));
        assert!(g.begin(b, "director", t0).is_ok(), "from elsewhere");
        assert!(g.begin(a, "teacher", t0).is_ok(), "another account there");
        assert!(g.begin(a, "DIRECTOR", t0).is_err(), "the login's case");
        assert!(
            g.begin(a, "director", t0 + Duration::from_secs(601))
                .is_ok(),
            "once the window has passed"
        );
    }

    #[test]
    fn parallel_attempts_are_counted_before_they_are_checked() {
        let a = ip("192.0.2.9");
        let mut g = Guesses::new(5, Duration::from_secs(600));
        let t0 = Instant::now();
        let started = (0..30).filter(|_| g.begin(a, "deputy", t0).is_ok()).count();
        assert_eq!(started, 5, "only five are checked at once or in all");
        for _ in 0..5 {
            g.finish(a, "deputy", false, t0);
        }
        assert!(g.begin(a, "deputy", t0).is_err());
    }

    #[test]
    fn only_the_accounts_own_success_clears_its_count() {
        let a = ip("192.0.2.10");
        let mut g = Guesses::new(2, Duration::from_secs(600));
        let t0 = Instant::now();
        assert!(g.begin(a, "admin", t0).is_ok());
        g.finish(a, "admin", false, t0);
        // The guesser's own student account logs in from the same address.
        assert!(g.begin(a, "student", t0).is_ok());
        g.finish(a, "student", true, t0);
        assert!(g.begin(a, "admin", t0).is_ok());
        g.finish(a, "admin", false, t0);
        assert!(
            g.begin(a, "admin", t0).is_err(),
            "the student reset nothing"
        );
        // The owner's right password, once allowed, clears it.
        let mut g = Guesses::new(2, Duration::from_secs(600));
        assert!(g.begin(a, "admin", t0).is_ok());
        g.finish(a, "admin", false, t0);
        assert!(g.begin(a, "admin", t0).is_ok());
        g.finish(a, "admin", true, t0);
        assert!(g.begin(a, "admin", t0).is_ok());
    }

    #[test]
    fn silent_connections_leave_room_for_those_who_log_in() {
        let caps = Caps {
            connections: 100,
            per_address: 100,
            per_account: 10,
            unauthenticated: 4,
            unauthenticated_per_address: 2,
        };
        let (a, b, c) = (ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3"));
        let mut n = Connections::default();
        assert_eq!(n.admit(&caps, a), Ok(()));
        assert_eq!(n.admit(&caps, a), Ok(()));
        assert_eq!(n.admit(&caps, a), Err(Refusal::WaitingHere(2)));
        // One logs in: its address may wait with another again.
        n.logged_in(a);
        assert_eq!(n.admit(&caps, a), Ok(()));
        assert_eq!(n.admit(&caps, b), Ok(()));
        assert_eq!(n.admit(&caps, b), Ok(()));
        assert_eq!(n.admit(&caps, c), Err(Refusal::Waiting(4)));
        n.release(b, false);
        assert_eq!(n.admit(&caps, c), Ok(()));
        // A logged-in connection ending frees its place, not a waiting one's.
        n.release(a, true);
        assert_eq!(n.total(), 4);
        assert_eq!(n.admit(&caps, c), Err(Refusal::Waiting(4)));
    }

    #[test]
    fn a_spray_of_invented_logins_does_not_grow_the_table_without_end() {
        let a = ip("192.0.2.11");
        let mut g = Guesses::new(5, Duration::from_secs(600));
        let t0 = Instant::now();
        for i in 0..MAX_PAIRS + 100 {
            let name = format!("x{i}");
            assert!(g.begin(a, &name, t0).is_ok());
            g.finish(a, &name, false, t0);
        }
        assert_eq!(g.pairs.len(), MAX_PAIRS);
    }

    #[test]
    fn connections_are_capped_overall_per_address_and_per_account() {
        let caps = Caps {
            connections: 4,
            per_address: 3,
            per_account: 2,
            unauthenticated: 10,
            unauthenticated_per_address: 10,
        };
        let (a, b) = (ip("192.0.2.1"), ip("192.0.2.2"));
        let mut c = Connections::default();
        for _ in 0..3 {
            assert_eq!(c.admit(&caps, a), Ok(()));
        }
        assert_eq!(c.admit(&caps, a), Err(Refusal::Address(3)));
        assert_eq!(c.admit(&caps, b), Ok(()));
        assert_eq!(c.admit(&caps, b), Err(Refusal::Full(4)));
        c.release(a, false);
        assert_eq!(c.admit(&caps, b), Ok(()));
        assert_eq!(c.total(), 4);

        assert_eq!(c.join(&caps, "teacher"), Ok(()));
        assert_eq!(c.join(&caps, "teacher"), Ok(()));
        assert_eq!(c.join(&caps, "teacher"), Err(Refusal::Account(2)));
        assert_eq!(c.join(&caps, "deputy"), Ok(()));
        c.leave("teacher");
        assert_eq!(c.join(&caps, "teacher"), Ok(()));
    }
}
