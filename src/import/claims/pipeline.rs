//! The claims import on two threads. A reading thread parses, checks, categorises and sums
//! the rows and hands the lines over in batches; the thread holding the transaction stores
//! them. Storing a line and reading one cost about the same (≈ 1 µs each), so on two cores the
//! import takes about half as long as doing both in turn.

use super::ClaimsError;
use crate::store::bulk::Rows;
use crate::store::claims::{
    ClaimWriter, FILL_WIDTH, FillRow, LINE_WIDTH, LineRow, encode_fill, encode_line,
};
use crate::store::records::KeyCache;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};

/// Rows per batch handed over: a multiple of the bulk insert's chunk, large enough that the
/// hand-over costs nothing per line, small enough that memory stays flat (≈ 1.5 MB a batch).
const BATCH_ROWS: usize = 4096;

/// Batches in flight between the threads.
const BATCHES_IN_FLIGHT: usize = 4;

enum ToWriter {
    Lines(Rows),
    Fills(Rows),
    /// A purchaser the file names: its id (created if new) comes back on the channel.
    Purchaser(String, SyncSender<rusqlite::Result<i64>>),
}

/// The reading side's end: the batches being filled and the channel to the writer.
pub(super) struct Outbox {
    to_writer: Option<SyncSender<ToWriter>>,
    recycled: Receiver<Rows>,
    lines: Rows,
    fills: Rows,
    batch_id: i64,
}

impl Outbox {
    pub(super) fn line(&mut self, l: &LineRow) -> Result<(), ClaimsError> {
        encode_line(&mut self.lines, l, self.batch_id);
        if self.lines.len() == BATCH_ROWS {
            let full = self.fresh(LINE_WIDTH);
            let full = std::mem::replace(&mut self.lines, full);
            self.send(ToWriter::Lines(full))?;
        }
        Ok(())
    }

    pub(super) fn fill(&mut self, f: &FillRow) -> Result<(), ClaimsError> {
        encode_fill(&mut self.fills, f, self.batch_id);
        if self.fills.len() == BATCH_ROWS {
            let full = std::mem::replace(&mut self.fills, Rows::new(FILL_WIDTH));
            self.send(ToWriter::Fills(full))?;
        }
        Ok(())
    }

    /// The id of the purchaser named `name`, asked of the writer (which holds the
    /// transaction) and created there if new.
    pub(super) fn purchaser(&mut self, name: &str) -> Result<i64, ClaimsError> {
        let (reply, answer) = sync_channel(1);
        self.send(ToWriter::Purchaser(name.to_string(), reply))?;
        match answer.recv() {
            Ok(id) => Ok(id?),
            Err(_) => Err(ClaimsError::Cancelled),
        }
    }

    /// Hands over what is still buffered and hangs up, so the writer knows it has all.
    pub(super) fn close(&mut self) -> Result<(), ClaimsError> {
        if !self.lines.is_empty() {
            let rest = std::mem::replace(&mut self.lines, Rows::new(LINE_WIDTH));
            self.send(ToWriter::Lines(rest))?;
        }
        if !self.fills.is_empty() {
            let rest = std::mem::replace(&mut self.fills, Rows::new(FILL_WIDTH));
            self.send(ToWriter::Fills(rest))?;
        }
        self.to_writer = None;
        Ok(())
    }

    /// A batch the writer has finished with, or a new one.
    fn fresh(&mut self, width: usize) -> Rows {
        self.recycled
            .try_recv()
            .unwrap_or_else(|_| Rows::new(width))
    }

    /// A send fails only when the writer has stopped (its error is the one reported).
    fn send(&mut self, msg: ToWriter) -> Result<(), ClaimsError> {
        let sent = self.to_writer.as_ref().map(|tx| tx.send(msg));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => Err(ClaimsError::Cancelled),
        }
    }
}

/// Runs `read` on a second thread with an [`Outbox`] while this thread stores what it hands
/// over through `writer` (and names purchasers through `keys`). The writer's error comes first;
/// then the reader's; else what `read` returned.
pub(super) fn run<T: Send>(
    batch_id: i64,
    writer: &mut ClaimWriter,
    keys: &mut KeyCache,
    read: impl FnOnce(&mut Outbox) -> (T, Result<(), ClaimsError>) + Send,
) -> Result<T, ClaimsError> {
    let (to_writer, inbox) = sync_channel(BATCHES_IN_FLIGHT);
    let (recycle, recycled) = channel();
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            let mut out = Outbox {
                to_writer: Some(to_writer),
                recycled,
                lines: Rows::new(LINE_WIDTH),
                fills: Rows::new(FILL_WIDTH),
                batch_id,
            };
            let (value, read) = read(&mut out);
            // Hang up on every path, so the writer's loop ends.
            drop(out);
            (value, read)
        });
        let stored = store_all(inbox, recycle, writer, keys);
        let (value, read) = match reading.join() {
            Ok(done) => done,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        stored?;
        read?;
        Ok(value)
    })
}

/// Stores every batch until the reading side hangs up; on an error, returns at once (dropping
/// the inbox stops the reader at its next hand-over).
fn store_all(
    inbox: Receiver<ToWriter>,
    recycle: Sender<Rows>,
    writer: &mut ClaimWriter,
    keys: &mut KeyCache,
) -> Result<(), ClaimsError> {
    for msg in inbox {
        match msg {
            ToWriter::Lines(mut rows) => {
                writer.lines(&rows)?;
                rows.clear();
                let _ = recycle.send(rows);
            }
            ToWriter::Fills(rows) => writer.fills(&rows)?,
            ToWriter::Purchaser(name, reply) => {
                let _ = reply.send(keys.purchaser_id(&name, "employer"));
            }
        }
    }
    Ok(())
}
