//! Refusing a journal on a network file system. SQLite's write-ahead log keeps its
//! index in shared memory beside the file, so every user must run on the machine that
//! holds the file; over NFS or SMB the locks and the shared memory do not hold, and a
//! journal can be damaged. The mount is found in `/proc/self/mountinfo`.

use std::path::{Path, PathBuf};

/// File system types that live on another machine.
const NETWORK: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "coda",
    "9p",
    "ceph",
    "glusterfs",
    "lustre",
    "davfs",
    "fuse.sshfs",
    "fuse.glusterfs",
    "fuse.rclone",
    "fuse.davfs2",
    "fuse.s3fs",
];

/// Whether a file system type is a network one.
pub fn is_network(fs_type: &str) -> bool {
    NETWORK.contains(&fs_type)
}

/// Undoes mountinfo's octal escapes (`\040` is a space).
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && i + 3 < bytes.len()
            && let Ok(code) = u8::from_str_radix(&field[i + 1..i + 4], 8)
        {
            out.push(code);
            i += 4;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The type of the file system mounted deepest above `path` (an absolute, resolved
/// path), read from the text of `/proc/self/mountinfo`.
pub fn mount_type(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        let Some((left, right)) = line.split_once(" - ") else {
            continue;
        };
        let Some(point) = left.split(' ').nth(4).map(unescape) else {
            continue;
        };
        let Some(fs) = right.split(' ').next() else {
            continue;
        };
        let point = PathBuf::from(point);
        if path.starts_with(&point) {
            let depth = point.components().count();
            // A later mount on the same point hides the earlier one.
            if best.as_ref().is_none_or(|(d, _)| depth >= *d) {
                best = Some((depth, fs.to_string()));
            }
        }
    }
    best.map(|(_, fs)| fs)
}

/// The nearest existing directory holding `path` (the file may not exist yet), resolved.
fn resolved_dir(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    abs.ancestors()
        .skip(usize::from(!abs.is_dir()))
        .find_map(|a| a.canonicalize().ok())
}

/// The network file system the journal at `path` would be on, if any.
pub fn network_fs(path: &Path) -> Option<String> {
    let mountinfo = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    let dir = resolved_dir(path)?;
    mount_type(&mountinfo, &dir).filter(|fs| is_network(fs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTS: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:25 / /srv rw shared:2 - xfs /dev/sdb1 rw
41 30 0:40 / /srv/school rw,relatime shared:3 - nfs4 fs1:/export/school rw,vers=4.2
42 22 0:41 / /mnt/my\\040share rw - cifs //nas/share rw
43 22 0:42 / /home/t/remote rw - fuse.sshfs t@host:/ rw
44 41 0:43 / /srv/school/local rw - tmpfs tmpfs rw
";

    #[test]
    fn finds_the_deepest_mount_of_a_path() {
        let t = |p: &str| mount_type(MOUNTS, Path::new(p));
        assert_eq!(t("/srv/school/j.sqlite").as_deref(), Some("nfs4"));
        assert_eq!(t("/srv/other/j.sqlite").as_deref(), Some("xfs"));
        assert_eq!(t("/srv/schoolyard/j.sqlite").as_deref(), Some("xfs"));
        assert_eq!(t("/srv/school/local/j.sqlite").as_deref(), Some("tmpfs"));
        assert_eq!(t("/home/t/j.sqlite").as_deref(), Some("ext4"));
        assert_eq!(t("/mnt/my share/j.sqlite").as_deref(), Some("cifs"));
        assert_eq!(t("/home/t/remote/j.sqlite").as_deref(), Some("fuse.sshfs"));
    }

    #[test]
    fn network_types_are_named_and_local_ones_are_not() {
        for fs in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "9p"] {
            assert!(is_network(fs), "{fs}");
        }
        for fs in ["ext4", "xfs", "btrfs", "tmpfs", "zfs", "overlay"] {
            assert!(!is_network(fs), "{fs}");
        }
    }

    #[test]
    fn odd_lines_are_skipped() {
        assert_eq!(mount_type("garbage\n\n1 2 3\n", Path::new("/x")), None);
    }

    #[test]
    fn this_machines_temp_dir_is_local() {
        let dir = std::env::temp_dir();
        assert_eq!(network_fs(&dir.join("new.sqlite")), None);
    }
}
