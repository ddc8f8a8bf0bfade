//! Workbooks in: open, find the header, map columns, parse and validate rows, commit a batch.
