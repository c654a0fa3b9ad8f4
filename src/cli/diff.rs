//! `anfang diff`: the resubmission delta between two rounds of a review.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Format, StandardArgs, editions_for, parse_date, templates_from};
use crate::date::Date;
use crate::diff::{Delta, Group, ReportView, delta, group};
use crate::engine::Options;
use crate::error::Error;
use crate::i18n::Lang;
use crate::ingest::{MAX_SUBMISSION_BYTES, Source};

/// Compares two rounds of one submission: fixed, still failing, newly failing, changed waivers.
///
/// OLD and NEW are JSON reports written by `anfang check --format json`, or submissions (both
/// are then checked with the same standard). The two rounds must have been checked against the
/// same standard edition (same digest) unless `--allow-different-standard` is given, and be
/// rounds of one project (same `project.id`) unless `--allow-different-project`; the header
/// then says so. Exit code: 0 when the new round passes, 1 when it does not, 2 on an input or
/// usage error.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier round: a JSON report or a submission.
    old: PathBuf,
    /// The later round: a JSON report or a submission.
    new: PathBuf,
    #[command(flatten)]
    standard: StandardArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    /// Write the delta to this file.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The date waivers are judged on when submissions are given (default today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
    /// Compare rounds checked against different standards or editions.
    #[arg(long)]
    allow_different_standard: bool,
    /// Compare rounds of two different projects (different `project.id`).
    #[arg(long)]
    allow_different_project: bool,
    /// A folder of templates that override the built-in ones.
    #[arg(long)]
    templates: Option<PathBuf>,
    #[command(flatten)]
    pdf: super::print::PdfArgs,
    #[command(flatten)]
    attachments: super::AttachmentArgs,
}

/// Reads one round: a JSON report as is, a submission by checking it.
fn round(path: &Path, args: &DiffArgs) -> Result<ReportView, Error> {
    let source = Source::read(path, MAX_SUBMISSION_BYTES).map_err(|p| Error::Input(vec![p]))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(&source.text)
        && value
            .get("format")
            .and_then(|f| f.as_str())
            .is_some_and(|f| f.starts_with("anfang-report/"))
    {
        return serde_json::from_value(value).map_err(|e| {
            Error::Input(vec![
                crate::diagnostic::Problem::file(
                    &source.name,
                    format!("is an anfang report but cannot be read: {e}"),
                )
                .hint("compare reports written by `anfang check --format json` of this version"),
            ])
        });
    }
    let editions = editions_for(&args.standard)?;
    let options = Options {
        as_of: args.as_of.unwrap_or_else(Date::today),
    };
    let extractor = std::env::current_exe().ok().map(crate::pdf::Extractor::new);
    let (report, _) = super::batch::check_source(
        source,
        path,
        &editions,
        options,
        args.standard.edition.as_deref(),
        None,
        super::batch::AttachmentReaders {
            extractor: extractor.as_ref(),
            policy: &args.attachments.policy()?,
        },
    )
    .map_err(Error::Input)?;
    serde_json::to_value(&report)
        .and_then(serde_json::from_value)
        .map_err(|e| Error::Report(e.to_string()))
}

pub fn run(args: DiffArgs, out: &mut dyn Write, _err: &mut dyn Write) -> Result<u8, Error> {
    let templates = templates_from(&args.templates)?;
    let printer = match args.format {
        Format::Pdf => Some(super::print::Printer::new(
            &args.pdf,
            args.output.as_deref(),
            args.standard.lang,
            args.templates.clone(),
        )?),
        _ => None,
    };
    let old = round(&args.old, &args)?;
    let new = round(&args.new, &args)?;
    let project_id = |r: &ReportView| {
        r.project
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    if project_id(&old) != project_id(&new) && !args.allow_different_project {
        return Err(Error::Usage(format!(
            "the two rounds are of different projects: {} is project `{}`, {} is project `{}`; \
             compare two rounds of one project, or pass --allow-different-project to compare them anyway",
            args.old.display(),
            project_id(&old),
            args.new.display(),
            project_id(&new)
        )));
    }
    if old.standard != new.standard && !args.allow_different_standard {
        let name = |s: &crate::diff::StandardView| {
            format!("{} edition {} (SHA-256 {})", s.id, s.edition, s.sha256)
        };
        return Err(Error::Usage(format!(
            "the two rounds were checked against different standards: {} was checked against {}, {} against {}; \
             check both with the same standard, or pass --allow-different-standard to compare them anyway",
            args.old.display(),
            name(&old.standard),
            args.new.display(),
            name(&new.standard)
        )));
    }
    let d = delta(
        &crate::batch::inputs::display_name(&args.old),
        &old,
        &crate::batch::inputs::display_name(&args.new),
        &new,
    );
    let lang = args.standard.lang;
    let text = match args.format {
        Format::Terminal => crate::sanitize::terminal(&terminal(&d, lang)).into_owned(),
        Format::Json => serde_json::to_string_pretty(&d)
            .map(|s| s + "\n")
            .map_err(|e| Error::Report(e.to_string()))?,
        Format::Markdown => templates.render_data("delta.md.j2", &document(&d), lang)?,
        Format::Html => templates.render_data("delta.html.j2", &document(&d), lang)?,
        Format::Pdf => {
            let bytes = match &printer {
                Some(p) => p.print(
                    crate::print::PrintDocument::DELTA,
                    &serde_json::json!({
                        "delta": document(&d),
                        "doc_number": delta_number(&d),
                    }),
                    None,
                )?,
                None => return Err(Error::Usage(crate::print::NOT_BUILT.into())),
            };
            if let Some(o) = &args.output {
                crate::output::write_atomic(o, &bytes)?;
            }
            return Ok(if d.new.verdict == "pass" { 0 } else { 1 });
        }
    };
    match &args.output {
        Some(o) => {
            super::output::Outputs::reading([args.old.as_path(), args.new.as_path()])
                .claim(o, "--output")?;
            crate::output::write_atomic(o, text.as_bytes())?;
        }
        None => {
            let _ = write!(out, "{text}");
        }
    }
    Ok(if d.new.verdict == "pass" { 0 } else { 1 })
}

/// The delta's document number: `FS-` and 12 hex digits of the two rounds' digests.
fn delta_number(d: &Delta) -> String {
    let digests: String = [&d.old, &d.new]
        .iter()
        .filter_map(|s| s.input.as_ref().map(|i| i.sha256.as_str()))
        .collect();
    let hash = crate::ingest::sha256_hex(format!("{}{digests}", d.new.standard.sha256).as_bytes());
    format!("FS-{}", hash.get(..12).unwrap_or(&hash).to_uppercase())
}

/// What the templates render: the delta, with its findings grouped by rule.
#[derive(serde::Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    delta: &'a Delta,
    groups: Groups,
}

#[derive(serde::Serialize)]
struct Groups {
    fixed: Vec<Group>,
    still_failing: Vec<Group>,
    newly_failing: Vec<Group>,
    cannot_evaluate: Vec<Group>,
    now_waived: Vec<Group>,
}

fn document(d: &Delta) -> Document<'_> {
    Document {
        delta: d,
        groups: Groups {
            fixed: group(&d.fixed),
            still_failing: group(&d.still_failing),
            newly_failing: group(&d.newly_failing),
            cannot_evaluate: group(&d.cannot_evaluate),
            now_waived: group(&d.now_waived),
        },
    }
}

/// Subjects named in one line of a document, at most this many.
const SHOWN_SUBJECTS: usize = 6;

/// The delta for a terminal.
pub fn terminal(d: &Delta, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let t = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_owned();
    let mut s = String::new();
    s.push_str(&t("复审对比", "Resubmission delta"));
    s.push('\n');
    for (label, side) in [(t("前次", "old"), &d.old), (t("本次", "new"), &d.new)] {
        s.push_str(&format!(
            "  {label}: {} — {} — {}\n",
            side.file,
            side.project,
            side.verdict_label.get(lang)
        ));
    }
    if d.same_standard {
        s.push_str(&format!(
            "  {}: {} {}\n",
            t("标准", "standard"),
            d.new.standard.id,
            d.new.standard.edition
        ));
    } else {
        s.push_str(&format!(
            "  {}: {} {} → {} {}\n",
            t(
                "⚠ 两次审查所用标准不同",
                "⚠ the rounds were checked against different standards"
            ),
            d.old.standard.id,
            d.old.standard.edition,
            d.new.standard.id,
            d.new.standard.edition
        ));
    }
    let sections = [
        (t("已整改", "fixed"), "✓", &d.fixed),
        (t("仍未整改", "still failing"), "✗", &d.still_failing),
        (t("新增问题", "newly failing"), "✗", &d.newly_failing),
        (
            t(
                "需补充资料（无法判定）",
                "information required (cannot evaluate)",
            ),
            "?",
            &d.cannot_evaluate,
        ),
        (t("本次已豁免", "waived now"), "~", &d.now_waived),
    ];
    for (title, mark, items) in sections {
        let groups = group(items);
        s.push_str(&format!(
            "\n{title} ({})\n",
            if zh {
                format!("{} 条规则", groups.len())
            } else {
                format!("{} rules", groups.len())
            }
        ));
        for g in groups {
            let Some(first) = g.items.first() else {
                continue;
            };
            // Named subjects only: a section of the submission is no place a reader can visit.
            let subjects: Vec<&str> = g
                .items
                .iter()
                .map(|i| i.subject_label.as_str())
                .filter(|l| !l.is_empty())
                .collect();
            let mut named = subjects
                .iter()
                .take(SHOWN_SUBJECTS)
                .copied()
                .collect::<Vec<_>>()
                .join(if zh { "、" } else { ", " });
            if subjects.len() > SHOWN_SUBJECTS {
                named.push_str(&if zh {
                    format!(" 等 {} 处", subjects.len())
                } else {
                    format!(" and {} more", subjects.len() - SHOWN_SUBJECTS)
                });
            }
            let named = if named.is_empty() {
                String::new()
            } else {
                format!(" [{named}]")
            };
            s.push_str(&format!(
                "  {mark} {} {}{named} {} → {}\n",
                g.rule,
                g.title.get(lang),
                first.old_label.get(lang),
                first.new_label.get(lang)
            ));
            if first.new_outcome.is_some() && !first.statement.get(lang).is_empty() {
                s.push_str(&format!("      {}\n", first.statement.get(lang)));
            }
        }
    }
    s.push_str(&format!(
        "\n{} ({})\n",
        t("豁免变化", "waiver changes"),
        d.waivers.len()
    ));
    for w in &d.waivers {
        let what = match (w.change.as_str(), zh) {
            ("added", true) => "新增".to_owned(),
            ("added", false) => "added".to_owned(),
            ("removed", true) => "撤销".to_owned(),
            ("removed", false) => "removed".to_owned(),
            _ => format!(
                "{} → {}",
                w.old_status.clone().unwrap_or_default().to_string()
                    + &w.old_expires
                        .as_deref()
                        .map(|e| format!(" {e}"))
                        .unwrap_or_default(),
                w.new_status.clone().unwrap_or_default()
                    + &w.new_expires
                        .as_deref()
                        .map(|e| format!(" {e}"))
                        .unwrap_or_default()
            ),
        };
        s.push_str(&format!("  {} {} — {what}\n", w.rule, w.document));
    }
    s
}
