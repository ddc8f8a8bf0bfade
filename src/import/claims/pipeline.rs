//! The claims import's hand-over (`import::handover`): claim lines and pharmacy claims as two
//! tables, and each purchaser the file names asked of the storing thread, which holds the
//! transaction and creates it if new.

use super::ClaimsError;
use crate::import::handover::{self, Handover, Stopped};
use crate::store::claims::{
    ClaimWriter, FILL_WIDTH, FillRow, LINE_WIDTH, LineRow, encode_fill, encode_line,
};
use crate::store::records::KeyCache;
use std::sync::mpsc::{SyncSender, sync_channel};

const LINES: usize = 0;
const FILLS: usize = 1;

/// A purchaser's name, and where its id goes.
type Ask = (String, SyncSender<rusqlite::Result<i64>>);

/// The reading side's end of a claims import.
pub(super) type Outbox = handover::Outbox<Ask>;

impl From<Stopped> for ClaimsError {
    /// The storing thread stopped; its own error is the one reported.
    fn from(_: Stopped) -> Self {
        ClaimsError::Cancelled
    }
}

/// What the reading thread hands over.
pub(super) trait ClaimsOutbox {
    fn line(&mut self, l: &LineRow, batch_id: i64) -> Result<(), ClaimsError>;
    fn fill(&mut self, f: &FillRow, batch_id: i64) -> Result<(), ClaimsError>;
    /// The id of the purchaser named `name`, created if new.
    fn purchaser(&mut self, name: &str) -> Result<i64, ClaimsError>;
}

impl ClaimsOutbox for Outbox {
    fn line(&mut self, l: &LineRow, batch_id: i64) -> Result<(), ClaimsError> {
        encode_line(self.rows(LINES), l, batch_id);
        Ok(self.end_row(LINES)?)
    }

    fn fill(&mut self, f: &FillRow, batch_id: i64) -> Result<(), ClaimsError> {
        encode_fill(self.rows(FILLS), f, batch_id);
        Ok(self.end_row(FILLS)?)
    }

    fn purchaser(&mut self, name: &str) -> Result<i64, ClaimsError> {
        let (reply, answer) = sync_channel(1);
        self.ask((name.to_string(), reply))?;
        match answer.recv() {
            Ok(id) => Ok(id?),
            Err(_) => Err(ClaimsError::Cancelled),
        }
    }
}

/// Runs `read` on a second thread while this one stores its lines through `writer` and names
/// its purchasers through `keys`.
pub(super) fn run<T: Send>(
    writer: &mut ClaimWriter,
    keys: &mut KeyCache,
    read: impl FnOnce(&mut Outbox) -> Result<T, ClaimsError> + Send,
) -> Result<T, ClaimsError> {
    handover::run(&[LINE_WIDTH, FILL_WIDTH], read, |h| match h {
        Handover::Rows(LINES, rows) => Ok(writer.lines(rows)?),
        Handover::Rows(_, rows) => Ok(writer.fills(rows)?),
        Handover::Ask((name, reply)) => {
            let _ = reply.send(keys.purchaser_id(&name, "employer"));
            Ok(())
        }
    })
}
