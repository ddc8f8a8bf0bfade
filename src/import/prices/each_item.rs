//! A JSON array read one element at a time: each is handed on as soon as it is parsed, so an
//! array of millions never sits in memory (hospital items, insurer rates alike).

use super::PriceFileError;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Streams an array of `T` into `each`; an error from `each` stops the read with it.
pub(super) struct EachItem<'f, T> {
    each: &'f mut dyn FnMut(T) -> Result<(), String>,
    what: &'static str,
    item: PhantomData<T>,
}

impl<'f, T> EachItem<'f, T> {
    pub(super) fn new(
        what: &'static str,
        each: &'f mut dyn FnMut(T) -> Result<(), String>,
    ) -> Self {
        EachItem {
            each,
            what,
            item: PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for EachItem<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for EachItem<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.what)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            (self.each)(item).map_err(serde::de::Error::custom)?;
        }
        Ok(())
    }
}

/// Reads one JSON object (a byte-order mark skipped) through `top`.
pub(super) fn read_object<R: std::io::BufRead>(
    mut reader: R,
    top: impl for<'de> Visitor<'de, Value = ()>,
) -> Result<(), serde_json::Error> {
    super::skip_bom(&mut reader);
    let mut de = serde_json::Deserializer::from_reader(reader);
    de.deserialize_map(top).and_then(|_| de.end())
}

/// What a streamed read came to: a failure the sink reported (with its item) first, else
/// serde's own error, naming `what` was read and how many items got through.
pub(super) fn outcome(
    parsed: Result<(), serde_json::Error>,
    failed: Option<(u64, String)>,
    items: u64,
    file: &str,
    what: &str,
) -> Result<(), PriceFileError> {
    if let Some((item, reason)) = failed {
        return Err(PriceFileError::Row {
            file: file.into(),
            row: item,
            reason,
        });
    }
    parsed.map_err(|e| PriceFileError::Unreadable {
        file: file.into(),
        reason: format!("not a complete {what} (JSON): {e} (after {items} items)"),
    })
}
