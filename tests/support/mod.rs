//! Shared by the test crates that need a tool from outside the repository.

/// A test that cannot run for want of `what`: a failure under CI, which installs every tool
/// the tests use (`.ci/run` sets `CI`), and a printed notice elsewhere.
pub fn missing(what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is missing, and under CI this test must run (.ci/run installs it)"
    );
    eprintln!("notice: {what} is missing; the test is skipped outside CI");
}
