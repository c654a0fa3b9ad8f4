//! Hostile inputs (issue 14): every command that reads the hostile fixtures exits 2 with a
//! message, within 5 s, under a 1 GiB address-space limit; and each item of the issue has a
//! test of what a user would see.
//!
//! `ANFANG_HOSTILE_BIN=/path/to/anfang` runs the limited runs against another build (to show
//! that an older one fails them).

mod fixtures;
mod items;
mod mutation;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::root;

/// The address-space limit every run gets (`ulimit -v`, KiB): 1 GiB.
const LIMIT_KIB: u64 = 1 << 20;
/// How long one run may take.
const DEADLINE: Duration = Duration::from_secs(5);
/// After this a run is killed (and fails).
const KILL_AFTER: Duration = Duration::from_secs(60);
/// Standard error is read up to this much; the rest is counted.
const READ_AT_MOST: usize = 4 << 20;

fn bin() -> PathBuf {
    std::env::var_os("ANFANG_HOSTILE_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_anfang")),
        PathBuf::from,
    )
}

/// What a limited run did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub stderr_bytes: usize,
    pub elapsed: Duration,
    pub killed: bool,
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<(String, usize)> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut total = 0usize;
        let mut buf = [0u8; 65536];
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
            if kept.len() < READ_AT_MOST {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        (String::from_utf8_lossy(&kept).into_owned(), total)
    })
}

/// Runs anfang with `args` under the address-space limit, from the repository's root, in an
/// English locale (as `common::anfang`), so what the tests look for does not depend on the
/// locale of whoever runs them.
pub fn limited(args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(bin())
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run anfang");
    let out = drain(child.stdout.take().expect("stdout"));
    let err = drain(child.stderr.take().expect("stderr"));
    let mut killed = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > KILL_AFTER {
            let _ = child.kill();
            killed = true;
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let (stdout, _) = out.join().expect("stdout reader");
    let (stderr, stderr_bytes) = err.join().expect("stderr reader");
    Run {
        code: status.code(),
        stdout,
        stderr,
        stderr_bytes,
        elapsed,
        killed,
    }
}

/// Why a run does not meet the bar (exit 2, a message on standard error of bounded size,
/// within the deadline), if it does not.
fn verdict(run: &Run) -> Option<String> {
    let mut why = Vec::new();
    if run.killed {
        why.push(format!("killed after {KILL_AFTER:?}"));
    }
    if run.code != Some(2) {
        why.push(format!("exit {:?}", run.code));
    }
    if run.elapsed > DEADLINE {
        why.push(format!("took {:.1} s", run.elapsed.as_secs_f64()));
    }
    if run.stderr.trim().is_empty() {
        why.push("no message".into());
    }
    if run.stderr_bytes > 256 * 1024 {
        why.push(format!("{} bytes on standard error", run.stderr_bytes));
    }
    (!why.is_empty()).then(|| {
        let first: String = run
            .stderr
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        format!("{}: {first}", why.join(", "))
    })
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Every command that reads a hostile input exits 2 with a message, within 5 s, under a
/// 1 GiB address-space limit; batch lists the file as an error and still writes its summary.
#[test]
fn every_command_refuses_every_hostile_input_quickly_under_one_gib() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = fixtures::write_all(dir.path());
    let design = "samples/xiaguan-new-1200.yaml";
    let pdf = "tests/fixtures/pdf/design.pdf";
    let mut cases: Vec<(String, Vec<String>, Option<PathBuf>)> = Vec::new();
    let mut n = 0;
    let mut batch = |input: &Path, cases: &mut Vec<(String, Vec<String>, Option<PathBuf>)>| {
        n += 1;
        let out = dir.path().join(format!("out-{n}"));
        cases.push((
            format!("batch {}", input.display()),
            vec!["batch".into(), s(input), "--output".into(), s(&out)],
            Some(out),
        ));
    };
    for sub in &hostile.submissions {
        for command in [
            vec!["validate".to_owned(), s(sub)],
            vec!["check".to_owned(), s(sub)],
            vec!["checklist".to_owned(), s(sub)],
            vec!["diff".to_owned(), "samples/small-120.yaml".into(), s(sub)],
        ] {
            cases.push((command.join(" "), command, None));
        }
        batch(sub, &mut cases);
    }
    for sub in &hostile.with_attachments {
        let command = vec!["check".to_owned(), s(sub)];
        cases.push((command.join(" "), command, None));
        batch(sub, &mut cases);
    }
    for table in &hostile.tables {
        for command in [
            vec![
                "accept".to_owned(),
                "--design".into(),
                design.into(),
                "--as-built".into(),
                s(table),
            ],
            vec![
                "extract".to_owned(),
                pdf.into(),
                "--equipment".into(),
                s(table),
            ],
        ] {
            cases.push((command.join(" "), command, None));
        }
    }
    let mut failures = Vec::new();
    for (label, args, summary_in) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = limited(&args);
        let mut why = verdict(&run);
        if why.is_none()
            && let Some(out) = summary_in
        {
            let summary = std::fs::read_to_string(out.join("summary.json")).unwrap_or_default();
            if !summary.contains("\"error\"") {
                why = Some("no summary listing the file as an error".into());
            }
        }
        if let Some(why) = why {
            failures.push(format!("{label}\n    {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs fail the bar:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The fixture script on its own, for measuring by hand:
/// `ANFANG_HOSTILE_DIR=/tmp/hostile cargo test --test main hostile::write_fixtures -- --ignored`.
#[test]
#[ignore = "writes the hostile fixtures into $ANFANG_HOSTILE_DIR"]
fn write_fixtures() {
    let dir = PathBuf::from(std::env::var_os("ANFANG_HOSTILE_DIR").expect("ANFANG_HOSTILE_DIR"));
    let hostile = fixtures::write_all(&dir);
    for p in hostile
        .submissions
        .iter()
        .chain(&hostile.with_attachments)
        .chain(&hostile.tables)
    {
        println!("{}", p.display());
    }
}
