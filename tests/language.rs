//! Chinese documents speak Chinese: every document anfang writes for a reviewer or an inspector
//! (review opinion, acceptance record, checklist, diff, dashboard; HTML, Markdown and, with
//! feature `pdf`, the PDF's text) of every sample and scenario, rendered in Chinese, holds no
//! schema enumeration id, no JSON pointer, no element id where a name exists, and no Latin word
//! outside an allow-list: standard codes (GB, GB/T, GA/T, DB53/T…), rule ids and catalogue rows,
//! units, model numbers and other words with digits, digests, file names, the dotted field path
//! that follows a field's label, and the submission's own words (names, addresses, models).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::*;

const AS_OF: &str = "2026-11-27";

/// Words a Chinese document may carry in Latin letters.
const ALLOWED_WORDS: &[&str] = &[
    "anfang", "SHA-256", "sha256", "UPS", "IP", "PoE", "NVR", "DVR", "RAID", "IC", "APP", "App",
    "AI", "CA", "SM2", "SM3", "SM4", "GPS", "LED", "Wi-Fi", "VPN", "NB-IoT", "IoT", "SD", "ID",
    "TN-S", "I", "II", "III",
];

/// Units (metric symbols and the like) that follow a number.
const UNITS: &[&str] = &[
    "m", "km", "cm", "mm", "m2", "m²", "MP", "TB", "GB", "Mbps", "fps", "lux", "lx", "s", "h", "V",
    "W", "kW", "kVA", "dB", "Hz", "J", "kg", "min",
];

/// What one document says, as text.
struct Document {
    name: String,
    text: String,
}

/// Text of an HTML page: no tags, no style or script, entities decoded.
fn html_text(html: &str) -> String {
    let mut s = html.to_owned();
    for tag in ["style", "script", "head"] {
        while let Some(start) = s.find(&format!("<{tag}")) {
            let end = s[start..]
                .find(&format!("</{tag}>"))
                .map_or(s.len(), |e| start + e + tag.len() + 3);
            s.replace_range(start..end, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&nbsp;", " ")
}

/// The submission's own words: every string it states (names, addresses, models, reasons),
/// except enumeration values and ids (an id, or a reference to one, is not a word).
fn own_words(value: &Value, ids: &BTreeSet<String>, out: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            let enum_id = anfang::model::labels::labels().value_of(None, s).is_some();
            if !enum_id && !ids.contains(s) {
                for w in words(s) {
                    out.insert(w);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| own_words(v, ids, out)),
        Value::Object(map) => map.values().for_each(|v| own_words(v, ids, out)),
        _ => {}
    }
}

/// Ids of the submission's elements (not the project's number, which documents print as such).
fn element_ids(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| element_ids(v, out)),
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("id") {
                out.insert(id.clone());
            }
            map.values().for_each(|v| element_ids(v, out));
        }
        _ => {}
    }
}

/// Runs of ASCII letters, digits and the punctuation that joins codes (DS-2CD3T47EWD-L, GB/T,
/// technical.cameras[*].resolution_mp, small-120.yaml).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '[' | ']' | '*' | '²')
        {
            cur.push(c);
        } else if !cur.is_empty() {
            let w = cur
                .trim_matches(|c: char| matches!(c, '.' | '-' | '/'))
                .to_owned();
            if w.chars().any(|c| c.is_ascii_alphabetic()) {
                out.push(w);
            }
            cur.clear();
        }
    }
    out
}

struct Allow {
    own: BTreeSet<String>,
    ids: BTreeSet<String>,
    enum_ids: BTreeSet<String>,
    fields: BTreeSet<String>,
    extra: BTreeSet<String>,
    /// Checklist item ids (S01, C001, T09, D02, R01, X01) are the documents' own references.
    item_ids: bool,
}

impl Allow {
    fn new(submissions: &[&Path]) -> Allow {
        let mut own = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for s in submissions {
            let value = anfang::ingest::read_document(s)
                .map(|d| d.value)
                .unwrap_or_else(|p| panic!("{p}"));
            let mut these = BTreeSet::new();
            element_ids(&value, &mut these);
            if let Some(Value::String(project)) = value.pointer("/project/id") {
                these.remove(project);
            }
            own_words(&value, &these, &mut own);
            ids.extend(these);
        }
        let labels = anfang::model::labels::labels();
        Allow {
            own,
            ids,
            enum_ids: labels.value_ids().map(str::to_owned).collect(),
            fields: labels.field_keys().map(str::to_owned).collect(),
            extra: BTreeSet::new(),
            item_ids: false,
        }
    }

    /// Why a word is not allowed, or None.
    fn problem(&self, word: &str) -> Option<&'static str> {
        if self.enum_ids.contains(word) {
            return Some("schema enumeration id");
        }
        let item_id = self.item_ids
            && word.len() <= 4
            && word.starts_with(['S', 'C', 'K', 'T', 'D', 'R', 'X'])
            && word[1..].chars().all(|c| c.is_ascii_digit());
        if self.ids.contains(word) && !self.own.contains(word) && !item_id {
            return Some("element id");
        }
        if word.starts_with('/')
            || (word.contains('/')
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || matches!(c, '/' | '_' | '0'..='9')))
        {
            return Some("JSON pointer");
        }
        if self.own.contains(word) || self.extra.contains(word) {
            return None;
        }
        if ALLOWED_WORDS.contains(&word) || UNITS.contains(&word) {
            return None;
        }
        let field = word.replace("[*]", "");
        let field: String = field
            .split('.')
            .map(|s| s.split('[').next().unwrap_or(s))
            .collect::<Vec<_>>()
            .join(".");
        if word.contains('.') && self.fields.contains(&field)
            || self.fields.contains(word) && word.contains('_')
        {
            return None;
        }
        // Standard codes: GB, GB/T, GA/T, JGJ, DB53/T, DB31/294, CECS, T/CECS.
        let code = regex_lite_code(word);
        if code {
            return None;
        }
        // Rule ids, catalogue rows, model numbers, document numbers, digests, file names:
        // anything with a digit in it.
        if word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        if [
            ".yaml", ".yml", ".json", ".csv", ".xlsx", ".toml", ".pdf", ".html", ".md",
        ]
        .iter()
        .any(|e| word.ends_with(e))
        {
            return None;
        }
        Some("Latin word")
    }
}

fn regex_lite_code(word: &str) -> bool {
    let upper = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_uppercase());
    let mut parts = word.split('/');
    let head = parts.next().unwrap_or("");
    let head_ok = ["GB", "GA", "JGJ", "CECS", "DB", "T"].contains(&head)
        || (head.starts_with("DB") && head[2..].chars().all(|c| c.is_ascii_digit()));
    head_ok
        && parts.all(|p| p == "T" || p == "Z" || p.chars().all(|c| c.is_ascii_digit()) || upper(p))
}

fn violations(doc: &Document, allow: &mut Allow) -> Vec<String> {
    allow.item_ids = doc.name.starts_with("accept") || doc.name.starts_with("checklist");
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for w in words(&doc.text) {
        if let Some(why) = allow.problem(&w)
            && seen.insert(w.clone())
        {
            let at = doc.text.find(&w).unwrap_or(0);
            let start = doc.text[..at]
                .char_indices()
                .rev()
                .nth(30)
                .map_or(0, |(i, _)| i);
            let end = doc.text[at..]
                .char_indices()
                .nth(w.chars().count() + 30)
                .map_or(doc.text.len(), |(i, _)| at + i);
            out.push(format!(
                "{}: {why} `{w}` in …{}…",
                doc.name,
                doc.text[start..end].replace('\n', " ")
            ));
        }
    }
    out
}

fn run_ok(args: &[&str]) -> String {
    let o = anfang(args);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "anfang {}: {}",
        args.join(" "),
        stderr(&o)
    );
    stdout(&o)
}

fn text_of(format: &str, body: String) -> String {
    match format {
        "html" => html_text(&body),
        "markdown" => markdown_text(&body),
        _ => body,
    }
}

/// Markdown as its reader sees it: a backslash escape (`\[`, `\|`, which the templates write
/// around text from the input) shows the character alone.
fn markdown_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next)) if next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(feature = "pdf")]
fn pdf_text(args: &[&str], dir: &Path, name: &str) -> String {
    let out = dir.join(format!("{name}.pdf"));
    let mut a: Vec<&str> = args.to_vec();
    let o_str = out.display().to_string();
    a.extend(["--format", "pdf", "--output", &o_str]);
    let o = anfang(&a);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{name}: {}",
        stderr(&o)
    );
    let t = std::process::Command::new("pdftotext")
        .args(["-layout", &o_str, "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed for the PDF tests");
    // Break opportunities typst puts into codes and digests are not word boundaries.
    String::from_utf8_lossy(&t.stdout).replace('\u{200B}', "")
}

/// Every document of every sample (and the scenarios below) in Chinese.
fn documents(dir: &Path) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut add = |name: String, text: String| docs.push(Document { name, text });
    let mut submissions: Vec<PathBuf> = samples();
    submissions.push(root().join("samples/resubmission/round1.yaml"));
    submissions.push(root().join("samples/resubmission/round2.yaml"));
    let init = dir.join("init.yaml");
    let o = anfang(&["init", &init.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    submissions.push(init);
    for s in &submissions {
        let sample = s.display().to_string();
        let name = s
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for format in ["markdown", "html"] {
            let body = run_ok(&["check", &sample, "--format", format, "--as-of", AS_OF]);
            add(format!("check {name} {format}"), text_of(format, body));
        }
        #[cfg(feature = "pdf")]
        add(
            format!("check {name} pdf"),
            pdf_text(
                &["check", &sample, "--as-of", AS_OF],
                dir,
                &format!("check-{name}"),
            ),
        );
    }
    let design = "samples/xiaguan-new-1200.yaml";
    for format in ["html", "csv"] {
        let body = run_ok(&["checklist", design, "--format", format]);
        add(format!("checklist {format}"), text_of(format, body));
    }
    #[cfg(feature = "pdf")]
    add(
        "checklist pdf".into(),
        pdf_text(&["checklist", design], dir, "checklist"),
    );
    let previous = dir.join("deviations.json");
    let o = anfang(&[
        "accept",
        "--design",
        design,
        "--as-built",
        "samples/acceptance/xiaguan-deviations.csv",
        "--format",
        "json",
        "--output",
        &previous.display().to_string(),
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    for inspection in ["passed", "deviations", "rectified"] {
        let sheet = format!("samples/acceptance/xiaguan-{inspection}.csv");
        let mut args = vec!["accept", "--design", design, "--as-built", &sheet];
        let prev = previous.display().to_string();
        if inspection == "rectified" {
            args.extend(["--previous", &prev]);
        }
        for format in ["markdown", "html"] {
            let mut a = args.clone();
            a.extend(["--format", format]);
            add(
                format!("accept {inspection} {format}"),
                text_of(format, run_ok(&a)),
            );
        }
        #[cfg(feature = "pdf")]
        add(
            format!("accept {inspection} pdf"),
            pdf_text(&args, dir, &format!("accept-{inspection}")),
        );
    }
    let pair = [
        "samples/resubmission/round1.yaml",
        "samples/resubmission/round2.yaml",
    ];
    for format in ["markdown", "html"] {
        let body = run_ok(&[
            "diff", pair[0], pair[1], "--format", format, "--as-of", AS_OF,
        ]);
        add(format!("diff {format}"), text_of(format, body));
    }
    #[cfg(feature = "pdf")]
    add(
        "diff pdf".into(),
        pdf_text(&["diff", pair[0], pair[1], "--as-of", AS_OF], dir, "diff"),
    );
    let out = dir.join("batch");
    let o = anfang(&[
        "batch",
        "samples",
        "--output",
        &out.display().to_string(),
        "--as-of",
        AS_OF,
    ]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let dashboard = std::fs::read_to_string(out.join("dashboard.html")).expect("dashboard");
    add("dashboard html".into(), html_text(&dashboard));
    docs
}

#[test]
fn chinese_documents_hold_no_codes_pointers_ids_or_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = documents(dir.path());
    let mut paths: Vec<PathBuf> = samples();
    paths.push(root().join("samples/resubmission/round1.yaml"));
    paths.push(root().join("samples/resubmission/round2.yaml"));
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let mut allow = Allow::new(&refs);
    // The standard's id and the tool's name are printed with every digest.
    allow.extra.insert("cn-baseline".into());
    // Input file names wrap inside table cells of the PDFs: their parts are theirs too.
    for name in [
        "xiaguan-new-1200.yaml",
        "xiaguan-passed.csv",
        "xiaguan-deviations.csv",
        "xiaguan-rectified.csv",
        "deviations.json",
    ] {
        for part in name.split(['-', '.']) {
            allow.extra.insert(part.to_owned());
        }
    }
    let problems: Vec<String> = docs
        .iter()
        .flat_map(|d| violations(d, &mut allow))
        .collect();
    assert!(
        problems.is_empty(),
        "{} problem(s) in {} documents:\n{}",
        problems.len(),
        docs.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checker_finds_what_it_is_meant_to_find() {
    let mut allow = Allow::new(&[&root().join("samples/xiaguan-new-1200.yaml")]);
    let doc = |t: &str| Document {
        name: "t".into(),
        text: t.into(),
    };
    let mut found = |t: &str| violations(&doc(t), &mut allow);
    assert!(!found("审查类型 new_build / design_review").is_empty());
    assert!(!found("未提供 /technical/alarm_zones，无法判定").is_empty());
    assert!(!found("Art. 21(3)").is_empty());
    assert!(!found("结果 fail (fail)").is_empty());
    assert!(!found("位置 AP-B01-U1").is_empty(), "element id");
    assert!(!found("位置 E1-VIN").is_empty(), "element id");
    assert!(
        found("项目编号 DLJF-SJ-2026-0316").is_empty(),
        "the project's number"
    );
    assert!(
        found(
            "GB/T 28181-2022 第5.2.2条、DB53/T 1234 与 VID-015（DS-2CD3T47EWD-L，200万像素，48 TB）"
        )
        .is_empty()
    );
    assert!(found("未提供报警防区（technical.alarm_zones）").is_empty());
    assert!(found("sha256 6acff8876922e734 small-120.yaml anfang 0.1.0").is_empty());
}
