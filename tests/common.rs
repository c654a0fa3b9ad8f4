//! Helpers: run the built binary, find the repository's files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with its messages in English (an `en_US` locale; the documents are Chinese
/// unless `--lang en`), as most tests read them.
pub fn anfang(args: &[&str]) -> Output {
    anfang_in("en_US.UTF-8", args)
}

/// Runs the binary in a locale (`LANG`), which chooses the language of its messages.
pub fn anfang_in(locale: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anfang"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .output()
        .expect("run anfang")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Top-level submissions in samples/.
pub fn samples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .expect("samples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

pub fn rel(p: &Path) -> String {
    p.strip_prefix(root()).unwrap_or(p).display().to_string()
}

/// Writes `text` to a temporary file with the given name and returns (dir guard, path).
pub fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    (dir, p)
}

/// The JSON report of `anfang check FILE --format json --as-of 2026-11-27 [extra…]` (panics with
/// the error output when there is none).
pub fn check_json(file: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", file, "--format", "json", "--as-of", "2026-11-27"];
    args.extend_from_slice(extra);
    let out = anfang(&args);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)))
}

/// The first finding of `rule` in a JSON report, or null.
pub fn finding_of(report: &serde_json::Value, rule: &str) -> serde_json::Value {
    report["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == rule).cloned())
        .unwrap_or(serde_json::Value::Null)
}
