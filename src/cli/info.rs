//! `anfang init`, `rules`, `explain` and `standards test|lint`.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use clap::{Args, ValueEnum};

use super::{StandardArgs, load_standard};
use crate::date::Date;
use crate::error::Error;
use crate::i18n::Lang;
use crate::standard::{CompiledStandard, Rule, subsystem_label};

/// The catalogue rows (`docs/catalogue.tsv`, generated from the requirements catalogue).
pub const CATALOGUE: &str = crate::standard::catalogue::CATALOGUE_TSV;

/// The catalogue's row ids.
pub fn catalogue_rows() -> Vec<String> {
    CATALOGUE
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One rule per line.
    Text,
    /// A rules reference page.
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    standard: StandardArgs,
    /// Only rules of this category (people, physical, technical).
    #[arg(long)]
    category: Option<String>,
    /// Only rules of this obligation (mandatory, legal, shall, should, may).
    #[arg(long)]
    obligation: Option<String>,
    /// Only rules of this subsystem (video, access, …).
    #[arg(long)]
    subsystem: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// List every catalogue row with the rules that encode it, or why none does.
    #[arg(long)]
    coverage: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id (e.g. VID-004).
    rule: String,
    #[command(flatten)]
    standard: StandardArgs,
}

pub fn init(path: &Path, force: bool, out: &mut dyn Write) -> Result<u8, Error> {
    let starter = crate::standard::embedded::template("starter.yaml").unwrap_or_default();
    if path == Path::new("-") {
        let _ = write!(out, "{starter}");
        return Ok(0);
    }
    if path.exists() && !force {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to overwrite it",
            path.display()
        )));
    }
    crate::output::write_atomic(path, starter.as_bytes())?;
    // The starter's first line points editors to the schema beside it: write it there, unless
    // a file of that name is already there.
    let schema_path = path.parent().map_or_else(
        || Path::new("submission.schema.json").to_path_buf(),
        |d| d.join("submission.schema.json"),
    );
    let schema_note = if schema_path.exists() {
        String::new()
    } else {
        let text = serde_json::to_string_pretty(crate::model::schema::submission_schema_ref())
            .map_err(|e| Error::Report(e.to_string()))?;
        crate::output::write_atomic(&schema_path, (text + "\n").as_bytes())?;
        format!(" and {} (for editor completion)", schema_path.display())
    };
    let _ = writeln!(
        out,
        "wrote {}{schema_note}; next: anfang check {}",
        path.display(),
        path.display()
    );
    Ok(0)
}

fn selected<'a>(std: &'a CompiledStandard, args: &RulesArgs) -> Result<Vec<&'a Rule>, Error> {
    if let Some(c) = &args.category
        && crate::standard::Category::from_id(c).is_none()
    {
        return Err(Error::Usage(format!(
            "--category {c}: use people, physical or technical"
        )));
    }
    if let Some(o) = &args.obligation
        && crate::standard::Obligation::from_id(o).is_none()
    {
        return Err(Error::Usage(format!(
            "--obligation {o}: use mandatory, legal, shall, should or may"
        )));
    }
    Ok(std
        .rules
        .iter()
        .filter(|r| {
            args.category
                .as_deref()
                .is_none_or(|c| r.category.id() == c)
        })
        .filter(|r| {
            args.obligation
                .as_deref()
                .is_none_or(|o| r.obligation.id() == o)
        })
        .filter(|r| args.subsystem.as_deref().is_none_or(|s| r.subsystem == s))
        .collect())
}

fn clause_line(std: &CompiledStandard, rule: &Rule) -> String {
    rule.clauses
        .iter()
        .map(|c| {
            let title = std
                .sources
                .get(&c.source)
                .map_or(c.source.as_str(), |t| t.zh.as_str());
            let rows: Vec<&str> = c.rows().collect();
            let row = if rows.is_empty() {
                String::new()
            } else {
                format!(" [{}]", rows.join(", "))
            };
            format!("{title} {}{row}", c.clause)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn rules(args: RulesArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let std = load_standard(&args.standard)?;
    let lang = args.standard.lang;
    if args.coverage {
        let _ = write!(out, "{}", coverage(&std, lang));
        return Ok(0);
    }
    let list = selected(&std, &args)?;
    match args.format {
        ListFormat::Text => {
            for r in list {
                let _ = writeln!(
                    out,
                    "{}  {:<9} {:<9} {:<10} {}",
                    r.id,
                    r.obligation.id(),
                    r.category.id(),
                    r.subsystem,
                    r.title.get(lang)
                );
            }
        }
        ListFormat::Markdown => {
            let _ = write!(out, "{}", reference_page(&std, &list, lang));
        }
    }
    Ok(0)
}

/// The rules reference page (Markdown), the same text `explain` prints for each rule.
pub fn reference_page(std: &CompiledStandard, rules: &[&Rule], lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {} — {} {}\n",
        std.title.get(lang),
        std.id,
        std.edition
    );
    let _ = writeln!(
        s,
        "<!-- generated by `anfang rules --format markdown{}`; do not edit -->\n",
        if lang == Lang::En { " --lang en" } else { "" }
    );
    for r in rules {
        let _ = writeln!(s, "{}", explain_text(std, r, lang, true));
    }
    s
}

/// The catalogue coverage matrix (Markdown).
pub fn coverage(std: &CompiledStandard, lang: Lang) -> String {
    let mut s = String::new();
    let zh = lang == Lang::Zh;
    let _ = writeln!(
        s,
        "# {} — {}\n",
        if zh {
            "资料目录覆盖矩阵"
        } else {
            "Catalogue coverage"
        },
        std.id
    );
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} |",
        if zh { "目录行" } else { "row" },
        if zh { "强度" } else { "strength" },
        if zh { "规则" } else { "rules" },
        if zh {
            "未编码原因"
        } else {
            "why not encoded"
        }
    );
    let _ = writeln!(s, "|---|---|---|---|");
    let (mut encoded, mut explained, mut missing) = (0, 0, 0);
    for line in CATALOGUE.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(row), Some(strength)) = (cells.first(), cells.get(2)) else {
            continue;
        };
        let ids: Vec<&str> = std
            .rules
            .iter()
            .filter(|r| r.clauses.iter().any(|c| c.rows().any(|x| x == *row)))
            .map(|r| r.id.as_str())
            .collect();
        let reason = std
            .not_encoded
            .get(*row)
            .map(|t| t.get(lang).to_owned())
            .unwrap_or_default();
        if !ids.is_empty() {
            encoded += 1;
        } else if !reason.is_empty() {
            explained += 1;
        } else {
            missing += 1;
        }
        let _ = writeln!(
            s,
            "| {row} | {strength} | {} | {} |",
            ids.join(", "),
            if ids.is_empty() && reason.is_empty() {
                "**—**".to_owned()
            } else {
                reason
            }
        );
    }
    let _ = writeln!(
        s,
        "\n{}: {encoded} {}, {explained} {}, {missing} {}.",
        if zh { "合计" } else { "Total" },
        if zh { "行已编码" } else { "rows encoded" },
        if zh {
            "行说明了未编码原因"
        } else {
            "explained"
        },
        if zh {
            "行未处理"
        } else {
            "unaccounted for"
        }
    );
    s
}

/// Who states the rule (national, local with its region, advisory) and, for a local rule, where
/// it applies and why it does not elsewhere.
fn provenance_line(std: &CompiledStandard, r: &Rule, lang: Lang) -> String {
    use crate::standard::Provenance;
    let zh = lang == Lang::Zh;
    let head = if zh { "依据" } else { "Basis" };
    let verify = if std.verify_of(r) {
        if zh {
            "；⚠ 待核实"
        } else {
            "; ⚠ to be confirmed"
        }
    } else {
        ""
    };
    let body = match (&r.adopted, std.provenance_of(r)) {
        (Some(c), _) => {
            let title = std
                .sources
                .get(&c.source)
                .map_or(c.source.as_str(), |s| s.get(lang));
            if zh {
                format!(
                    "本叠加标准以《{title}》{} 采用为有约束力的规定（原为{}）",
                    c.clause,
                    r.provenance.label(lang)
                )
            } else {
                format!(
                    "adopted as binding by {title} {} (it was {})",
                    c.clause,
                    r.provenance.label(lang)
                )
            }
        }
        (None, Provenance::Local) => {
            let regions =
                r.applies
                    .regions
                    .clone()
                    .unwrap_or_default()
                    .join(if zh { "、" } else { ", " });
            if zh {
                format!(
                    "地方规定，仅适用于行政区划代码以 {regions} 开头的项目；其他地区的项目不适用，除非叠加标准采用（adopt）"
                )
            } else {
                format!(
                    "a local requirement for projects whose region code starts with {regions}; elsewhere not applicable unless an overlay adopts it"
                )
            }
        }
        (None, Provenance::National) => {
            if zh {
                "国家法律、法规或标准条文规定".to_owned()
            } else {
                "stated by a national law, regulation or standard".to_owned()
            }
        }
        (None, Provenance::Advisory) => {
            if zh {
                "建议：本规则集的取值、未核实的数值或行业惯例，不会使结论差于“基本通过”；主管部门以本地文件采用（adopt）后方有约束力".to_owned()
            } else {
                "advisory: this rule-set's choice, an unconfirmed figure or practice; it never makes the verdict worse than conditional, and binds only once an authority adopts it with its own document".to_owned()
            }
        }
    };
    let deviation = r
        .deviation
        .as_ref()
        .map(|d| {
            format!(
                "\n{}: {}",
                if zh {
                    "约束强度说明"
                } else {
                    "Obligation"
                },
                d.get(lang)
            )
        })
        .unwrap_or_default();
    format!("{head}: {body}{verify}{deviation}")
}

/// The fix as the rule reference prints it: `{expected}` filled with the rule's bound at the
/// parameters' default values (the parameters are listed below it).
fn fix_line(std: &CompiledStandard, r: &Rule, lang: Lang) -> String {
    let fix = r.fix.get(lang);
    let Some(cond) = r.check.cond().filter(|_| fix.contains("{expected}")) else {
        return fix.to_owned();
    };
    let defaults: Vec<serde_json::Value> = std.parameters.iter().map(|p| p.value.clone()).collect();
    let unit = match (&r.unit, &r.check) {
        (Some(u), _) => Some(u.get(lang)),
        (None, crate::standard::Check::Ratio { .. }) => Some("%"),
        _ => None,
    };
    fix.replace("{expected}", &cond.describe(&defaults, lang, unit))
}

pub(crate) fn explain_text(std: &CompiledStandard, r: &Rule, lang: Lang, markdown: bool) -> String {
    let mut s = String::new();
    let zh = lang == Lang::Zh;
    if markdown {
        let _ = writeln!(s, "## {} {}\n", r.id, r.title.get(lang));
    } else {
        let _ = writeln!(s, "{} ({}) — {}", r.id, r.name, r.title.get(lang));
    }
    let _ = writeln!(
        s,
        "{}: {}",
        if zh { "条款" } else { "Clause" },
        clause_line(std, r)
    );
    let _ = writeln!(
        s,
        "{}: {} · {}: {} / {}",
        if zh { "约束" } else { "Obligation" },
        r.obligation.label(lang),
        if zh { "类别" } else { "Category" },
        r.category.label(lang),
        subsystem_label(&r.subsystem, lang)
    );
    let _ = writeln!(s, "{}", provenance_line(std, r, lang));
    let _ = writeln!(
        s,
        "{}: {}\n",
        if zh { "检查方式" } else { "Check" },
        r.check.kind()
    );
    let _ = writeln!(
        s,
        "{}: {}\n",
        if zh { "检查内容" } else { "What" },
        r.docs.what.get(lang)
    );
    let _ = writeln!(
        s,
        "{}: {}\n",
        if zh { "理由" } else { "Why" },
        r.docs.why.get(lang)
    );
    let _ = writeln!(
        s,
        "{}: {}\n",
        if zh { "修改建议" } else { "Fix" },
        fix_line(std, r, lang)
    );
    if !r.params.is_empty() {
        let _ = writeln!(s, "{}:", if zh { "参数" } else { "Parameters" });
        for i in &r.params {
            if let Some(p) = std.parameters.get(*i) {
                let unit = p
                    .unit
                    .as_ref()
                    .map(|u| u.get(lang).to_owned())
                    .unwrap_or_default();
                let by_level: Vec<String> = p
                    .by_level
                    .iter()
                    .map(|(l, v)| format!("{l}: {v}"))
                    .collect();
                let levels = if by_level.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", by_level.join(", "))
                };
                let verify = if p.verify {
                    if zh {
                        " ⚠ 待核实：采用前须由主管部门确认"
                    } else {
                        " ⚠ unverified: the adopting authority must confirm it"
                    }
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    "- {} = {} {unit}{levels} — {}{verify}",
                    p.name,
                    p.value,
                    p.title.get(lang)
                );
            }
        }
        let _ = writeln!(s);
    }
    for (label, examples) in [
        (
            if zh {
                "符合示例"
            } else {
                "Passing example"
            },
            &r.pass_examples,
        ),
        (
            if zh {
                "不符合示例"
            } else {
                "Failing example"
            },
            &r.fail_examples,
        ),
    ] {
        for e in examples {
            let _ = writeln!(s, "{label}:\n```yaml\n{}\n```\n", e.trim_end());
        }
    }
    s
}

pub fn explain(args: ExplainArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let std = load_standard(&args.standard)?;
    let id = args.rule.to_ascii_uppercase();
    match std.rule(&id) {
        Some(r) => {
            let _ = write!(out, "{}", explain_text(&std, r, args.standard.lang, false));
            Ok(0)
        }
        None => {
            let ids: Vec<&str> = std.rules.iter().map(|r| r.id.as_str()).collect();
            let hint = crate::engine::rules_for_row_hint(&std, &id)
                .map(|h| format!("; {}", h.en))
                .or_else(|| {
                    crate::diagnostic::did_you_mean(&id, ids.iter().copied())
                        .map(|b| format!("; did you mean {b}?"))
                })
                .unwrap_or_default();
            Err(Error::Usage(format!(
                "no rule {id} in {} {}{hint} (`anfang rules` lists them)",
                std.id, std.edition
            )))
        }
    }
}

fn editions_at(dir: Option<&Path>) -> Result<Vec<CompiledStandard>, Error> {
    let name = dir.map_or_else(
        || crate::standard::embedded::DEFAULT_STANDARD.to_owned(),
        |d| d.display().to_string(),
    );
    if let Some(d) = dir
        && !d.is_dir()
    {
        return Err(Error::Usage(format!("{name}: not a standard folder")));
    }
    Ok(super::load_editions(&name)?.list)
}

pub fn standards_test(dir: Option<&Path>, as_of: Date, out: &mut dyn Write) -> Result<u8, Error> {
    let (mut total, mut failed, mut skipped) = (0, 0, 0);
    for std in editions_at(dir)? {
        let results = crate::authoring::run_examples(&std, as_of);
        for r in &results {
            if r.skipped.is_some() {
                skipped += 1;
            } else if !r.ok() {
                failed += 1;
                let got = match &r.got {
                    Ok(o) => format!("got {}", o.id()),
                    Err(e) => e.clone(),
                };
                let _ = writeln!(
                    out,
                    "{}: {} {} example #{}: expected {}, {got}",
                    r.at,
                    r.rule,
                    r.expected.id(),
                    r.index + 1,
                    r.expected.id()
                );
            }
        }
        total += results.len();
        let _ = writeln!(
            out,
            "standard {} {}: {} rules, {} examples",
            std.id,
            std.edition,
            std.rules.len(),
            results.len()
        );
    }
    let _ = writeln!(
        out,
        "{} passed, {} failed, {} skipped",
        total - failed - skipped,
        failed,
        skipped
    );
    Ok(if failed == 0 { 0 } else { 1 })
}

pub fn standards_lint(dir: Option<&Path>, out: &mut dyn Write) -> Result<u8, Error> {
    let mut count = 0;
    for std in editions_at(dir)? {
        let problems =
            crate::standard::lint::lint(&std, &crate::standard::catalogue::Catalogue::builtin());
        for p in &problems {
            let _ = writeln!(out, "{p}");
        }
        count += problems.len();
        let _ = writeln!(
            out,
            "standard {} {}: {} rules, {} parameters, {} lint problem(s)",
            std.id,
            std.edition,
            std.rules.len(),
            std.parameters.len(),
            problems.len()
        );
    }
    Ok(if count == 0 { 0 } else { 1 })
}
