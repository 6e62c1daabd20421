//! The `claimcheck` command line (being built).
fn main() {}
