//! Passwords: argon2id hashes with one of OWASP's equivalent parameter sets (7 MiB,
//! t=5, p=1): as strong as its 19 MiB, t=2 set, in a third of the memory, so that the
//! journal's peak memory stays small on old machines and with many logins at once.

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};

const M_COST: u32 = 7 * 1024;
const T_COST: u32 = 5;

fn argon2() -> Argon2<'static> {
    let params = Params::new(M_COST, T_COST, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Whether a stored hash was made with other parameters than today's (an older
/// version's): it is replaced at the next successful login.
pub fn needs_rehash(hash: &str) -> bool {
    let Ok(h) = PasswordHash::new(hash) else {
        return false;
    };
    let get = |name: &str| h.params.get_decimal(name);
    h.algorithm.as_str() != "argon2id" || get("m") != Some(M_COST) || get("t") != Some(T_COST)
}

/// Hashes a password into a PHC string that records its own parameters.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Checks a password against a stored hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_and_records_owasp_parameters() {
        let h = hash_password("demo").expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{h}");
        assert!(!needs_rehash(&h));
        let old = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG";
        assert!(needs_rehash(old));
        assert!(!needs_rehash("not a hash"));
        assert!(verify_password("demo", &h));
        assert!(!verify_password("Demo", &h));
        assert!(!verify_password("demo", "not a hash"));
    }
}
