#![no_main]
//! cargo +nightly fuzz run header_detection (see docs/RELIABILITY.md).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    alliance_desk::fuzzing::header_detection(data);
});
