//! The top-level views, named by the menu, the command line (`--view NAME`) and the commands
//! views send, without those depending on the window that shows them.

use serde::{Deserialize, Serialize};

/// The top-level views (`--view NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum View {
    Import,
    Members,
    Compare,
    Quality,
    Scenarios,
    Benchmark,
    Reports,
    HospitalPrices,
    Claims,
}

impl View {
    /// Every view in menu order.
    pub const ALL: [View; 9] = [
        View::Import,
        View::Members,
        View::Compare,
        View::Quality,
        View::Scenarios,
        View::Benchmark,
        View::Reports,
        View::HospitalPrices,
        View::Claims,
    ];

    /// The name shown in menus and tabs.
    pub fn title(self) -> &'static str {
        match self {
            View::Import => "Import",
            View::Members => "Members",
            View::Compare => "Compare plans",
            View::Quality => "Quality & certification",
            View::Scenarios => "Scenarios",
            View::Benchmark => "Benchmark",
            View::Reports => "Reports",
            View::HospitalPrices => "Hospital prices",
            View::Claims => "Claims",
        }
    }
}
