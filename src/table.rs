//! A table as it is shown, kept below the layers that make one (Compare, the workspace's
//! exports) and those that write one (CSV, workbooks).

/// A table as it is shown: headers and rows of display text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}
