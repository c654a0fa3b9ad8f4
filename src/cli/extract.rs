//! `anfang extract`: a design document (PDF) and equipment lists → a draft submission.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::write_problems;
use crate::error::Error;
use crate::extract::{Recognised, TableRow, draft_yaml, lines_of, recognise};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The design document (PDF).
    file: PathBuf,
    /// Equipment lists (.csv, .xlsx) whose rows join the draft's equipment schedule.
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
    cross_check: Vec<String>,
}

pub fn run(args: ExtractArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let name = args.file.display().to_string();
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
    for list in &args.equipment {
        match crate::tabular::read_equipment_list(list) {
            Ok(l) => {
                for r in l.rows {
                    recognised.equipment.push(TableRow {
                        name: r.name,
                        model: r.model,
                        quantity: r.quantity,
                        unit: r.unit,
                        location: r.location,
                        remark: r.remark,
                        from: crate::extract::Provenance {
                            page: 0,
                            line: r.row.line,
                            text: r.row.file.clone(),
                        },
                        review: None,
                    });
                }
            }
            Err(problems) => {
                write_problems(err, &problems);
                return Ok(2);
            }
        }
    }
    let draft = draft_yaml(&name, &sha256, &recognised);
    let report = ExtractionReport {
        tool: "anfang",
        version: env!("CARGO_PKG_VERSION"),
        source: name.clone(),
        sha256,
        recognised: &recognised,
        cross_check,
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
        + recognised
            .equipment
            .iter()
            .filter(|r| r.review.is_some())
            .count();
    let _ = writeln!(
        err,
        "{name}: {} values and {} equipment rows extracted from {} pages; {review} to review; {} labelled lines not mapped",
        recognised.values.len(),
        recognised.equipment.len(),
        text.pages.len(),
        recognised.unmapped.len()
    );
    Ok(0)
}
