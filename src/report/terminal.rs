//! The terminal format: what a designer acts on, first. Failures one block per rule
//! (compiler-style, the first subject's source line, the others named and counted), then one
//! line per missing part of the submission ("technical.access_points 未填写 → 15 条无法判定"),
//! then near misses, disagreements and waivers one line each, then the verdict.
//!
//! Every piece of text that comes from the submission goes through [`crate::sanitize::terminal`];
//! colour (when asked for) only wraps the labels anfang writes itself.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::opinion::{self, Item};
use super::{Finding, Report};
use crate::i18n::Lang;
use crate::ingest::Source;
use crate::sanitize;

/// What to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Show {
    /// Requirements not met.
    Fail,
    /// Rules that cannot be evaluated for lack of data.
    CannotEvaluate,
    /// Failures excused by a waiver.
    Waived,
    /// Passes within a declared near-miss margin.
    NearMiss,
}

/// How to render for a terminal.
#[derive(Debug, Clone, Default)]
pub struct TerminalOptions {
    /// Only these kinds of findings (empty: all, with missing data summarised).
    pub only: Vec<Show>,
    /// Only the verdict and the counts.
    pub quiet: bool,
    /// ANSI colours on the labels.
    pub color: bool,
}

/// Missing-data lines shown before "and N more".
const MISSING_LINES: usize = 12;
/// Subjects named in a failure block before "…".
const SHOWN_SUBJECTS: usize = 8;

/// ANSI styles of the labels.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    /// Bold red: errors.
    Error,
    /// Bold yellow: warnings.
    Warning,
    /// Cyan: missing data.
    Info,
    /// Bold green: a pass.
    Good,
    /// Blue: line numbers and arrows.
    Dim,
}

/// `text` in a style, when colours are on.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match style {
        Style::Error => "1;31",
        Style::Warning => "1;33",
        Style::Info => "36",
        Style::Good => "1;32",
        Style::Dim => "34",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

fn clean(s: &str) -> String {
    sanitize::terminal(s).into_owned()
}

fn pick(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The label of a finding: 错误 for requirements (mandatory, legal, shall), 警告 for
/// recommendations (should, may).
fn label(f: &Finding, lang: Lang, color: bool) -> String {
    match f.outcome.as_str() {
        "fail" if matches!(f.obligation.as_str(), "should" | "may") => {
            paint(pick(lang, "警告", "warning"), Style::Warning, color)
        }
        "fail" => paint(pick(lang, "错误", "error"), Style::Error, color),
        "cannot_evaluate" => paint(pick(lang, "缺资料", "missing"), Style::Info, color),
        "waived" => paint(pick(lang, "已豁免", "waived"), Style::Dim, color),
        _ => paint(pick(lang, "临界", "near miss"), Style::Warning, color),
    }
}

/// One rule's block: the label, rule and clause; the first subject's source line with the
/// statement under it; the other subjects; the change required.
fn block(
    out: &mut String,
    item: &Item,
    first: &Finding,
    source: Option<&Source>,
    lang: Lang,
    color: bool,
) {
    let _ = writeln!(
        out,
        "{}[{}]: {} — {}{}{}{}",
        label(first, lang, color),
        item.rule,
        item.title,
        if item.clause.is_empty() {
            "—"
        } else {
            &item.clause
        },
        pick(lang, "（", " ("),
        item.obligation_label,
        pick(lang, "）", ")"),
    );
    let line = first.location.line.unwrap_or(0);
    let column = first.location.column.unwrap_or(1);
    let arrow = paint("-->", Style::Dim, color);
    if line > 0 {
        let _ = writeln!(
            out,
            "  {arrow} {}:{line}:{column}",
            clean(&first.location.file)
        );
    } else {
        let _ = writeln!(out, "  {arrow} {}", clean(&first.location.file));
    }
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    let bar = paint("|", Style::Dim, color);
    let statement = if item.statement.is_empty() {
        clean(first.message.get(lang))
    } else {
        clean(&item.statement)
    };
    match source.and_then(|s| s.line_text(line)).filter(|_| line > 0) {
        Some(text) => {
            let text = clean(text);
            let before: String = text.chars().take(column.saturating_sub(1)).collect();
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {text}", paint(&number, Style::Dim, color));
            let _ = writeln!(
                out,
                "{pad} {bar} {}^ {statement}",
                " ".repeat(UnicodeWidthStr::width(before.as_str()))
            );
        }
        None => {
            let _ = writeln!(out, "{pad} = {statement}");
        }
    }
    if item.count > 0 {
        let _ = writeln!(
            out,
            "{pad} = {}{}{}",
            pick(lang, "涉及", "where"),
            pick(lang, "：", ": "),
            clean(&shorten(&item.subjects, lang))
        );
    }
    if !item.waiver.is_empty() {
        let _ = writeln!(
            out,
            "{pad} = {}{}{}",
            pick(lang, "豁免", "waiver"),
            pick(lang, "：", ": "),
            clean(&item.waiver)
        );
    }
    if !item.fix.is_empty() {
        let _ = writeln!(
            out,
            "{pad} = {}{}{}",
            item.requirement_word,
            pick(lang, "：", ": "),
            item.fix
        );
    }
    if item.verify {
        let _ = writeln!(
            out,
            "{pad} = {}",
            pick(
                lang,
                "⚠ 待核实：本条阈值在资料目录中标记为待核实，采用前须由主管部门确认",
                "⚠ to be confirmed: a threshold of this rule is marked unverified in the catalogue"
            )
        );
    }
    let _ = writeln!(out);
}

/// A list of names cut after [`SHOWN_SUBJECTS`] ("a、b、… 等（共 28 台）").
fn shorten(subjects: &str, lang: Lang) -> String {
    let (open, sep) = match lang {
        Lang::Zh => ('（', "、"),
        Lang::En => ('(', ", "),
    };
    let Some(at) = subjects.rfind(open) else {
        return subjects.to_owned();
    };
    let (names, count) = subjects.split_at(at);
    let list: Vec<&str> = names.split(sep).collect();
    if list.len() <= SHOWN_SUBJECTS {
        return subjects.to_owned();
    }
    format!(
        "{}{sep}…{count}",
        list.get(..SHOWN_SUBJECTS).unwrap_or(&list).join(sep)
    )
}

/// The part of the submission a missing field belongs to: its first two levels
/// (`technical.access_points`, `site.buildings`, `network.mlps_level`), as a dotted key.
fn section_of(missing: &str) -> String {
    let parts: Vec<&str> = missing
        .split('/')
        .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
        .take(2)
        .collect();
    parts.join(".")
}

/// Missing data by part of the submission: (key, rules that cannot be evaluated, the fields).
fn missing_groups(report: &Report) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut groups: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.outcome == "cannot_evaluate")
    {
        let missing = f.missing.clone().unwrap_or_default();
        let key = section_of(&missing);
        let entry = groups.entry(key).or_default();
        if !entry.0.contains(&f.rule) {
            entry.0.push(f.rule.clone());
        }
        let field = crate::model::labels::field_key(&missing);
        if !entry.1.contains(&field) {
            entry.1.push(field);
        }
    }
    let mut out: Vec<(String, Vec<String>, Vec<String>)> = groups
        .into_iter()
        .map(|(k, (rules, fields))| (k, rules, fields))
        .collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

fn missing_lines(
    out: &mut String,
    report: &Report,
    submission: Option<&Value>,
    lang: Lang,
    all: bool,
    color: bool,
) {
    let groups = missing_groups(report);
    if groups.is_empty() {
        return;
    }
    let rules: usize = report.summary.cannot_evaluate;
    let _ = writeln!(
        out,
        "{}{}",
        paint(
            pick(lang, "需补充资料", "information required"),
            Style::Info,
            color
        ),
        match lang {
            Lang::Zh => format!("：{rules} 条规则因缺少资料无法判定，请填写（影响多者在前）："),
            Lang::En => format!(
                ": {rules} rules cannot be evaluated for lack of data; fill in (most rules first):"
            ),
        }
    );
    let labels = crate::model::labels::labels();
    let shown = if all { groups.len() } else { MISSING_LINES };
    let width = groups
        .iter()
        .take(shown)
        .map(|(k, _, _)| UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0);
    for (key, rule_ids, fields) in groups.iter().take(shown) {
        let pointer = format!("/{}", key.replace('.', "/"));
        let stated = submission.is_some_and(|v| v.pointer(&pointer).is_some());
        let name = labels
            .field(key)
            .map_or_else(String::new, |t| t.get(lang).to_owned());
        let what = if !stated {
            pick(lang, "未填写", "not stated").to_owned()
        } else {
            let names: Vec<String> = fields
                .iter()
                .filter(|f| *f != key)
                .map(|f| {
                    labels
                        .field(f)
                        .map_or_else(|| f.clone(), |t| t.get(lang).to_owned())
                })
                .collect();
            let first: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
            match lang {
                Lang::Zh if names.len() > 3 => {
                    format!("缺{}等 {} 项", first.join("、"), names.len())
                }
                Lang::Zh => format!("缺{}", first.join("、")),
                Lang::En if names.len() > 3 => {
                    format!("lacks {} and {} more", first.join(", "), names.len() - 3)
                }
                Lang::En => format!("lacks {}", first.join(", ")),
            }
        };
        let pad = " ".repeat(width.saturating_sub(UnicodeWidthStr::width(key.as_str())));
        let mut line = format!(
            "  {key}{pad}  {name} {what} → {}",
            match lang {
                Lang::Zh => format!("{} 条无法判定", rule_ids.len()),
                Lang::En => format!("{} rules", rule_ids.len()),
            }
        );
        if all {
            let _ = write!(line, "（{}）", rule_ids.join(pick(lang, "、", ", ")));
        }
        let _ = writeln!(out, "{line}");
    }
    if groups.len() > shown {
        let rest: usize = groups.iter().skip(shown).map(|(_, r, _)| r.len()).sum();
        let _ = writeln!(
            out,
            "  {}",
            match lang {
                Lang::Zh => format!(
                    "……另有 {} 处缺少资料（{rest} 条）；--only cannot-evaluate 列出全部",
                    groups.len() - shown
                ),
                Lang::En => format!(
                    "… {} more parts ({rest} rules); --only cannot-evaluate lists them all",
                    groups.len() - shown
                ),
            }
        );
    }
    let _ = writeln!(out);
}

/// Renders a report for a terminal. `submission` (the checked document) tells a part that is
/// not stated at all from one that lacks some fields.
pub fn render(
    report: &Report,
    source: Option<&Source>,
    submission: Option<&Value>,
    lang: Lang,
    options: &TerminalOptions,
) -> String {
    let mut out = String::new();
    let color = options.color;
    let wants = |s: Show| options.only.is_empty() || options.only.contains(&s);
    if !options.quiet {
        let number = crate::print::document_number(report, None);
        let o = opinion::build(report, &number, lang);
        let sections: Vec<&Item> = o
            .mandatory
            .iter()
            .chain(&o.other)
            .flat_map(|s| &s.items)
            .collect();
        let first_of = |item: &Item| -> Option<&Finding> {
            report
                .findings
                .iter()
                .chain(&report.near_misses)
                .find(|f| f.rule == item.rule && item_outcome(f) == item.outcome)
        };
        // Failures first, requirements before recommendations.
        let mut fails: Vec<&Item> = sections
            .iter()
            .copied()
            .filter(|i| i.outcome == "fail")
            .collect();
        fails.sort_by_key(|i| matches!(i.obligation.as_str(), "should" | "may"));
        if wants(Show::Fail) {
            for item in fails {
                if let Some(f) = first_of(item) {
                    block(&mut out, item, f, source, lang, color);
                }
            }
        }
        if options.only.contains(&Show::CannotEvaluate) {
            missing_lines(&mut out, report, submission, lang, true, color);
        } else if options.only.is_empty() {
            missing_lines(&mut out, report, submission, lang, false, color);
        }
        if wants(Show::Waived) {
            for item in sections.iter().filter(|i| i.outcome == "waived") {
                if let Some(f) = first_of(item) {
                    block(&mut out, item, f, source, lang, color);
                }
            }
        }
        if wants(Show::NearMiss) {
            for item in &o.near_misses {
                let _ = writeln!(
                    out,
                    "{}[{}]: {} — {}{}",
                    paint(pick(lang, "临界", "near miss"), Style::Warning, color),
                    item.rule,
                    item.title,
                    clean(&item.statement),
                    if item.subjects.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", clean(&shorten(&item.subjects, lang)))
                    }
                );
            }
            if !o.near_misses.is_empty() {
                let _ = writeln!(out);
            }
        }
        if options.only.is_empty() {
            for d in &report.crosscheck {
                let (what, sub, att) = match lang {
                    Lang::Zh => ("附件不一致", "申报文件", "附件"),
                    Lang::En => ("attachment disagrees", "submission", "attachment"),
                };
                let _ = writeln!(
                    out,
                    "{}: {}",
                    paint(what, Style::Error, color),
                    clean(d.what.get(lang))
                );
                let _ = writeln!(
                    out,
                    "  --> {sub} {}: {}",
                    clean(&d.submission_at.at),
                    clean(&d.submission.to_string())
                );
                let _ = writeln!(
                    out,
                    "  --> {att} {}: {}\n",
                    clean(&d.attachment_at),
                    clean(&d.attachment.to_string())
                );
            }
            for w in &report.waivers {
                let _ = writeln!(
                    out,
                    "{} {} {} {}: {}",
                    pick(lang, "豁免", "waiver"),
                    w.rule,
                    clean(&w.document),
                    w.status_label.get(lang),
                    clean(&w.reason)
                );
            }
            if !report.waivers.is_empty() {
                let _ = writeln!(out);
            }
        }
    }
    summary(&mut out, report, lang, color);
    out
}

fn item_outcome(f: &Finding) -> &str {
    if f.near_miss && f.outcome == "pass" {
        "near_miss"
    } else {
        &f.outcome
    }
}

fn summary(out: &mut String, report: &Report, lang: Lang, color: bool) {
    let s = &report.summary;
    let project = report
        .project
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let verdict = paint(
        report.verdict_label.get(lang),
        match report.verdict.as_str() {
            "pass" => Style::Good,
            "conditional" => Style::Warning,
            _ => Style::Error,
        },
        color,
    );
    match lang {
        Lang::Zh => {
            let _ = writeln!(out, "{}：{verdict}", clean(project));
            let _ = writeln!(
                out,
                "适用 {} 条：符合 {}，不符合 {}，豁免 {}，无法判定 {}；不适用 {} 条",
                s.applied, s.passed, s.failed, s.waived, s.cannot_evaluate, s.not_applicable
            );
            let _ = writeln!(
                out,
                "标准 {} {}（sha256 {}…；{}），豁免判定日期 {}",
                report.standard.id,
                report.standard.edition,
                report.standard.sha256.get(..12).unwrap_or(""),
                report.standard.edition_reason.zh,
                report.as_of
            );
        }
        Lang::En => {
            let _ = writeln!(out, "{}: {verdict}", clean(project));
            let _ = writeln!(
                out,
                "{} rules applied: {} passed, {} failed, {} waived, {} could not be evaluated; {} not applicable",
                s.applied, s.passed, s.failed, s.waived, s.cannot_evaluate, s.not_applicable
            );
            let _ = writeln!(
                out,
                "standard {} {} (sha256 {}…; {}), waivers judged on {}",
                report.standard.id,
                report.standard.edition,
                report.standard.sha256.get(..12).unwrap_or(""),
                report.standard.edition_reason.en,
                report.as_of
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_subject_lists_are_cut_with_their_count_kept() {
        let names: Vec<String> = (1..=12).map(|i| format!("C{i}")).collect();
        let s = format!("{}（共 12 台）", names.join("、"));
        assert_eq!(
            shorten(&s, Lang::Zh),
            "C1、C2、C3、C4、C5、C6、C7、C8、…（共 12 台）"
        );
        assert_eq!(shorten("a、b（共 2 台）", Lang::Zh), "a、b（共 2 台）");
    }

    #[test]
    fn missing_fields_group_by_part_of_the_submission() {
        assert_eq!(
            section_of("/technical/access_points"),
            "technical.access_points"
        );
        assert_eq!(
            section_of("/technical/cameras/3/faces_outward"),
            "technical.cameras"
        );
        assert_eq!(section_of("/network/mlps_level"), "network.mlps_level");
    }

    #[test]
    fn colour_only_when_asked() {
        assert_eq!(paint("错误", Style::Error, false), "错误");
        assert_eq!(
            paint("错误", Style::Error, true),
            "\u{1b}[1;31m错误\u{1b}[0m"
        );
    }
}
