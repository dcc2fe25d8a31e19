//! The server's host key: generated on first start, kept in a file only its owner
//! can read, and loaded on every start after, so clients see the same server.

use std::path::Path;

use rand::RngCore;
use russh::keys::PrivateKey;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;

use crate::tr;

/// Loads the host key at `path`, creating an Ed25519 key there first if there is none.
/// Returns the key and whether it was created now.
pub fn load_or_create(path: &Path) -> Result<(PrivateKey, bool), String> {
    if path.exists() {
        let key = PrivateKey::read_openssh_file(path).map_err(|e| {
            tr!(
                "ключ сервера {} не читается: {}",
                "the host key {} cannot be read: {}",
                path.display(),
                e
            )
        })?;
        return Ok((key, false));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut seed = [0u8; 32];
    rand::rng().fill_bytes(&mut seed);
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    // Written with mode 0600 by ssh-key itself.
    key.write_openssh_file(path, LineEnding::LF).map_err(|e| {
        tr!(
            "ключ сервера {} не записан: {}",
            "the host key {} could not be written: {}",
            path.display(),
            e
        )
    })?;
    Ok((key, true))
}

/// The key's fingerprint as `ssh` shows it on first connection.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key()
        .fingerprint(russh::keys::HashAlg::Sha256)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("keys/host_ed25519");
        let (a, created) = load_or_create(&path).expect("create");
        assert!(created);
        let (b, created) = load_or_create(&path).expect("load");
        assert!(!created);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner may read the key");
        }
    }

    #[test]
    fn a_damaged_key_file_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("host");
        std::fs::write(&path, "not a key").expect("write");
        let err = load_or_create(&path).expect_err("refused");
        assert!(err.contains("host"), "{err}");
    }
}
