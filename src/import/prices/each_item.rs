//! A JSON array read one element at a time: each is handed on as soon as it is parsed, so an
//! array of millions never sits in memory (hospital items, insurer rates alike).

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
