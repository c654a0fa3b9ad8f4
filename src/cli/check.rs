//! `anfang check` and `anfang validate`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::print::{PdfArgs, Printer};
use super::{
    AttachmentArgs, Format, StandardArgs, editions_for, parse_date, release, templates_from,
    write_notes, write_problems,
};
use crate::date::Date;
use crate::engine::{self, Options};
use crate::error::Error;
use crate::i18n::Lang;
use crate::report::template::Templates;
use crate::report::{self, ReportOptions};
use crate::validate::{Validated, validate as validate_document};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Submission files (.yaml, .yml, .json, .toml).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    standard: StandardArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    /// Write the report to this file (for several submissions: a folder).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The date waivers are judged on (YYYY-MM-DD; default today). Printed in every report.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    /// Print this date on the document (YYYY-MM-DD); reports carry no date unless asked.
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// A folder of templates that override the built-in ones (an authority's letterhead).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Terminal: show only these findings (comma-separated): fail, cannot-evaluate, waived,
    /// near-miss.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    only: Vec<crate::report::terminal::Show>,
    /// Terminal: print only the verdict and the counts.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    pdf: PdfArgs,
    #[command(flatten)]
    attachments: AttachmentArgs,
}

fn read(path: &Path) -> Result<Validated, Vec<crate::diagnostic::Problem>> {
    let doc = crate::ingest::read_document(path).map_err(|p| vec![p])?;
    validate_document(doc)
}

pub fn validate(files: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let (lang, _) = super::DIAGNOSTICS.with(std::cell::Cell::get);
    let mut code = 0;
    for (i, f) in files.iter().enumerate() {
        match read(f) {
            Ok(v) => {
                let name = &v.submission.project.name;
                let _ = match lang {
                    Lang::Zh => writeln!(out, "{}：通过（{name}）", f.display()),
                    Lang::En => writeln!(out, "{}: ok ({name})", f.display()),
                };
                release(v, i + 1 == files.len());
            }
            Err(problems) => {
                write_problems(err, &problems);
                let n = crate::diagnostic::thousands(problems.len());
                let _ = match lang {
                    Lang::Zh => writeln!(err, "{}：{n} 个问题", f.display()),
                    Lang::En => writeln!(err, "{}: {n} problem(s)", f.display()),
                };
                code = 2;
            }
        }
    }
    Ok(code)
}

/// Renders one report in a format; `doc_number` is the 文号 of the review opinion (default:
/// derived from the digests); `terminal` says what the terminal format shows.
pub fn render(
    format: Format,
    report: &report::Report,
    validated: &Validated,
    lang: Lang,
    templates: &Templates,
    doc_number: Option<&str>,
    terminal: &report::terminal::TerminalOptions,
) -> Result<String, Error> {
    match format {
        // The renderer neutralises the submission's text itself (its own colour codes stay).
        Format::Terminal => Ok(report::terminal::render(
            report,
            Some(&validated.document.source),
            Some(&validated.document.value),
            lang,
            terminal,
        )),
        Format::Json => serde_json::to_string_pretty(report)
            .map(|s| s + "\n")
            .map_err(|e| Error::Report(e.to_string())),
        Format::Markdown => {
            templates.render_opinion("review-opinion.md.j2", report, lang, doc_number)
        }
        Format::Html => {
            templates.render_opinion("review-opinion.html.j2", report, lang, doc_number)
        }
        Format::Pdf => Err(Error::Usage(
            "a PDF is binary: it is written to --output, not rendered as text".into(),
        )),
    }
}

pub fn run(
    args: CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: bool,
) -> Result<u8, Error> {
    let editions = editions_for(&args.standard)?;
    let terminal = report::terminal::TerminalOptions {
        only: args.only.clone(),
        quiet: args.quiet,
        color: color && args.output.is_none(),
    };
    let templates = templates_from(&args.templates)?;
    let policy = args.attachments.policy()?;
    let printer = match args.format {
        Format::Pdf => Some(Printer::new(
            &args.pdf,
            args.output.as_deref(),
            args.standard.lang,
            args.templates.clone(),
        )?),
        _ => None,
    };
    let several = args.files.len() > 1;
    if let (true, Some(o)) = (several, &args.output)
        && !o.is_dir()
    {
        return Err(Error::Usage(format!(
            "--output {}: with several submissions, give an existing folder",
            o.display()
        )));
    }
    let options = Options {
        as_of: args.as_of.unwrap_or_else(Date::today),
    };
    let mut outputs = super::output::Outputs::reading(args.files.iter().map(PathBuf::as_path));
    // Several inputs with one name get report names from their paths (`a/x.md`, `b/x.md`).
    let stems = crate::batch::inputs::distinct_stems(&args.files);
    let mut code = 0u8;
    // Design-document attachments are read by the PDF extractor, which runs this executable.
    let extractor = std::env::current_exe().ok().map(crate::pdf::Extractor::new);
    for (i, (file, stem)) in args.files.iter().zip(&stems).enumerate() {
        let validated = match read(file) {
            Ok(v) => v,
            Err(problems) => {
                write_problems(err, &problems);
                code = 2;
                continue;
            }
        };
        write_notes(err, &validated.notes);
        let (standard, reason) = editions
            .pick(
                validated.submission.project.filing_date.as_deref(),
                options.as_of,
                args.standard.edition.as_deref(),
            )
            .map_err(Error::Usage)?;
        let base_dir = file
            .parent()
            .map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf);
        let crosscheck =
            match crate::crosscheck::crosscheck(&validated, &base_dir, extractor.as_ref(), &policy)
            {
                Ok(d) => d,
                Err(problems) => {
                    write_problems(err, &problems);
                    code = 2;
                    continue;
                }
            };
        let report_options = ReportOptions {
            date: args.date.map(|d| d.to_string()),
            edition_reason: Some(reason),
            crosscheck: crosscheck.clone(),
        };
        let mut evaluation = engine::evaluate(standard, &validated.document.value, options);
        // Data that disagrees with its own attachments cannot be relied on: at least 需补正.
        if !crosscheck.is_empty() && evaluation.verdict < engine::Verdict::Incomplete {
            evaluation.verdict = engine::Verdict::Incomplete;
        }
        let report = report::build(standard, &validated, &evaluation, &report_options);
        let bytes = match &printer {
            Some(p) => {
                let number = p.document_number(&report);
                p.print(
                    crate::print::PrintDocument::REVIEW_OPINION,
                    &crate::print::review_opinion_data(&report, &number, args.standard.lang),
                    Some(&validated),
                )?
            }
            None => render(
                args.format,
                &report,
                &validated,
                args.standard.lang,
                &templates,
                args.pdf.doc_number.as_deref(),
                &terminal,
            )?
            .into_bytes(),
        };
        match &args.output {
            None => {
                let _ = out.write_all(&bytes);
            }
            Some(o) => {
                let target = if several || o.is_dir() {
                    o.join(format!("{stem}.{}", args.format.extension()))
                } else {
                    o.clone()
                };
                outputs.claim(&target, "--output")?;
                if let Some(folder) = target.parent() {
                    std::fs::create_dir_all(folder).map_err(|error| Error::Write {
                        path: folder.display().to_string(),
                        error,
                    })?;
                }
                crate::output::write_atomic(&target, &bytes)?;
            }
        }
        code = code.max(evaluation.verdict.exit_code());
        release((validated, evaluation, report), i + 1 == args.files.len());
    }
    Ok(code)
}
