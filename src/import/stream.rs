//! Streaming import: calamine (or the csv reader) reads rows on one thread while this one
//! parses and inserts the rows already read, so a large census costs little more than reading
//! it and no copy of the whole sheet is held. Used for xlsx, xlsb and delimited text; xls and
//! ods (which calamine reads only whole) take the whole-sheet path.

use super::cell::CellValue;
use super::layout::{self, Layout};
use super::packed::PackedRows;
use super::source::{Format, SheetData};
use super::{ImportError, ImportOptions, ImportSummary, Progress, Source, Target};
use crate::store::Workspace;
use calamine::{DataRef, Sheets};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Rows read before looking for the header.
const HEAD_ROWS: usize = 40;
/// Rows per message between the threads.
const BATCH_ROWS: usize = 1024;
/// Cells per message: keeps the batches in flight small when rows are very wide.
const BATCH_CELLS: usize = 65_536;

enum Msg {
    Size(usize),
    Rows(PackedRows),
    Failed(String),
}

/// Imports by streaming when the file allows it; `None` means "use the whole-sheet path".
pub(super) fn try_import(
    ws: &mut Workspace,
    src: &Source,
    opts: &ImportOptions,
    progress: &Progress,
) -> Option<Result<ImportSummary, ImportError>> {
    if !streams(src.format) {
        return None;
    }
    let sheet = match &opts.sheet {
        Some(s) => s.clone(),
        None => src.sheets.iter().find(|s| !s.hidden)?.name.clone(),
    };
    if src.check_sheet(&sheet).is_err() {
        return None;
    }
    let (tx, rx) = sync_channel::<Msg>(16);
    std::thread::scope(|scope| {
        let producer_sheet = sheet.clone();
        scope.spawn(move || produce(src, &producer_sheet, &tx));
        // Dropping the receiver (inside `consume`) stops the reader if it is still running.
        consume(ws, src, opts, &sheet, rx, progress)
    })
}

/// Packs rows into batches and sends each when full; `false` once the importer has stopped
/// listening.
struct Batches<'a> {
    tx: &'a SyncSender<Msg>,
    rows: PackedRows,
}

impl<'a> Batches<'a> {
    fn new(tx: &'a SyncSender<Msg>) -> Self {
        Batches {
            tx,
            rows: PackedRows::default(),
        }
    }

    /// Starts sheet row `row`, sending the batch first when it is full.
    fn begin_row(&mut self, row: usize) -> bool {
        let full = self.rows.len() >= BATCH_ROWS || self.rows.cells() >= BATCH_CELLS;
        let sent = !full || self.flush();
        self.rows.begin_row(row);
        sent
    }

    fn flush(&mut self) -> bool {
        let next = PackedRows::sized_like(&self.rows);
        let batch = std::mem::replace(&mut self.rows, next);
        self.tx.send(Msg::Rows(batch)).is_ok()
    }
}

/// Reads the sheet (or text file) on this thread and sends its rows; failures, panics included,
/// become one `Failed` message.
fn produce(src: &Source, sheet: &str, tx: &SyncSender<Msg>) {
    let unreadable = |e: &dyn std::fmt::Display| format!("sheet '{sheet}' could not be read: {e}");
    // xlsx and xlsb cell readers share their methods but no trait.
    macro_rules! stream_cells {
        ($book:expr) => {{
            let mut reader = $book
                .worksheet_cells_reader(sheet)
                .map_err(|e| unreadable(&e))?;
            let dims = reader.dimensions();
            send_cells(
                sheet,
                dims,
                || reader.next_cell().map_err(|e| unreadable(&e)),
                tx,
            )
        }};
    }
    let run = || match src.format {
        Format::Csv => Some(produce_text(src, tx)),
        _ => src.with_workbook(|wb| match wb {
            Sheets::Xlsx(xl) => stream_cells!(xl),
            Sheets::Xlsb(xl) => stream_cells!(xl),
            _ => Err("this workbook format is not read cell by cell".to_string()),
        }),
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
    let failure = match outcome {
        Ok(Some(Ok(()))) => return,
        Ok(Some(Err(e))) => e,
        Ok(None) => "the workbook could not be opened".to_string(),
        Err(_) => {
            "this file could not be read (the reader failed on malformed content)".to_string()
        }
    };
    let _ = tx.send(Msg::Failed(failure));
}

/// Sends a workbook sheet's cells, read one by one, as rows (cells keep their column).
fn send_cells<'a>(
    sheet: &str,
    dims: calamine::Dimensions,
    mut next_cell: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, String>,
    tx: &SyncSender<Msg>,
) -> Result<(), String> {
    // The declared size (`<dimension>`) only sizes the progress bar: a file may claim
    // A1:XFD1048576 and hold three cells. The limit counts the cells actually read.
    let height = (dims.end.0.saturating_sub(dims.start.0) + 1) as usize;
    let max_cells = super::source::Limits::from_env().max_cells;
    if tx.send(Msg::Size(height)).is_err() {
        return Ok(());
    }
    let mut batches = Batches::new(tx);
    let mut current_row = None;
    let mut cells: u64 = 0;
    while let Some(cell) = next_cell()? {
        cells += 1;
        if cells > max_cells {
            return Err(format!(
                "sheet '{sheet}' holds more than {max_cells} cells, over the limit (ALLIANCE_DESK_MAX_CELLS raises it)"
            ));
        }
        let (row, col) = cell.get_position();
        if current_row != Some(row) {
            if !batches.begin_row(row as usize) {
                return Ok(());
            }
            current_row = Some(row);
        }
        batches.rows.set(col as usize, cell.get_value());
    }
    batches.flush();
    Ok(())
}

/// Delimited text: decoded once, then split record by record (a bad quote names its line).
fn produce_text(src: &Source, tx: &SyncSender<Msg>) -> Result<(), String> {
    let text = super::text::decode(src.bytes());
    if let Some(line) = super::text::unclosed_quote_line(&text) {
        return Err(format!(
            "line {line}: a quoted value opens here and is never closed, so every row after it would run into one cell; close the quote and import again"
        ));
    }
    let lines = text.bytes().filter(|b| *b == b'\n').count() + 1;
    if tx.send(Msg::Size(lines)).is_err() {
        return Ok(());
    }
    let max_columns = super::source::Limits::from_env().max_columns;
    if let Some((line, fields)) = super::text::too_wide_line(&text, max_columns) {
        super::text::check_width(fields, line, max_columns)?;
    }
    let mut batches = Batches::new(tx);
    for (i, record) in super::text::records(&text).enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", i + 1))?;
        super::text::check_width(record.len(), i + 1, max_columns)?;
        if !batches.begin_row(i) {
            return Ok(());
        }
        for (col, field) in record.iter().enumerate() {
            batches.rows.set_text(col, field);
        }
    }
    batches.flush();
    Ok(())
}

/// Reads messages into dense rows (gaps become blank rows), remembering a reader failure.
struct Rows {
    rx: Receiver<Msg>,
    pending: VecDeque<(usize, Vec<CellValue>)>,
    next_row: Option<usize>,
    size: usize,
    failed: Rc<RefCell<Option<String>>>,
    done: bool,
}

impl Rows {
    fn next_dense(&mut self) -> Option<(usize, Vec<CellValue>)> {
        loop {
            if let Some((row, _)) = self.pending.front() {
                let row = *row;
                let expected = *self.next_row.get_or_insert(row);
                if row > expected {
                    self.next_row = Some(expected + 1);
                    return Some((expected, Vec::new()));
                }
                self.next_row = Some(row + 1);
                return self.pending.pop_front();
            }
            if self.done {
                return None;
            }
            match self.rx.recv() {
                Ok(Msg::Size(n)) => self.size = n,
                Ok(Msg::Rows(rows)) => self.pending.extend(rows.into_rows()),
                Ok(Msg::Failed(e)) => {
                    *self.failed.borrow_mut() = Some(e);
                    self.done = true;
                }
                Err(_) => self.done = true,
            }
        }
    }

    fn new(rx: Receiver<Msg>) -> Self {
        Rows {
            rx,
            pending: VecDeque::new(),
            next_row: None,
            size: 0,
            failed: Rc::default(),
            done: false,
        }
    }

    /// The first `limit` rows as a sheet of their own, or the reader's failure.
    fn head(&mut self, src: &Source, limit: usize) -> Result<SheetData, ImportError> {
        let mut head = Vec::new();
        let mut first_row = None;
        while head.len() < limit {
            let Some((row, cells)) = self.next_dense() else {
                break;
            };
            first_row.get_or_insert(row);
            head.push(cells);
        }
        if let Some(reason) = self.failed.borrow_mut().take() {
            return Err(ImportError::Unreadable {
                file: src.path.display().to_string(),
                reason,
            });
        }
        // Like calamine's range, a workbook's table starts at the leftmost filled column of the
        // rows searched for the header (text files start at the first), so headers and the
        // mapping remembered for them match whichever way the sheet was read.
        let first_col = match src.format {
            Format::Csv => 0,
            _ => head
                .iter()
                .take(HEAD_ROWS)
                .filter_map(|r| r.iter().position(|c| !matches!(c, CellValue::Empty)))
                .min()
                .unwrap_or(0),
        };
        for row in &mut head {
            strip_columns(row, first_col);
        }
        Ok(SheetData::Cells {
            first_row: first_row.unwrap_or(0),
            first_col,
            rows: head,
        })
    }
}

/// True for the formats read row by row.
fn streams(format: Format) -> bool {
    matches!(format, Format::Xlsx | Format::Xlsb | Format::Csv)
}

/// The first `limit` rows of a sheet, read without the rest, and the sheet's height when rows
/// were left unread; `None` for the formats read whole.
pub(super) fn head(
    src: &Source,
    sheet: &str,
    limit: usize,
) -> Option<Result<(SheetData, Option<usize>), ImportError>> {
    if !streams(src.format) {
        return None;
    }
    if let Err(e) = src.check_sheet(sheet) {
        return Some(Err(e));
    }
    let (tx, rx) = sync_channel::<Msg>(16);
    Some(std::thread::scope(|scope| {
        scope.spawn(move || produce(src, sheet, &tx));
        // Dropping `rows` stops the reader at its next batch.
        let mut rows = Rows::new(rx);
        let head = rows.head(src, limit)?;
        let unread = rows.next_dense().is_some();
        Ok((head, unread.then_some(rows.size)))
    }))
}

fn consume(
    ws: &mut Workspace,
    src: &Source,
    opts: &ImportOptions,
    sheet: &str,
    rx: Receiver<Msg>,
    progress: &Progress,
) -> Option<Result<ImportSummary, ImportError>> {
    let file = src.path.display().to_string();
    let mut rows = Rows::new(rx);
    let head = match rows.head(src, HEAD_ROWS) {
        Ok(head) => head,
        Err(e) => return Some(Err(e)),
    };
    let mut layout = layout::detect(&head)?;
    let (kind, map) = match super::resolve_mapping(ws, opts, &layout.headers, &file, sheet) {
        Ok(found) => found,
        Err(e) => return Some(Err(e)),
    };
    // A mapping made for another reading of the header takes the whole-sheet path.
    if map.columns.len() != layout.headers.len() {
        return None;
    }
    let look = match super::lookups(ws, opts.purchaser.clone(), src.date1904()) {
        Ok(l) => l,
        Err(e) => return Some(Err(e)),
    };
    let expected = rows.size.saturating_sub(layout.data_start);
    progress.rows_total.store(expected, Ordering::Relaxed);
    let SheetData::Cells {
        rows: head_rows, ..
    } = head
    else {
        return None;
    };
    layout.data_end = usize::MAX;
    let data = DataRows::new(&layout, head_rows, &mut rows);
    let target = Target {
        src,
        opts,
        sheet,
        layout: &layout,
        kind,
        map: &map,
        look: &look,
        expected_rows: expected,
    };
    Some(commit_streamed(ws, &target, data, progress, &file))
}

fn commit_streamed(
    ws: &mut Workspace,
    t: &Target,
    data: DataRows<'_>,
    progress: &Progress,
    file: &str,
) -> Result<ImportSummary, ImportError> {
    let failed = data.source.failed.clone();
    let check = || match failed.borrow_mut().take() {
        Some(reason) => Err(ImportError::Unreadable {
            file: file.to_string(),
            reason,
        }),
        None => Ok(()),
    };
    super::commit(ws, t, data, progress, &check)
}

/// Drops the cells left of the table (cells there below the head rows are outside the table).
fn strip_columns(cells: &mut Vec<CellValue>, first_col: usize) {
    if first_col > 0 {
        cells.drain(..first_col.min(cells.len()));
    }
}

/// Data rows after the header, in sheet order, ending at a totals row or a trailing note.
struct DataRows<'a> {
    layout: &'a Layout,
    head: std::vec::IntoIter<Vec<CellValue>>,
    source: &'a mut Rows,
    index: usize,
    blank_run: usize,
    stopped: bool,
}

impl<'a> DataRows<'a> {
    fn new(layout: &'a Layout, head: Vec<Vec<CellValue>>, source: &'a mut Rows) -> Self {
        let mut head = head.into_iter();
        for _ in 0..layout.data_start {
            head.next();
        }
        DataRows {
            layout,
            head,
            source,
            index: 0,
            blank_run: 0,
            stopped: false,
        }
    }
}

impl Iterator for DataRows<'_> {
    type Item = (usize, usize, Vec<CellValue>);

    fn next(&mut self) -> Option<Self::Item> {
        while !self.stopped {
            let cells = match self.head.next() {
                Some(c) => c,
                None => {
                    let mut cells = self.source.next_dense()?.1;
                    strip_columns(&mut cells, self.layout.first_col);
                    cells
                }
            };
            let i = self.index;
            self.index += 1;
            let filled = cells
                .iter()
                .filter(|c| !matches!(c, CellValue::Empty))
                .count();
            if filled == 0 {
                self.blank_run += 1;
                continue;
            }
            let first = cells.iter().find(|c| !matches!(c, CellValue::Empty));
            let first_text = match first {
                Some(CellValue::Text(t)) => Some(t.as_str()),
                _ => None,
            };
            if first_text.is_some_and(layout::is_total_label)
                || (self.blank_run > 0
                    && filled == 1
                    && self.layout.headers.len() >= 3
                    && first_text.is_some())
            {
                self.stopped = true;
                return None;
            }
            self.blank_run = 0;
            return Some((i, self.layout.sheet_row(self.layout.data_start + i), cells));
        }
        None
    }
}
