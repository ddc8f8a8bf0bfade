#![no_main]
//! cargo +nightly fuzz run values (see docs/RELIABILITY.md).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    alliance_desk::fuzzing::values(data);
});
