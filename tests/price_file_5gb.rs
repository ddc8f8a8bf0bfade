//! A hospital price file of 5 GB in one JSON array is read as a stream: every charge arrives
//! and memory stays flat. The file is generated as it is read (no 5 GB on disk): 2,000 real
//! items, each followed by 2.6 MB of the whitespace JSON allows between array elements, so
//! the reader has to walk all 5 GB of one array. Its own test binary, so the process's peak
//! memory is this test's alone.

use alliance_desk::import::prices::read_json_stream;
use std::io::{BufReader, Read};

const ITEMS: u64 = 2_000;
const PADDING: u64 = 2_600_000;
const HEAD: &str = r#"{"hospital_name":"Big Array Hospital","last_updated_on":"2026-01-01","version":"3.0.0","license_information":{"state":"MN","license_number":"1"},"type_2_npi":["1234567890"],"standard_charge_information":["#;
const ITEM: &str = r#"{"description":"Office visit","code_information":[{"code":"99213","type":"CPT"}],"standard_charges":[{"setting":"outpatient","gross_charge":300.00,"payers_information":[{"payer_name":"Platform Health","plan_name":"PPO","standard_charge_dollar":120.00,"methodology":"fee schedule"},{"payer_name":"Lakes Mutual","plan_name":"HMO","standard_charge_dollar":110.00,"methodology":"fee schedule"}]}]}"#;

static SPACES: [u8; 1 << 20] = [b' '; 1 << 20];

/// The file, made as it is read: head, then each item with its padding, then the close.
struct BigArray {
    item: u64,
    /// Bytes of the current piece already handed out.
    at: u64,
    bytes: u64,
}

impl BigArray {
    /// The piece being handed out and its length: the head, an item, its padding, the tail.
    fn piece(&self) -> (&'static [u8], u64, bool) {
        match self.item {
            0 => (HEAD.as_bytes(), HEAD.len() as u64, false),
            n if n > 2 * ITEMS => (b"]}", 2, false),
            n if n % 2 == 1 => (ITEM.as_bytes(), ITEM.len() as u64, false),
            n if n == 2 * ITEMS => (b"", 0, false),
            _ => (&SPACES, PADDING, true),
        }
    }
}

impl Read for BigArray {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.item > 2 * ITEMS + 1 {
                return Ok(0);
            }
            let (text, len, padding) = self.piece();
            if self.at < len {
                let n = ((len - self.at) as usize).min(buf.len());
                if !padding {
                    let from = self.at as usize;
                    buf[..n].copy_from_slice(&text[from..from + n]);
                } else {
                    // Copied, not filled: a test build fills byte by byte.
                    let n = n.min(SPACES.len());
                    buf[..n].copy_from_slice(&SPACES[..n]);
                    // A comma ends each padding, before the next item.
                    if self.at + n as u64 == len {
                        buf[n - 1] = b',';
                    }
                    self.at += n as u64;
                    self.bytes += n as u64;
                    return Ok(n);
                }
                self.at += n as u64;
                self.bytes += n as u64;
                return Ok(n);
            }
            self.item += 1;
            self.at = 0;
        }
    }
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

#[test]
fn a_five_gigabyte_single_array_streams_every_charge_in_flat_memory() {
    let before = peak_rss_mb();
    let mut source = BigArray {
        item: 0,
        at: 0,
        bytes: 0,
    };
    let mut charges = 0u64;
    let mut sink = |c: alliance_desk::store::prices::Charge| {
        assert_eq!(c.primary_code(), Some(("99213", "CPT")));
        charges += 1;
        Ok(())
    };
    let reader = BufReader::with_capacity(1 << 20, &mut source);
    let (hospital, problems) = read_json_stream(reader, "big.json", &mut sink).unwrap();
    assert_eq!(hospital.name, "Big Array Hospital");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(charges, ITEMS * 2, "two payers' prices per item");
    assert!(source.bytes > 5_000_000_000, "{} bytes read", source.bytes);
    let grew = peak_rss_mb() - before;
    assert!(grew < 64.0, "peak memory grew by {grew:.0} MB");
}
