//! `anfang extract`: a design document (PDF) and equipment lists → a draft submission.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::write_problems;
use crate::error::Error;
use crate::extract::{Difference, Lot, Recognised, draft_yaml, lines_of, recognise, reconcile};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The design document (PDF).
    file: PathBuf,
    /// Equipment lists (.csv, .xlsx), reconciled with the document's equipment tables: one row
    /// per device in the draft, every difference (quantity, model, missing on one side) named.
    #[arg(long)]
    equipment: Vec<PathBuf>,
    /// Write the draft here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Write the extraction report (JSON: every value with its page and line) here.
    #[arg(long)]
    report: Option<PathBuf>,
}

/// The extraction report.
#[derive(Debug, Serialize)]
struct ExtractionReport<'a> {
    tool: &'static str,
    version: &'static str,
    source: String,
    sha256: String,
    recognised: &'a Recognised,
    /// The equipment lists read, with their SHA-256.
    lists: Vec<ListRef>,
    /// The draft's equipment schedule: the document's rows reconciled with the lists.
    equipment: &'a [Lot],
    /// Where the document and the lists differ, with both places.
    differences: &'a [Difference],
    cross_check: Vec<String>,
    /// What the PDF reader had to work around (damaged cross-reference table, permissions).
    warnings: &'a [String],
}

/// An equipment list as the report names it.
#[derive(Debug, Serialize)]
struct ListRef {
    file: String,
    sha256: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: Option<String>,
}

pub fn run(args: ExtractArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let name = args.file.display().to_string();
    let mut lists = Vec::new();
    for list in &args.equipment {
        match crate::tabular::read_equipment_list(list) {
            Ok(l) => lists.push(l),
            Err(problems) => {
                write_problems(err, &problems);
                return Ok(2);
            }
        }
    }
    let bytes = crate::ingest::attachment::open_regular(&args.file, &name)
        .and_then(|mut f| {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes)
                .map(|_| bytes)
                .map_err(|e| {
                    crate::diagnostic::Problem::file(&name, format!("could not be read: {e}"))
                })
        })
        .map_err(|p| Error::Input(vec![p]))?;
    let sha256 = crate::ingest::sha256_hex(&bytes);
    let exe = std::env::current_exe().map_err(|e| {
        Error::Usage(format!(
            "cannot find the anfang executable to run the PDF extractor: {e}"
        ))
    })?;
    let extractor = crate::pdf::Extractor::new(exe);
    // pdftotext (when installed) reads the file at the same time, for the cross-check.
    let (text, layout) = std::thread::scope(|scope| {
        let other = scope.spawn(|| crate::pdf::pdftotext_layout(&args.file));
        let text = extractor.extract(&args.file);
        (text, other.join().ok().flatten())
    });
    let text = text.map_err(|e| Error::Input(vec![e.to_problem(&name)]))?;
    for w in &text.warnings {
        let _ = writeln!(err, "{name}: warning: {w}");
    }
    let lines = lines_of(&text);
    let mut recognised = recognise(&lines);
    let mut cross_check = Vec::new();
    if let Some(layout) = layout {
        // Compare the numbers as written on the line (before unit conversion), ignoring the
        // spaces and thousands separators the two readers place differently.
        let squash = |t: &str| {
            t.chars()
                .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
                .collect::<String>()
        };
        let other = squash(&crate::pdf::normalise(&layout));
        for v in &recognised.values {
            if !v.value.is_number() {
                continue;
            }
            let line = squash(&v.from.text);
            let numbers: Vec<String> = line
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .filter(|n| n.chars().any(|c| c.is_ascii_digit()))
                .map(str::to_owned)
                .collect();
            if let Some(missing) = numbers.iter().find(|n| !other.contains(n.as_str())) {
                cross_check.push(format!(
                    "{} = {missing} (p.{} l.{}) does not appear in pdftotext's reading",
                    v.field, v.from.page, v.from.line
                ));
            }
        }
        for d in &cross_check {
            if let Some(v) = recognised
                .values
                .iter_mut()
                .find(|v| d.starts_with(&format!("{} =", v.field)))
            {
                v.review = Some("pdftotext reads this number differently".into());
            }
        }
    }
    let reconciled = reconcile(&name, &recognised.equipment, &lists);
    for d in &reconciled.differences {
        let _ = writeln!(err, "{name}: {}", d.message());
    }
    let draft = draft_yaml(&name, &sha256, &recognised, &reconciled.lots);
    let report = ExtractionReport {
        tool: "anfang",
        version: env!("CARGO_PKG_VERSION"),
        source: name.clone(),
        sha256,
        recognised: &recognised,
        lists: lists
            .iter()
            .map(|l| ListRef {
                file: l.file.clone(),
                sha256: l.sha256.clone(),
                sheet: l.sheet.clone(),
            })
            .collect(),
        equipment: &reconciled.lots,
        differences: &reconciled.differences,
        cross_check,
        warnings: &text.warnings,
    };
    let mut outputs = super::output::Outputs::reading(
        std::iter::once(args.file.as_path()).chain(args.equipment.iter().map(PathBuf::as_path)),
    );
    if let Some(path) = &args.output {
        outputs.claim(path, "--output")?;
    }
    if let Some(path) = &args.report {
        outputs.claim(path, "--report")?;
    }
    if let Some(path) = &args.report {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Error::Report(e.to_string()))? + "\n";
        crate::output::write_atomic(path, json.as_bytes())?;
    }
    match &args.output {
        Some(path) => crate::output::write_atomic(path, draft.as_bytes())?,
        None => {
            let _ = write!(out, "{draft}");
        }
    }
    let review = recognised
        .values
        .iter()
        .filter(|v| v.review.is_some())
        .count()
        + reconciled
            .lots
            .iter()
            .filter(|l| !l.review.is_empty())
            .count();
    let to_fill = crate::extract::draft::REQUIRED
        .iter()
        .filter(|(f, _)| !recognised.values.iter().any(|v| v.field == *f))
        .count()
        + reconciled
            .lots
            .iter()
            .filter(|l| l.item.name.trim().is_empty())
            .count();
    let with_lists = if lists.is_empty() {
        String::new()
    } else {
        format!(
            " ({} device lots with the {} rows of {} equipment list(s); {} differences between the document and the lists)",
            reconciled.lots.len(),
            lists.iter().map(|l| l.rows.len()).sum::<usize>(),
            lists.len(),
            reconciled.differences.len()
        )
    };
    let _ = writeln!(
        err,
        "{name}: {} values and {} equipment rows extracted from {} pages{with_lists}; {review} to review (待核实); {to_fill} to fill in (待填写); {} competing values listed; {} labelled lines not mapped",
        recognised.values.len(),
        recognised.equipment.len(),
        text.pages.len(),
        recognised.competing.len(),
        recognised.unmapped.len()
    );
    Ok(0)
}
