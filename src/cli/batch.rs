//! `anfang batch`: every submission of a district, checked in parallel against one compiled
//! standard, one report each, and the authority's summary (dashboard, CSV, JSON).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;
use rayon::prelude::*;

use super::{AttachmentArgs, Format, StandardArgs, editions_for, parse_date, templates_from};
use crate::batch::inputs::{Input, discover};
use crate::batch::manifest::{self, Entry, Manifest};
use crate::batch::summary::{Row, Summary, csv, summarise};
use crate::date::Date;
use crate::diagnostic::Problem;
use crate::engine::{self, Options};
use crate::error::Error;
use crate::i18n::Lang;
use crate::ingest::{Format as InputFormat, MAX_SUBMISSION_BYTES, Source};
use crate::report::template::Templates;
use crate::report::{self, Report, ReportOptions};
use crate::standard::Editions;

/// Checks a district's submissions and writes one report each plus the summary.
///
/// Writes into OUTDIR: `reports/…` (one report per submission; the input's folders are
/// mirrored), `summary.json`, `summary.csv` (UTF-8 with BOM, for Excel) and `dashboard.html`
/// (self-contained: verdicts by county and township, the most-failed rules, failures by
/// category, waivers in use and expiring). A file that cannot be checked is listed as an error
/// and the rest are still checked. Running again into the same OUTDIR reuses every report whose
/// input, attachments, standard and options are unchanged (`--fresh` checks everything again).
///
/// Exit code: 2 if any input could not be checked, else 1 if any submission is not compliant
/// (基本通过 / 需补正 / 不通过), else 0.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Folders (walked recursively for .yaml, .yml, .json and .toml; hidden entries and
    /// *.schema.json skipped) and submission files.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// The output folder (created if missing).
    #[arg(long, short)]
    output: PathBuf,
    #[command(flatten)]
    standard: StandardArgs,
    /// Format of the per-submission reports.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The date waivers are judged on (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    /// Print this date on the documents (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// A folder of templates that override the built-in ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Worker threads (default: RAYON_NUM_THREADS, else one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Check every submission again, ignoring reports of an earlier run.
    #[arg(long)]
    fresh: bool,
    /// Name each submission on standard error as it is checked or reused.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    attachments: AttachmentArgs,
}

/// Everything a worker shares: the compiled standard editions, options and the journal.
struct Context<'a> {
    editions: &'a Editions,
    args: &'a BatchArgs,
    options: Options,
    templates: Templates,
    extractor: Option<crate::pdf::Extractor>,
    policy: crate::ingest::attachment::Policy,
    key: String,
    manifest: Manifest,
}

enum Done {
    Checked(Box<Entry>),
    Reused(Box<Entry>),
    Failed(Box<Row>, Vec<Problem>),
}

/// How a submission's attachments are read: design documents by the PDF extractor, and only
/// where the policy allows.
#[derive(Clone, Copy)]
pub(crate) struct AttachmentReaders<'a> {
    pub extractor: Option<&'a crate::pdf::Extractor>,
    pub policy: &'a crate::ingest::attachment::Policy,
}

/// Checks one submission already read into a report (shared with `anfang diff`).
pub(crate) fn check_source(
    source: Source,
    path: &Path,
    editions: &Editions,
    options: Options,
    edition: Option<&str>,
    date: Option<Date>,
    attachments: AttachmentReaders<'_>,
) -> Result<(Report, crate::validate::Validated), Vec<Problem>> {
    let format = InputFormat::from_path(path).ok_or_else(|| {
        vec![
            Problem::file(&source.name, "cannot tell the file's format from its name")
                .hint("name submissions *.yaml, *.yml, *.json or *.toml"),
        ]
    })?;
    let doc = crate::ingest::parse(source, format).map_err(|p| vec![p])?;
    let validated = crate::validate::validate(doc)?;
    check_validated(
        validated,
        path,
        editions,
        options,
        edition,
        date,
        attachments,
    )
}

/// Checks one validated submission at `path` (its attachments are read relative to its folder);
/// shared with `anfang serve`, which validates first to confine attachment paths.
pub(crate) fn check_validated(
    validated: crate::validate::Validated,
    path: &Path,
    editions: &Editions,
    options: Options,
    edition: Option<&str>,
    date: Option<Date>,
    attachments: AttachmentReaders<'_>,
) -> Result<(Report, crate::validate::Validated), Vec<Problem>> {
    let (standard, reason) = editions
        .pick(
            validated.submission.project.filing_date.as_deref(),
            options.as_of,
            edition,
        )
        .map_err(|m| vec![Problem::file(path.display().to_string(), m)])?;
    let base_dir = path
        .parent()
        .map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf);
    let crosscheck = crate::crosscheck::crosscheck(
        &validated,
        &base_dir,
        attachments.extractor,
        attachments.policy,
    )?;
    let report_options = ReportOptions {
        date: date.map(|d| d.to_string()),
        edition_reason: Some(reason),
        crosscheck: crosscheck.clone(),
    };
    let mut evaluation = engine::evaluate(standard, &validated.document.value, options);
    if !crosscheck.is_empty() && evaluation.verdict < engine::Verdict::Incomplete {
        evaluation.verdict = engine::Verdict::Incomplete;
    }
    let report = report::build(standard, &validated, &evaluation, &report_options);
    Ok((report, validated))
}

fn problems_text(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn process(input: &Input, ctx: &Context<'_>) -> Done {
    let fail = |sha: Option<String>, problems: Vec<Problem>| {
        Done::Failed(
            Box::new(Row::error(&input.name, sha, problems_text(&problems))),
            problems,
        )
    };
    let source = match Source::read(&input.path, MAX_SUBMISSION_BYTES) {
        Ok(s) => s,
        Err(p) => return fail(None, vec![p]),
    };
    let sha = source.sha256.clone();
    let outdir = &ctx.args.output;
    if let Some(row) = ctx.manifest.reusable(outdir, &input.name, &sha, &ctx.key)
        && let Some(previous) = ctx.manifest.previous(&input.name)
    {
        return Done::Reused(Box::new(Entry {
            row,
            ..previous.clone()
        }));
    }
    let checked = check_source(
        source,
        &input.path,
        ctx.editions,
        ctx.options,
        ctx.args.standard.edition.as_deref(),
        ctx.args.date,
        AttachmentReaders {
            extractor: ctx.extractor.as_ref(),
            policy: &ctx.policy,
        },
    );
    let (report, validated) = match checked {
        Ok(r) => r,
        Err(problems) => return fail(Some(sha), problems),
    };
    let rendered = super::check::render(
        ctx.args.format,
        &report,
        &validated,
        ctx.args.standard.lang,
        &ctx.templates,
        None,
        &crate::report::terminal::TerminalOptions::default(),
    );
    let text = match rendered {
        Ok(t) => t,
        Err(e) => return fail(Some(sha), e.problems()),
    };
    let file = format!("{}.{}", input.report, ctx.args.format.extension());
    let target = outdir.join(&file);
    if let Err(e) = super::output::Outputs::reading([input.path.as_path()]).claim(&target, "report")
    {
        return fail(Some(sha), e.problems());
    }
    let written = target
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .map_err(|error| Error::Write {
            path: target.display().to_string(),
            error,
        })
        .and_then(|()| crate::output::write_atomic_unsynced(&target, text.as_bytes()));
    if let Err(e) = written {
        return fail(Some(sha), e.problems());
    }
    let entry = Entry {
        path: input.name.clone(),
        sha256: sha,
        key: ctx.key.clone(),
        attachments: manifest::attachment_files(
            &validated.document.value,
            &input.path,
            &ctx.policy,
        ),
        report_sha256: crate::ingest::sha256_hex(text.as_bytes()),
        row: Row::checked(&input.name, &file, &report),
    };
    ctx.manifest.record(&entry);
    Done::Checked(Box::new(entry))
}

/// The run key: tool version, every edition's digest, and the options a report depends on.
fn run_key(args: &BatchArgs, editions: &Editions, options: Options) -> String {
    let mut parts: Vec<String> = vec![
        env!("CARGO_PKG_VERSION").to_owned(),
        format!("{:?}", args.format),
        format!("{:?}", args.standard.lang),
        options.as_of.to_string(),
        args.date.map(|d| d.to_string()).unwrap_or_default(),
        args.standard.edition.clone().unwrap_or_default(),
    ];
    parts.extend(
        editions
            .list
            .iter()
            .map(|s| format!("{} {} {}", s.id, s.edition, s.sha256)),
    );
    if let Some(dir) = &args.templates {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        parts.extend(
            files
                .iter()
                .map(|f| format!("{} {}", f.display(), manifest::file_digest(f))),
        );
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    manifest::run_key(&refs)
}

pub fn run(args: BatchArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let editions = editions_for(&args.standard)?;
    let templates = templates_from(&args.templates)?;
    if args.format == Format::Pdf {
        return Err(Error::Usage(
            "batch writes text reports (terminal, json, markdown, html); for printable opinions run \
             `anfang check FILES… --format pdf --output DIR`"
                .into(),
        ));
    }
    if args.output.exists() && !args.output.is_dir() {
        return Err(Error::Usage(format!(
            "--output {}: exists and is not a folder; give a folder for the reports and summary",
            args.output.display()
        )));
    }
    std::fs::create_dir_all(&args.output).map_err(|error| Error::Write {
        path: args.output.display().to_string(),
        error,
    })?;
    if args.jobs == Some(0) {
        return Err(Error::Usage("--jobs 0: give at least one thread".into()));
    }
    let reports = args.output.join("reports");
    if reports.exists() && !reports.is_dir() {
        return Err(Error::Usage(format!(
            "--output {}: {} is a file, but anfang keeps the batch's reports in that folder; \
             move or delete the file (or give another --output)",
            args.output.display(),
            reports.display()
        )));
    }
    let inputs = discover(&args.inputs, Some(&args.output));
    // The summary never overwrites a submission given by name.
    let mut outputs = super::output::Outputs::reading(inputs.iter().map(|i| i.path.as_path()));
    for name in ["summary.json", "summary.csv", "dashboard.html"] {
        outputs.claim(&args.output.join(name), "--output")?;
    }
    if inputs.is_empty() {
        return Err(Error::Usage(format!(
            "no submissions (.yaml, .yml, .json, .toml) found in {}",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let options = Options {
        as_of: args.as_of.unwrap_or_else(Date::today),
    };
    let ctx = Context {
        editions: &editions,
        key: run_key(&args, &editions, options),
        manifest: Manifest::open(&args.output, args.fresh)?,
        args: &args,
        options,
        templates,
        extractor: std::env::current_exe().ok().map(crate::pdf::Extractor::new),
        policy: args.attachments.policy()?,
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        let per_second = if args.standard.lang == Lang::Zh {
            "份/秒"
        } else {
            "/s"
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} {rate} ETA {eta}",
        ) {
            // A whole number of submissions per second, not indicatif's four decimals.
            let style = style.with_key(
                "rate",
                move |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}{per_second}", state.per_sec());
                },
            );
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let reused = AtomicUsize::new(0);
    let verbose = args.verbose;
    let work = || -> Vec<Done> {
        inputs
            .par_iter()
            .map(|input| {
                let done = process(input, &ctx);
                if matches!(done, Done::Reused(_)) {
                    reused.fetch_add(1, Ordering::Relaxed);
                }
                if verbose {
                    let what = match &done {
                        Done::Checked(_) => "checked",
                        Done::Reused(_) => "reused",
                        Done::Failed(..) => "could not check",
                    };
                    // stderr is not locked by the caller (src/main.rs), so workers may write.
                    bar.suspend(|| eprintln!("{what}: {}", input.name));
                }
                bar.inc(1);
                done
            })
            .collect()
    };
    let results = match args.jobs {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| Error::Usage(format!("--jobs {n}: {e}")))?
            .install(work),
        None => work(),
    };
    bar.finish_and_clear();
    let mut rows = Vec::with_capacity(results.len());
    let mut entries = Vec::new();
    let (mut checked, mut failed) = (0usize, 0usize);
    for done in results {
        match done {
            Done::Checked(e) => {
                checked += 1;
                rows.push(e.row.clone());
                entries.push(*e);
            }
            Done::Reused(e) => {
                rows.push(e.row.clone());
                entries.push(*e);
            }
            Done::Failed(row, problems) => {
                failed += 1;
                super::write_problems(err, &problems);
                rows.push(*row);
            }
        }
    }
    let summary = summarise(rows, options.as_of, args.date.map(|d| d.to_string()));
    write_summary(&summary, &args.output, &ctx.templates, args.standard.lang)?;
    let Context { manifest, .. } = ctx;
    manifest.finish(entries)?;
    let v = &summary.totals.verdicts;
    let line = match args.standard.lang {
        Lang::Zh => format!(
            "申报 {} 份（{} 个项目）：检查 {checked} 份，沿用 {} 份，{failed} 份无法检查；通过 {}，基本通过 {}，需补正 {}，不通过 {} → {}",
            summary.totals.submissions,
            summary.totals.projects,
            reused.load(Ordering::Relaxed),
            v.pass,
            v.conditional,
            v.incomplete,
            v.fail,
            args.output.join("dashboard.html").display()
        ),
        Lang::En => format!(
            "{} submissions ({} projects): {checked} checked, {} reused, {failed} could not be checked; pass {}, conditional {}, incomplete {}, fail {} → {}",
            summary.totals.submissions,
            summary.totals.projects,
            reused.load(Ordering::Relaxed),
            v.pass,
            v.conditional,
            v.incomplete,
            v.fail,
            args.output.join("dashboard.html").display()
        ),
    };
    let _ = writeln!(out, "{line}");
    for d in &summary.duplicate_ids {
        let _ = writeln!(
            out,
            "{}",
            match args.standard.lang {
                Lang::Zh => format!(
                    "注意：项目编号 {} 出现在 {} 份申报中（{}），仪表板按最新一份计入项目表",
                    d.id,
                    d.paths.len(),
                    d.paths.join("、")
                ),
                Lang::En => format!(
                    "note: project id {} is carried by {} submissions ({}); the dashboard's project table counts the latest",
                    d.id,
                    d.paths.len(),
                    d.paths.join(", ")
                ),
            }
        );
    }
    Ok(summary.exit_code)
}

/// Writes `summary.json`, `summary.csv` and `dashboard.html`, each atomically.
pub fn write_summary(
    summary: &Summary,
    outdir: &Path,
    templates: &Templates,
    lang: Lang,
) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(summary)
        .map(|s| s + "\n")
        .map_err(|e| Error::Report(e.to_string()))?;
    crate::output::write_atomic(&outdir.join("summary.json"), json.as_bytes())?;
    let table = csv(summary).map_err(Error::Report)?;
    crate::output::write_atomic(&outdir.join("summary.csv"), &table)?;
    let html = templates.render_data("dashboard.html.j2", summary, lang)?;
    crate::output::write_atomic(&outdir.join("dashboard.html"), html.as_bytes())
}
