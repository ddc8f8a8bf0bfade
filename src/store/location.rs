//! Where a workspace file sits: SQLite's locking and WAL shared memory are unreliable on network
//! file systems, and sync clients copy a file mid-write, so such folders earn a warning.

use std::path::Path;

/// File systems reached over a network (or through FUSE, as sync and remote mounts are).
const NETWORK_FILE_SYSTEMS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "davfs",
    "sshfs",
    "fuse",
];

/// Folder names that sync clients create.
const SYNCED_FOLDERS: &[(&str, &str)] = &[
    ("dropbox", "Dropbox"),
    ("onedrive", "OneDrive"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("icloud~", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),
    ("box sync", "Box"),
    ("pcloud drive", "pCloud"),
    ("nextcloud", "Nextcloud"),
    ("owncloud", "ownCloud"),
    ("sync.com", "Sync.com"),
];

/// A warning, for the user, when `path` is on a network file system or in a cloud-synced folder.
pub fn location_warning(path: &Path) -> Option<String> {
    let full = absolute(path);
    let why = synced_folder(&full)
        .map(|service| format!("is in a folder synced by {service}"))
        .or_else(|| unc_share(&full).then(|| "is on a network share".to_string()))
        .or_else(|| {
            let mounts = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
            let fs = file_system_of(&mounts, &full)?;
            is_network_file_system(&fs).then(|| format!("is on a network file system ({fs})"))
        })?;
    Some(format!(
        "This workspace {why}. Sync clients and network file systems can corrupt an open \
         database: keep it on a local disk and share copies (File > Save a copy as)."
    ))
}

/// The full path of a file that may not exist yet (its folder does).
fn absolute(path: &Path) -> std::path::PathBuf {
    if let Ok(full) = std::fs::canonicalize(path) {
        return full;
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(folder), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

/// The sync service whose folder holds `path`, judged by the folder names.
pub fn synced_folder(path: &Path) -> Option<&'static str> {
    path.components().find_map(|c| {
        let name = c.as_os_str().to_string_lossy().to_lowercase();
        SYNCED_FOLDERS
            .iter()
            .find(|(key, _)| name == *key || name.starts_with(&format!("{key} ")))
            .map(|(_, service)| *service)
    })
}

/// True for Windows UNC paths (`\\server\share\…`).
fn unc_share(path: &Path) -> bool {
    let text = path.to_string_lossy();
    (text.starts_with(r"\\") && !text.starts_with(r"\\?\")) || text.starts_with(r"\\?\UNC\")
}

/// True for the file system types of network and FUSE mounts (`fuse.sshfs`, `nfs4` …).
pub fn is_network_file_system(fs_type: &str) -> bool {
    let base = fs_type.split('.').next().unwrap_or(fs_type);
    NETWORK_FILE_SYSTEMS.contains(&base)
}

/// The file system type of the mount holding `path`, from /proc/self/mountinfo text.
pub fn file_system_of(mountinfo: &str, path: &Path) -> Option<String> {
    mountinfo
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(' ').collect();
            let mount_point = unescape_mount_path(fields.get(4)?);
            let separator = fields.iter().position(|f| *f == "-")?;
            let fs_type = fields.get(separator + 1)?;
            path.starts_with(&mount_point)
                .then(|| (mount_point.len(), fs_type.to_string()))
        })
        .max_by_key(|(depth, _)| *depth)
        .map(|(_, fs)| fs)
}

/// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
fn unescape_mount_path(field: &str) -> String {
    field
        .replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /mnt/team rw,relatime shared:20 - nfs4 fs1:/export/team rw
41 22 0:36 / /home/ana/gdrive rw,nosuid shared:21 - fuse.rclone gdrive: rw
42 22 0:37 / /mnt/my\\040share rw shared:22 - cifs //nas/share rw";

    #[test]
    fn the_deepest_mount_holding_the_path_gives_its_file_system() {
        let fs = |p: &str| file_system_of(MOUNTINFO, Path::new(p));
        assert_eq!(fs("/home/ana/w.adesk").as_deref(), Some("ext4"));
        assert_eq!(fs("/mnt/team/coalition.adesk").as_deref(), Some("nfs4"));
        assert_eq!(
            fs("/home/ana/gdrive/w.adesk").as_deref(),
            Some("fuse.rclone")
        );
        assert_eq!(fs("/mnt/my share/w.adesk").as_deref(), Some("cifs"));
    }

    #[test]
    fn network_and_fuse_file_systems_are_flagged_and_local_ones_are_not() {
        for fs in ["nfs4", "cifs", "smb3", "fuse.sshfs", "fuse.rclone", "9p"] {
            assert!(is_network_file_system(fs), "{fs}");
        }
        for fs in ["ext4", "btrfs", "xfs", "apfs", "tmpfs", "overlay"] {
            assert!(!is_network_file_system(fs), "{fs}");
        }
    }

    #[test]
    fn sync_client_folders_are_recognised_by_name() {
        let service = |p: &str| synced_folder(Path::new(p));
        assert_eq!(service("/Users/ana/Dropbox/w.adesk"), Some("Dropbox"));
        assert_eq!(
            service("/Users/ana/OneDrive - Harbor County/w.adesk"),
            Some("OneDrive")
        );
        assert_eq!(
            service("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/w.adesk"),
            Some("iCloud Drive")
        );
        assert_eq!(service("/home/ana/dropbox-notes/w.adesk"), None);
        assert_eq!(service("/home/ana/work/w.adesk"), None);
    }

    #[test]
    fn a_workspace_in_a_dropbox_folder_is_warned_about() {
        let path = std::env::temp_dir().join("Dropbox/coalition.adesk");
        let warning = location_warning(&path).unwrap_or_default();
        assert!(
            warning.starts_with("This workspace is in a folder synced by Dropbox."),
            "{warning}"
        );
    }

    #[test]
    fn unc_paths_are_network_shares() {
        assert!(unc_share(Path::new(r"\\nas\benefits\w.adesk")));
        assert!(unc_share(Path::new(r"\\?\UNC\nas\benefits\w.adesk")));
        assert!(!unc_share(Path::new(r"\\?\C:\work\w.adesk")));
        assert!(!unc_share(Path::new("/home/ana/w.adesk")));
    }
}
