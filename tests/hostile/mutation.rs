//! Seeded mutation tests, one per parser (cargo-fuzz needs a nightly toolchain, which this
//! machine and CI do not have): each starts from real inputs (the samples, the equipment-list
//! fixtures, a checklist anfang wrote, a report), applies random byte- and token-level
//! mutations from a fixed seed, and runs the library's reader on each. The property: no panic,
//! and every problem is bounded (a message under 2 KB, an excerpt under 300 characters), for
//! a bounded number of cases and at most a few seconds per parser. `ANFANG_MUTATIONS=N` runs N
//! cases per parser instead of the default.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use anfang::diagnostic::Problem;
use anfang::ingest::{Format, Source};

use crate::common::root;

/// A small, seeded generator (xorshift64*): the same cases on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that have broken parsers before: brackets, tabs, anchors, huge and odd numbers,
/// escape sequences, quotes, formula starts, long runs.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "\t",
    "&a ",
    "*a",
    "1e400",
    "123456789012345678901234567890",
    "-",
    "\u{1b}[8m",
    "'",
    "\"",
    "\n",
    ":",
    ",",
    "\r\n",
    "=HYPERLINK(\"x\")",
    "\u{feff}",
    "\0",
    "<mergeCell ref=\"A1:XFD1048576\"/>",
    "<c r=\"XFD1048576\"><v>1</v></c>",
    "uniqueCount=\"999999999999\"",
    "- ",
    "? ",
    "!!binary ",
    "%YAML 1.1\n",
    "---\n",
    "0x7FFFFFFFFFFFFFFF",
    "NaN",
    ".inf",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 if !bytes.is_empty() => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(at..at, token.iter().copied());
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let run: Vec<u8> = token
                    .iter()
                    .copied()
                    .cycle()
                    .take(token.len() * (1 + rng.below(2000)))
                    .collect();
                bytes.splice(at..at, run);
            }
            4 if bytes.len() > 2 => {
                let start = rng.below(bytes.len() - 1);
                let end = (start + 1 + rng.below(256)).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                bytes.splice(at..at, copy);
            }
            5 => bytes.truncate(at),
            _ => {
                let i = at.min(bytes.len().saturating_sub(1));
                if let Some(b) = bytes.get_mut(i) {
                    *b = rng.next() as u8;
                }
            }
        }
    }
    bytes
}

/// How many cases each parser gets, and the time after which it stops early.
fn budget() -> (usize, Duration) {
    let cases = std::env::var("ANFANG_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    (cases, Duration::from_secs(8))
}

fn bounded(problems: &[Problem]) -> Result<(), String> {
    for p in problems {
        let text = p.to_string();
        if text.len() > 2048 {
            return Err(format!(
                "a message of {} bytes: {}",
                text.len(),
                text.chars().take(300).collect::<String>()
            ));
        }
        let mut rendered = String::new();
        let _ = p.render(&mut rendered);
        // The excerpt: `142 | text` under the message.
        let excerpt = rendered.lines().skip(1).find(|l| {
            l.split_once(" | ")
                .is_some_and(|(n, _)| !n.is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()))
        });
        if let Some(line) = excerpt.filter(|l| l.chars().count() > 300) {
            return Err(format!(
                "an excerpt of {} characters: {:?}",
                line.chars().count(),
                line.chars().take(400).collect::<String>()
            ));
        }
    }
    Ok(())
}

/// Runs `check` on mutations of each seed; fails with the first case that panics or returns
/// unbounded problems.
fn run(name: &str, seeds: &[Vec<u8>], mut check: impl FnMut(&[u8]) -> Result<(), String>) {
    let (cases, time) = budget();
    let start = Instant::now();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in 0..cases {
        if start.elapsed() > time {
            break;
        }
        let seed = &seeds[case % seeds.len()];
        let input = mutate(&mut rng, seed);
        ran += 1;
        match catch_unwind(AssertUnwindSafe(|| check(&input))) {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("case {case}: {why}")),
            Err(_) => failures.push(format!("case {case}: panicked")),
        }
        if failures.len() >= 5 {
            break;
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {ran} mutated inputs fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran >= 20, "{name}: only {ran} cases ran");
}

fn sample(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

#[test]
fn submissions_in_yaml_json_and_toml() {
    let yaml = sample("samples/small-120.yaml");
    let value: serde_json::Value = anfang::ingest::parse(
        Source::from_text("s.yaml", String::from_utf8(yaml.clone()).unwrap()),
        Format::Yaml,
    )
    .unwrap()
    .value;
    let seeds = [
        (Format::Yaml, yaml),
        (Format::Json, serde_json::to_vec(&value).unwrap()),
        (Format::Json, serde_json::to_vec_pretty(&value).unwrap()),
        (Format::Toml, toml::to_string(&value).unwrap().into_bytes()),
    ];
    for (format, seed) in &seeds {
        let name = format!("submission-{format:?}");
        run(&name, std::slice::from_ref(seed), |bytes| {
            let source = match Source::from_bytes("m".into(), bytes.to_vec()) {
                Ok(s) => s,
                Err(p) => return bounded(&[p]),
            };
            match anfang::ingest::parse(source, *format) {
                Ok(doc) => match anfang::validate::validate(doc) {
                    Ok(_) => Ok(()),
                    Err(problems) => bounded(&problems),
                },
                Err(p) => bounded(&[p]),
            }
        });
    }
}

/// An equipment list read from bytes: no panic, bounded problems.
fn equipment_list(name: &str, ext: &str, bytes: Vec<u8>) -> Result<(), String> {
    match anfang::tabular::equipment_list_from_bytes(name, ext, bytes) {
        Ok(_) => Ok(()),
        Err(problems) => bounded(&problems),
    }
}

fn fixtures_of(files: &[&str]) -> Vec<Vec<u8>> {
    files
        .iter()
        .map(|f| sample(&format!("tests/fixtures/equipment/{f}")))
        .collect()
}

#[test]
fn equipment_lists_in_csv_and_xlsx() {
    let csv = fixtures_of(&["list-utf8.csv", "list-gbk.csv", "bad-quantity.csv"]);
    run("csv", &csv, |bytes| {
        equipment_list("m.csv", "csv", bytes.to_vec())
    });
    // Workbooks: the bytes of real ones, and sheets whose XML is mutated before zipping.
    let xlsx = fixtures_of(&["list.xlsx", "bad-quantity.xlsx"]);
    run("xlsx bytes", &xlsx, |bytes| {
        equipment_list("m.xlsx", "xlsx", bytes.to_vec())
    });
    let sheet = super::fixtures::sheet_xml_of_a_list().into_bytes();
    run("xlsx sheet xml", &[sheet], |xml| {
        equipment_list("m.xlsx", "xlsx", super::fixtures::workbook_of_sheet(xml))
    });
}

#[test]
fn filled_checklists() {
    let editions = anfang::standard::load_editions("cn-baseline").unwrap();
    let standard = editions.latest().unwrap();
    let text = String::from_utf8(sample("samples/small-120.yaml")).unwrap();
    let doc = anfang::ingest::parse(
        Source::from_text("samples/small-120.yaml", text),
        Format::Yaml,
    )
    .unwrap();
    let design = anfang::validate::validate(doc).unwrap();
    let checklist = anfang::acceptance::checklist::build(
        standard,
        &design,
        anfang::i18n::Text::new("", ""),
        None,
    )
    .unwrap();
    let sheet = anfang::acceptance::sheet::to_csv(&checklist, anfang::i18n::Lang::Zh).unwrap();
    run("filled checklist", &[sheet], |bytes| {
        let table = match anfang::tabular::text_table_from_bytes("m.csv", "csv", bytes.to_vec()) {
            Ok(t) => t,
            Err(problems) => return bounded(&problems),
        };
        match anfang::acceptance::evidence::from_table(&table, &checklist) {
            Ok(_) => Ok(()),
            Err(problems) => bounded(&problems),
        }
    });
}

#[test]
fn reports_for_diff() {
    let out = crate::common::anfang(&["check", "samples/small-120.yaml", "--format", "json"]);
    let report = out.stdout;
    let base: anfang::diff::ReportView = serde_json::from_slice(&report).unwrap();
    run("report json", &[report], |bytes| {
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
            return Ok(());
        };
        if let Ok(view) = serde_json::from_value::<anfang::diff::ReportView>(value) {
            let _ = anfang::diff::delta("old.json", &base, "new.json", &view);
        }
        Ok(())
    });
}
