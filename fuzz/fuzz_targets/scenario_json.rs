#![no_main]
//! cargo +nightly fuzz run scenario_json (see docs/RELIABILITY.md).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    alliance_desk::fuzzing::scenario_json(data);
});
