//! Prints what the importer sees in each file given: sheet, header row, guessed kind, or the
//! refusal message. `cargo run --example inspect -- FILE...`
use alliance_desk::import::{self, Source};
use alliance_desk::store::Workspace;
fn main() {
    let ws = Workspace::in_memory().unwrap();
    for p in std::env::args().skip(1) {
        let path = std::path::Path::new(&p);
        let r = match Source::open(path) {
            Ok(s) => import::preview(&ws, &s, None, None)
                .map(|pv| {
                    format!(
                        "OK {} hdr {} kind {} headers {:?}",
                        pv.sheet,
                        pv.layout.header_row + 1,
                        pv.kind.code(),
                        pv.layout.headers.iter().take(6).collect::<Vec<_>>()
                    )
                })
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        match r {
            Ok(s) => println!("{s}"),
            Err(e) => println!("ERR {e}"),
        }
    }
}
