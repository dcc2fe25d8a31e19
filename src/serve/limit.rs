//! Slowing down password guessing from one address: after a number of failed logins
//! within a window, the address is refused without checking until the window passes.
//! (Each account also locks itself after failures: see the store's lockout.)

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Limiter {
    max_failures: u32,
    window: Duration,
    failures: HashMap<IpAddr, (u32, Instant)>,
}

impl Limiter {
    pub fn new(max_failures: u32, window: Duration) -> Limiter {
        Limiter {
            max_failures,
            window,
            failures: HashMap::new(),
        }
    }

    /// Whether an address may try now.
    pub fn allows(&mut self, ip: IpAddr, now: Instant) -> bool {
        self.forget_old(now);
        self.failures
            .get(&ip)
            .is_none_or(|(n, _)| *n < self.max_failures)
    }

    pub fn failed(&mut self, ip: IpAddr, now: Instant) {
        self.forget_old(now);
        let e = self.failures.entry(ip).or_insert((0, now));
        e.0 += 1;
        e.1 = now;
    }

    pub fn succeeded(&mut self, ip: IpAddr) {
        self.failures.remove(&ip);
    }

    fn forget_old(&mut self, now: Instant) {
        let window = self.window;
        self.failures
            .retain(|_, (_, last)| now.saturating_duration_since(*last) < window);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_held_back_after_failures_until_the_window_passes() {
        let ip: IpAddr = "192.0.2.7".parse().expect("ip");
        let other: IpAddr = "192.0.2.8".parse().expect("ip");
        let mut l = Limiter::new(3, Duration::from_secs(600));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.allows(ip, t0));
            l.failed(ip, t0);
        }
        assert!(!l.allows(ip, t0 + Duration::from_secs(10)));
        assert!(l.allows(other, t0), "other addresses are not affected");
        assert!(l.allows(ip, t0 + Duration::from_secs(601)));
    }

    #[test]
    fn a_success_clears_the_count() {
        let ip: IpAddr = "192.0.2.9".parse().expect("ip");
        let mut l = Limiter::new(2, Duration::from_secs(600));
        let t0 = Instant::now();
        l.failed(ip, t0);
        l.succeeded(ip);
        l.failed(ip, t0);
        assert!(l.allows(ip, t0));
    }
}
