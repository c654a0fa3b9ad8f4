//! `anfang checklist` and `anfang accept`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::print::{PdfArgs, Printer};
use super::{StandardArgs, editions_for, parse_date, templates_from, write_problems};
use crate::acceptance::assess::{AcceptanceRecord, AssessError, AssessOptions};
use crate::acceptance::{self, Checklist, evidence, sheet};
use crate::date::Date;
use crate::error::Error;
use crate::i18n::Lang;
use crate::report::template::Templates;
use crate::standard::CompiledStandard;
use crate::validate::{Validated, validate as validate_document};

/// Formats of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    /// A printable page (self-contained HTML).
    Html,
    /// A fillable workbook, read back by `anfang accept`.
    Xlsx,
    /// A fillable CSV (UTF-8 with BOM), read back by `anfang accept`.
    Csv,
    /// The checklist as JSON.
    Json,
    /// A printable PDF (A4 landscape; needs the `pdf` feature and --output).
    Pdf,
}

/// Formats of the acceptance record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AcceptFormat {
    /// The conclusion, scores, deviations and the rectification list.
    Terminal,
    /// The acceptance record as JSON (`--previous` reads it back for a re-inspection).
    Json,
    /// The acceptance record and opinion in Markdown.
    Markdown,
    /// The acceptance record and opinion as a self-contained HTML page.
    Html,
    /// The acceptance record and opinion as a printable PDF (needs the `pdf` feature and
    /// --output).
    Pdf,
}

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// The approved design (a submission: .yaml, .yml, .json, .toml).
    design: PathBuf,
    #[command(flatten)]
    standard: StandardArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ChecklistFormat::Html)]
    format: ChecklistFormat,
    /// Write it to this file (required for xlsx).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Print this date on the document (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// A folder of templates that override the built-in ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    #[command(flatten)]
    pdf: PdfArgs,
}

#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The approved design the works were built to.
    #[arg(long)]
    design: PathBuf,
    /// What was found: the filled checklist (.xlsx or .csv) or an as-built submission (.yaml,
    /// .json, .toml with `acceptance:` evidence).
    #[arg(long = "as-built", value_name = "INSPECTION")]
    as_built: PathBuf,
    /// The JSON record of an earlier acceptance of the same design: the result shows what was
    /// rectified, what is still open and what regressed (整改后复验).
    #[arg(long)]
    previous: Option<PathBuf>,
    #[command(flatten)]
    standard: StandardArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AcceptFormat::Terminal)]
    format: AcceptFormat,
    /// Write the record to this file.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The date waivers are judged on (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    /// Print this date on the document (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// The rectification deadline to print (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    deadline: Option<Date>,
    /// A folder of templates that override the built-in ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    #[command(flatten)]
    pdf: PdfArgs,
}

fn read_design(path: &Path) -> Result<Validated, Error> {
    let doc = crate::ingest::read_document(path).map_err(|p| Error::Input(vec![p]))?;
    validate_document(doc).map_err(Error::Input)
}

fn standard_for<'a>(
    editions: &'a crate::standard::Editions,
    args: &StandardArgs,
    design: &Validated,
    as_of: Date,
) -> Result<(&'a CompiledStandard, crate::i18n::Text), Error> {
    editions
        .pick(
            design.submission.project.filing_date.as_deref(),
            as_of,
            args.edition.as_deref(),
        )
        .map_err(Error::Usage)
}

fn build_checklist(
    args: &StandardArgs,
    design: &Validated,
    as_of: Date,
    date: Option<Date>,
) -> Result<(CompiledStandard, Checklist), Error> {
    let editions = editions_for(args)?;
    let (standard, reason) = standard_for(&editions, args, design, as_of)?;
    let checklist =
        acceptance::checklist::build(standard, design, reason, date.map(|d| d.to_string()))
            .map_err(|e| Error::Usage(e.0))?;
    Ok((standard.clone(), checklist))
}

/// Writes to `--output` (never over one of `inputs`) or standard output.
fn emit(
    output: &Option<PathBuf>,
    inputs: &[&Path],
    bytes: &[u8],
    out: &mut dyn Write,
) -> Result<(), Error> {
    match output {
        Some(path) => {
            super::output::Outputs::reading(inputs.iter().copied()).claim(path, "--output")?;
            crate::output::write_atomic(path, bytes)
        }
        None => {
            let _ = out.write_all(bytes);
            Ok(())
        }
    }
}

pub fn checklist(args: ChecklistArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let templates = templates_from(&args.templates)?;
    if args.format == ChecklistFormat::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a workbook: give --output FILE.xlsx".into(),
        ));
    }
    let printer = match args.format {
        ChecklistFormat::Pdf => Some(Printer::new(
            &args.pdf,
            args.output.as_deref(),
            args.standard.lang,
            args.templates.clone(),
        )?),
        _ => None,
    };
    let design = read_design(&args.design)?;
    let (_, checklist) = build_checklist(&args.standard, &design, Date::today(), args.date)?;
    let lang = args.standard.lang;
    let bytes = match args.format {
        ChecklistFormat::Html => templates
            .render_document("checklist.html.j2", &checklist, lang)?
            .into_bytes(),
        ChecklistFormat::Json => serde_json::to_string_pretty(&checklist)
            .map(|s| s + "\n")
            .map_err(|e| Error::Report(e.to_string()))?
            .into_bytes(),
        ChecklistFormat::Csv => sheet::to_csv(&checklist, lang).map_err(Error::Report)?,
        ChecklistFormat::Xlsx => sheet::to_xlsx(&checklist, lang).map_err(Error::Report)?,
        ChecklistFormat::Pdf => {
            let Some(printer) = &printer else {
                return Err(Error::Usage(crate::print::NOT_BUILT.into()));
            };
            let number = args.pdf.doc_number.clone().unwrap_or_else(|| {
                let digest = crate::ingest::sha256_hex(
                    format!("{}{}", checklist.standard.sha256, checklist.design.sha256).as_bytes(),
                );
                format!("HC-{}-{}", design.submission.project.id, &digest[..8])
            });
            let data = serde_json::json!({
                "checklist": checklist,
                "doc_number": number,
                "names": print_names(&checklist.design.path, &checklist.project, args.standard.lang),
            });
            printer.print(crate::print::PrintDocument::CHECKLIST, &data, Some(&design))?
        }
    };
    emit(&args.output, &[args.design.as_path()], &bytes, out)?;
    Ok(0)
}

/// Reads the inspection: a filled checklist (.csv / .xlsx) or an as-built submission.
fn read_inspection(path: &Path, checklist: &Checklist) -> Result<evidence::Evidence, Error> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if matches!(ext.as_str(), "csv" | "xlsx") {
        let table = crate::tabular::read_text_table(path).map_err(Error::Input)?;
        evidence::from_table(&table, checklist).map_err(Error::Input)
    } else {
        let as_built = read_design(path)?;
        Ok(evidence::from_as_built(as_built, checklist))
    }
}

/// Renders the acceptance record.
pub fn render_record(
    format: AcceptFormat,
    record: &AcceptanceRecord,
    lang: Lang,
    templates: &Templates,
) -> Result<String, Error> {
    match format {
        AcceptFormat::Terminal => {
            Ok(crate::sanitize::terminal(&terminal(record, lang)).into_owned())
        }
        AcceptFormat::Json => serde_json::to_string_pretty(record)
            .map(|s| s + "\n")
            .map_err(|e| Error::Report(e.to_string())),
        AcceptFormat::Markdown => templates.render_document("acceptance.md.j2", record, lang),
        AcceptFormat::Html => templates.render_document("acceptance.html.j2", record, lang),
        AcceptFormat::Pdf => Err(Error::Usage(
            "a PDF is rendered by the printer, not as text".into(),
        )),
    }
}

pub fn accept(args: AcceptArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let templates = templates_from(&args.templates)?;
    let printer = match args.format {
        AcceptFormat::Pdf => Some(Printer::new(
            &args.pdf,
            args.output.as_deref(),
            args.standard.lang,
            args.templates.clone(),
        )?),
        _ => None,
    };
    let as_of = args.as_of.unwrap_or_else(Date::today);
    let design = read_design(&args.design)?;
    let (standard, checklist) = build_checklist(&args.standard, &design, as_of, args.date)?;
    let evidence = match read_inspection(&args.as_built, &checklist) {
        Ok(e) => e,
        Err(e) => {
            write_problems(err, &e.problems());
            return Ok(2);
        }
    };
    let options = AssessOptions {
        as_of,
        date: args.date.map(|d| d.to_string()),
        deadline: args.deadline.map(|d| d.to_string()),
        document_number: args.pdf.doc_number.clone(),
    };
    let record = match acceptance::assess(
        &standard,
        &design,
        &checklist,
        &evidence,
        args.previous.as_deref(),
        &options,
    ) {
        Ok(r) => r,
        Err(AssessError::Input(problems)) => return Err(Error::Input(problems)),
        Err(AssessError::Standard(m)) => return Err(Error::Usage(m)),
    };
    let bytes = match &printer {
        Some(printer) => {
            let data = serde_json::json!({
                "record": record,
                "doc_number": record.document_number,
                "names": print_names(&record.design.path, &record.project, args.standard.lang),
            });
            printer.print(
                crate::print::PrintDocument::ACCEPTANCE,
                &data,
                Some(&design),
            )?
        }
        None => render_record(args.format, &record, args.standard.lang, &templates)?.into_bytes(),
    };
    let mut inputs = vec![args.design.as_path(), args.as_built.as_path()];
    inputs.extend(args.previous.as_deref());
    emit(&args.output, &inputs, &bytes, out)?;
    Ok(record.conclusion().exit_code())
}

/// The acceptance record for a terminal.
fn terminal(r: &AcceptanceRecord, lang: Lang) -> String {
    use std::fmt::Write as _;
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let name = r.project.get("name").and_then(|v| v.as_str()).unwrap_or("");
    let _ = writeln!(
        s,
        "{} {} — {} {}",
        if zh { "竣工验收" } else { "Acceptance" },
        name,
        r.standard.id,
        r.standard.edition
    );
    let _ = writeln!(
        s,
        "{}: {}",
        if zh { "结论" } else { "conclusion" },
        r.conclusion_label.get(lang)
    );
    for reason in &r.reasons {
        let _ = writeln!(s, "  - {}", reason.get(lang));
    }
    for p in &r.parts {
        let _ = writeln!(
            s,
            "  {:<10} {} {}/{}  ({} {}, {} {}, {} {})",
            p.label.get(lang),
            p.ratio_text,
            p.passed,
            p.counted,
            p.failed,
            if zh { "不合格" } else { "failed" },
            p.not_checked,
            if zh { "未核查" } else { "not checked" },
            p.not_applicable,
            if zh { "不适用" } else { "n/a" },
        );
    }
    if !r.deviations.is_empty() {
        let _ = writeln!(
            s,
            "{} ({}):",
            if zh {
                "与设计的偏差"
            } else {
                "deviations"
            },
            r.deviations.len()
        );
        for d in &r.deviations {
            let _ = writeln!(
                s,
                "  {} {}: {}  [{}]",
                d.label.get(lang),
                d.subject,
                d.detail.get(lang),
                d.at
            );
        }
    }
    let bad: Vec<_> = r
        .items
        .iter()
        .filter(|i| {
            matches!(
                i.status,
                acceptance::score::Status::Fail | acceptance::score::Status::NotChecked
            )
        })
        .collect();
    if !bad.is_empty() {
        let _ = writeln!(
            s,
            "{} ({}):",
            if zh {
                "不合格及未核查"
            } else {
                "failed or not checked"
            },
            bad.len()
        );
        for i in bad {
            let _ = writeln!(
                s,
                "  {}{} {} — {}{}{}",
                i.item.id,
                if i.item.mandatory { "★" } else { "" },
                i.status_label.get(lang),
                i.item.item.get(lang),
                i.item
                    .location_name
                    .as_ref()
                    .map(|l| format!(" ({l})"))
                    .unwrap_or_default(),
                i.note
                    .as_ref()
                    .map(|n| format!(": {}", n.get(lang)))
                    .unwrap_or_default(),
            );
        }
    }
    if let Some(q) = &r.reinspection {
        let _ = writeln!(
            s,
            "{}: {} {}, {} {}, {} {}",
            if zh { "复验" } else { "re-inspection" },
            q.rectified.len(),
            if zh { "项已整改" } else { "rectified" },
            q.still_open.len(),
            if zh { "项仍未整改" } else { "still open" },
            q.regressed.len(),
            if zh {
                "项新出现问题"
            } else {
                "regressed"
            },
        );
    }
    let _ = writeln!(
        s,
        "{}: {}",
        if zh { "文号" } else { "document" },
        r.document_number
    );
    s
}

/// What the printed documents show instead of ids and paths: the protection level's label and
/// each input's file name.
fn print_names(design: &str, project: &serde_json::Value, lang: Lang) -> serde_json::Value {
    let level = project
        .get("protection_level")
        .and_then(|v| v.as_str())
        .map(|id| {
            crate::model::labels::labels()
                .value_of(Some("project.protection_level"), id)
                .map_or_else(|| id.to_owned(), |t| t.get(lang).to_owned())
        });
    serde_json::json!({
        "protection_level": level,
        "design": crate::report::words::file_name(design),
    })
}
