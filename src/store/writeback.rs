//! Writing a big import to disk while the import runs. An import's transaction grows the
//! write-ahead log by gigabytes that the kernel keeps in memory until the commit's fsync, which
//! then waits for all of it at once, and the checkpoint that follows copies as much into the
//! workspace file and syncs again (over 10 M claim lines the commit took 9.5 s). Asking the
//! kernel every quarter second to start writing both files, as RocksDB's `bytes_per_sync`
//! does, spreads that I/O over the import (commit 5.5 s); the commit still syncs, so nothing
//! about durability changes. Linux only (`sync_file_range`); elsewhere this does nothing.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// How often the log's dirty pages are handed to the disk.
const EVERY: Duration = Duration::from_millis(250);

/// Runs `work` while a helper thread asks the kernel to write back the workspace file at
/// `db_path` and its write-ahead log; returns what `work` returned.
pub fn while_running<T>(db_path: &Path, work: impl FnOnce() -> T) -> T {
    let paths = [db_path.to_path_buf(), wal_path(db_path)];
    let (done, stop) = channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut files: [Option<std::fs::File>; 2] = [None, None];
            while let Err(RecvTimeoutError::Timeout) = stop.recv_timeout(EVERY) {
                for (file, path) in files.iter_mut().zip(&paths) {
                    if file.is_none() {
                        *file = std::fs::File::open(path).ok();
                    }
                    if let Some(f) = file {
                        let _ = start_writeback(f);
                    }
                }
            }
        });
        let out = work();
        drop(done);
        out
    })
}

/// `<file>-wal`, where SQLite keeps the write-ahead log.
fn wal_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Starts writing the file's dirty pages to disk without waiting for them.
#[cfg(target_os = "linux")]
fn start_writeback(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid open descriptor; offset 0 and length 0 mean the whole file, and the flag
    // only starts write-out of pages already dirty.
    let rc = unsafe { libc::sync_file_range(f.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_log_is_the_workspace_path_with_wal_appended() {
        assert_eq!(
            wal_path(Path::new("/data/coalition.adesk")),
            Path::new("/data/coalition.adesk-wal")
        );
    }

    #[test]
    fn writeback_can_be_started_through_a_read_only_handle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log");
        let mut w = std::fs::File::create(&path).unwrap();
        w.write_all(&[7u8; 1 << 20]).unwrap();
        let r = std::fs::File::open(&path).unwrap();
        start_writeback(&r).unwrap();
    }

    #[test]
    fn the_work_s_result_comes_back_and_the_helper_stops() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("w.adesk");
        std::fs::write(wal_path(&db), b"log").unwrap();
        let started = std::time::Instant::now();
        let out = while_running(&db, || {
            std::thread::sleep(Duration::from_millis(600));
            42
        });
        assert_eq!(out, 42);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
