//! The terminal format: compiler-style findings with the offending source line.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{Finding, Report};
use crate::i18n::Lang;
use crate::ingest::Source;

fn outcome_word(outcome: &str, near_miss: bool, lang: Lang) -> &'static str {
    match (outcome, near_miss, lang) {
        ("fail", _, Lang::Zh) => "不符合",
        ("fail", _, Lang::En) => "fail",
        ("cannot_evaluate", _, Lang::Zh) => "无法判定",
        ("cannot_evaluate", _, Lang::En) => "missing data",
        ("waived", _, Lang::Zh) => "已豁免",
        ("waived", _, Lang::En) => "waived",
        (_, true, Lang::Zh) => "临界",
        (_, true, Lang::En) => "near miss",
        (_, _, Lang::Zh) => "提示",
        (_, _, Lang::En) => "note",
    }
}

fn finding(out: &mut String, f: &Finding, source: Option<&Source>, lang: Lang) {
    let _ = writeln!(
        out,
        "{}[{}]: {} — {}（{}）",
        outcome_word(&f.outcome, f.near_miss, lang),
        f.rule,
        f.title.get(lang),
        f.clause,
        f.obligation_label.get(lang)
    );
    let line = f.location.line.unwrap_or(0);
    let column = f.location.column.unwrap_or(1);
    if line > 0 {
        let _ = writeln!(out, "  --> {}:{line}:{column}", f.location.file);
    } else {
        let _ = writeln!(out, "  --> {}", f.location.file);
    }
    let text = source.and_then(|s| s.line_text(line));
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    match text {
        Some(text) if line > 0 => {
            let before: String = text.chars().take(column.saturating_sub(1)).collect();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {text}");
            let _ = writeln!(
                out,
                "{pad} | {}^ {}",
                " ".repeat(UnicodeWidthStr::width(before.as_str())),
                f.message.get(lang)
            );
        }
        _ => {
            let _ = writeln!(out, "{pad} = {}", f.message.get(lang));
        }
    }
    if f.outcome != "pass" {
        let fix = if lang == Lang::Zh {
            "修改建议"
        } else {
            "fix"
        };
        let _ = writeln!(out, "{pad} = {fix}: {}", f.fix.get(lang));
    }
    if let Some(w) = &f.waiver {
        let label = if lang == Lang::Zh { "豁免" } else { "waiver" };
        let _ = writeln!(out, "{pad} = {label}: {w}");
    }
    if f.verify {
        let note = if lang == Lang::Zh {
            "注：本条阈值在资料目录中标记为待核实，采用前须由主管部门确认"
        } else {
            "note: a threshold of this rule is marked unverified in the catalogue; the adopting authority must confirm it"
        };
        let _ = writeln!(out, "{pad} = {note}");
    }
    let _ = writeln!(out);
}

/// Renders a report for a terminal.
pub fn render(report: &Report, source: Option<&Source>, lang: Lang) -> String {
    let mut out = String::new();
    for f in &report.findings {
        finding(&mut out, f, source, lang);
    }
    for f in &report.near_misses {
        finding(&mut out, f, source, lang);
    }
    for d in &report.crosscheck {
        let (label, sub, att) = match lang {
            Lang::Zh => ("附件不一致", "申报文件", "附件"),
            Lang::En => ("attachment disagrees", "submission", "attachment"),
        };
        let _ = writeln!(out, "{label}: {}", d.what.get(lang));
        let _ = writeln!(out, "  --> {sub} {}: {}", d.submission_at.at, d.submission);
        let _ = writeln!(out, "  --> {att} {}: {}\n", d.attachment_at, d.attachment);
    }
    for w in &report.waivers {
        let _ = writeln!(
            out,
            "{} {} {}: {} — {}",
            if lang == Lang::Zh { "豁免" } else { "waiver" },
            w.pointer,
            w.rule,
            w.status_label.get(lang),
            w.reason
        );
    }
    let s = &report.summary;
    let project = report
        .project
        .get("name")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    match lang {
        Lang::Zh => {
            let _ = writeln!(
                out,
                "{project}：{}（{}）",
                report.verdict_label.zh, report.verdict
            );
            let _ = writeln!(
                out,
                "适用 {} 条：符合 {}，不符合 {}，豁免 {}，无法判定 {}；不适用 {} 条",
                s.applied, s.passed, s.failed, s.waived, s.cannot_evaluate, s.not_applicable
            );
            let _ = writeln!(
                out,
                "标准 {} {}（sha256 {}…；{}），核查日期 {}",
                report.standard.id,
                report.standard.edition,
                report.standard.sha256.get(..12).unwrap_or(""),
                report.standard.edition_reason.zh,
                report.as_of
            );
        }
        Lang::En => {
            let _ = writeln!(
                out,
                "{project}: {} ({})",
                report.verdict_label.en, report.verdict
            );
            let _ = writeln!(
                out,
                "{} rules applied: {} passed, {} failed, {} waived, {} could not be evaluated; {} not applicable",
                s.applied, s.passed, s.failed, s.waived, s.cannot_evaluate, s.not_applicable
            );
            let _ = writeln!(
                out,
                "standard {} {} (sha256 {}…; {}), as of {}",
                report.standard.id,
                report.standard.edition,
                report.standard.sha256.get(..12).unwrap_or(""),
                report.standard.edition_reason.en,
                report.as_of
            );
        }
    }
    out
}
