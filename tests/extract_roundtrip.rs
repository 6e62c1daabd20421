//! `claimcheck extract` output loads back as a statement file unchanged: extracting the seed,
//! saving the statements, and extracting again from the saved file gives the same bytes, in
//! YAML and in JSON.

use std::process::Command;

fn extract(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .arg("extract")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn round_trip(format: &str, ext: &str) {
    let (code, first) = extract(&["seeds/000_eae76bd1c749ef67.txt", "--format", format]);
    assert_eq!(code, 0, "{first}");
    assert!(
        first.contains("transfers_arms(north_korea, russia, artillery_shells)"),
        "{first}"
    );
    assert!(first.contains("\"method\": \"extracted\"") || first.contains("method: extracted"));
    let dir =
        std::env::temp_dir().join(format!("claimcheck-roundtrip-{}-{ext}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let saved = dir.join(format!("statements.{ext}"));
    std::fs::write(&saved, &first).expect("write statements");
    let (code, second) = extract(&[saved.to_str().expect("utf-8 path"), "--format", format]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 0, "{second}");
    assert_eq!(first, second);
}

#[test]
fn yaml_output_loads_back_unchanged() {
    round_trip("yaml", "yaml");
}

#[test]
fn json_output_loads_back_unchanged() {
    round_trip("json", "json");
}
