//! The batch summary: one small row per submission (never the whole report), aggregated the way
//! an authority reads a district's batch: verdicts by county and township, the most-failed
//! rules, failures by category (人防/物防/技防), and the waivers in use and expiring.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::region::{Region, region};
use crate::date::Date;
use crate::i18n::Text;
use crate::report::Report;

/// Waivers that expire within this many days of the as-of date are listed as expiring.
pub const EXPIRING_WITHIN_DAYS: i64 = 90;

/// The verdict ids in severity order, then `error` (could not check).
pub const VERDICTS: [&str; 5] = ["pass", "conditional", "incomplete", "fail", "error"];

/// The standard a submission was checked against.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StandardUsed {
    /// Id.
    pub id: String,
    /// Edition.
    pub edition: String,
    /// SHA-256 of its files.
    pub sha256: String,
}

/// Rule outcome counts of one submission.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    /// Applied.
    pub applied: usize,
    /// Passed.
    pub passed: usize,
    /// Failed.
    pub failed: usize,
    /// Waived.
    pub waived: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Could not be evaluated.
    pub cannot_evaluate: usize,
}

/// A rule that failed in a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedRule {
    /// Rule id.
    pub rule: String,
    /// Title.
    pub title: Text,
    /// people | physical | technical.
    pub category: String,
    /// mandatory | legal | shall | should | may.
    pub obligation: String,
    /// Subjects that failed.
    pub subjects: usize,
}

/// A waiver a submission carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaiverUse {
    /// Rule id.
    pub rule: String,
    /// Approval document.
    pub document: String,
    /// in_force | expired | unmatched | refused | …
    pub status: String,
    /// Expiry date.
    pub expires: Option<String>,
}

/// One submission's line in the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The input as given.
    pub path: String,
    /// SHA-256 of its bytes (absent when it could not be read).
    pub sha256: Option<String>,
    /// The report file, relative to the output folder.
    pub report: Option<String>,
    /// pass | conditional | incomplete | fail | error.
    pub verdict: String,
    /// Why it could not be checked (`error` rows): the problems, one per line.
    pub error: Option<String>,
    /// `project.id`.
    pub project_id: Option<String>,
    /// `project.name`.
    pub project_name: Option<String>,
    /// `project.filing_date`, which orders the rounds of one project.
    #[serde(default)]
    pub filing_date: Option<String>,
    /// The verdict's label in both languages (`error`: could not be checked).
    #[serde(default)]
    pub verdict_label: Text,
    /// `project.region_code` as written.
    pub region_code: Option<String>,
    /// County and township.
    pub region: Region,
    /// The standard applied.
    pub standard: Option<StandardUsed>,
    /// Rule outcome counts.
    pub counts: RowCounts,
    /// Rules that failed.
    pub failed_rules: Vec<FailedRule>,
    /// Rules that could not be evaluated.
    pub cannot_evaluate: Vec<String>,
    /// Waivers.
    pub waivers: Vec<WaiverUse>,
}

impl Row {
    /// The row of a submission that was checked.
    pub fn checked(path: &str, report_file: &str, report: &Report) -> Row {
        let project = &report.project;
        let field = |k: &str| project.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let region_code = field("region_code");
        let township = field("township");
        Row {
            path: path.to_owned(),
            sha256: report.inputs.first().map(|i| i.sha256.clone()),
            report: Some(report_file.to_owned()),
            verdict: report.verdict.clone(),
            error: None,
            project_id: field("id"),
            project_name: field("name"),
            filing_date: field("filing_date"),
            verdict_label: report.verdict_label.clone(),
            region: region(region_code.as_deref(), township.as_deref()),
            region_code,
            standard: Some(StandardUsed {
                id: report.standard.id.clone(),
                edition: report.standard.edition.clone(),
                sha256: report.standard.sha256.clone(),
            }),
            counts: RowCounts {
                applied: report.summary.applied,
                passed: report.summary.passed,
                failed: report.summary.failed,
                waived: report.summary.waived,
                not_applicable: report.summary.not_applicable,
                cannot_evaluate: report.summary.cannot_evaluate,
            },
            failed_rules: report
                .rules
                .iter()
                .filter(|r| r.outcome == "fail")
                .map(|r| FailedRule {
                    rule: r.id.clone(),
                    title: r.title.clone(),
                    category: r.category.clone(),
                    obligation: r.obligation.clone(),
                    subjects: r.failed,
                })
                .collect(),
            cannot_evaluate: report
                .rules
                .iter()
                .filter(|r| r.outcome == "cannot_evaluate")
                .map(|r| r.id.clone())
                .collect(),
            waivers: report
                .waivers
                .iter()
                .map(|w| WaiverUse {
                    rule: w.rule.clone(),
                    document: w.document.clone(),
                    status: w.status.clone(),
                    expires: w.expires.clone(),
                })
                .collect(),
        }
    }

    /// The row of a submission that could not be checked.
    pub fn error(path: &str, sha256: Option<String>, message: String) -> Row {
        Row {
            path: path.to_owned(),
            sha256,
            report: None,
            verdict: "error".into(),
            error: Some(message),
            project_id: None,
            project_name: None,
            filing_date: None,
            verdict_label: Text::new("无法检查", "could not be checked"),
            region_code: None,
            region: region(None, None),
            standard: None,
            counts: RowCounts::default(),
            failed_rules: Vec::new(),
            cannot_evaluate: Vec::new(),
            waivers: Vec::new(),
        }
    }
}

/// Submissions per verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictCounts {
    /// 通过.
    pub pass: usize,
    /// 基本通过.
    pub conditional: usize,
    /// 需补正.
    pub incomplete: usize,
    /// 不通过.
    pub fail: usize,
    /// Could not be checked.
    pub error: usize,
    /// All of them.
    pub total: usize,
}

impl VerdictCounts {
    fn add(&mut self, verdict: &str) {
        match verdict {
            "pass" => self.pass += 1,
            "conditional" => self.conditional += 1,
            "incomplete" => self.incomplete += 1,
            "fail" => self.fail += 1,
            _ => self.error += 1,
        }
        self.total += 1;
    }
}

/// A township's verdicts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TownshipLine {
    /// Name (or code, or 未知 unknown).
    pub name: String,
    /// Verdicts.
    pub verdicts: VerdictCounts,
}

/// A county's verdicts, with its townships.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CountyLine {
    /// 6-digit code or `unknown`.
    pub code: String,
    /// Name or code.
    pub name: String,
    /// Verdicts.
    pub verdicts: VerdictCounts,
    /// Townships, by name.
    pub townships: Vec<TownshipLine>,
}

/// How often a rule failed across the batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleLine {
    /// Rule id.
    pub rule: String,
    /// Title.
    pub title: Text,
    /// Category.
    pub category: String,
    /// Obligation.
    pub obligation: String,
    /// Submissions in which it failed.
    pub submissions: usize,
    /// Failed subjects over all submissions.
    pub subjects: usize,
}

/// Failures in one category (人防/物防/技防).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryLine {
    /// people | physical | technical.
    pub category: String,
    /// 人防 / 物防 / 技防 and English.
    pub label: Text,
    /// Failed rules counted once per submission.
    pub failed_rules: usize,
    /// Submissions with at least one failed rule of the category.
    pub submissions: usize,
}

/// A waiver that has expired or expires soon.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExpiringWaiver {
    /// The submission.
    pub path: String,
    /// Project name.
    pub project: Option<String>,
    /// Rule id.
    pub rule: String,
    /// Approval document.
    pub document: String,
    /// Expiry date.
    pub expires: String,
    /// Days from the as-of date to the expiry (negative: expired).
    pub days_left: i64,
    /// Status in the report.
    pub status: String,
}

/// Waivers across the batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WaiverSummary {
    /// Waivers per status (in_force, expired, unmatched, refused, …).
    pub by_status: BTreeMap<String, usize>,
    /// Submissions that rely on at least one waiver in force.
    pub submissions_in_force: usize,
    /// The window of "expiring", in days after the as-of date.
    pub expiring_within_days: i64,
    /// Expired or expiring within the window, soonest first.
    pub expiring: Vec<ExpiringWaiver>,
}

/// One round of a project in the per-project table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Round {
    /// The input.
    pub path: String,
    /// Its report, relative to the output folder.
    pub report: Option<String>,
    /// Verdict id.
    pub verdict: String,
    /// Verdict label.
    pub verdict_label: Text,
    /// Filing date.
    pub filing_date: Option<String>,
}

/// One project: its latest round, and how many earlier rounds the batch holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProjectLine {
    /// `project.id` (empty for files that could not be read).
    pub id: String,
    /// `project.name`.
    pub name: String,
    /// County.
    pub county: String,
    /// Township.
    pub township: String,
    /// The latest round (by filing date, then path).
    pub latest: Round,
    /// Earlier rounds, oldest first.
    pub earlier: Vec<Round>,
}

/// A project id that more than one submission carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DuplicateId {
    /// The id.
    pub id: String,
    /// The submissions that carry it, in path order.
    pub paths: Vec<String>,
}

/// Batch totals.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Totals {
    /// Submissions (checked or not).
    pub submissions: usize,
    /// Distinct projects (by `project.id`; a file that could not be read counts as one).
    #[serde(default)]
    pub projects: usize,
    /// Checked.
    pub checked: usize,
    /// Could not be checked.
    pub errors: usize,
    /// Verdicts.
    pub verdicts: VerdictCounts,
}

/// The tool.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ToolRef {
    /// `anfang`.
    pub name: String,
    /// Version.
    pub version: String,
}

/// The summary of a batch (`summary.json`; the dashboard and `summary.csv` render it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    /// `anfang-batch-summary/1`.
    pub format: String,
    /// The tool.
    pub tool: ToolRef,
    /// The date waivers were judged on.
    pub as_of: String,
    /// A date printed on the documents, only when asked for.
    pub date: Option<String>,
    /// The standards (editions) applied.
    pub standards: Vec<StandardUsed>,
    /// The batch's exit code: 2 if any input could not be checked, else 1 if any submission is
    /// not compliant, else 0.
    pub exit_code: u8,
    /// Totals.
    pub totals: Totals,
    /// By county (code order), with townships.
    pub counties: Vec<CountyLine>,
    /// Rules by the number of submissions that failed them (most first).
    pub rules: Vec<RuleLine>,
    /// Failures by category.
    pub categories: Vec<CategoryLine>,
    /// Waivers.
    pub waivers: WaiverSummary,
    /// One line per project: the latest round, earlier rounds counted and linked.
    #[serde(default)]
    pub projects: Vec<ProjectLine>,
    /// Project ids carried by more than one submission (rounds of one project, or a mistake).
    #[serde(default)]
    pub duplicate_ids: Vec<DuplicateId>,
    /// The folder every input path starts with (with its final `/`), which the dashboard leaves
    /// out when it names a file.
    #[serde(default)]
    pub common_folder: String,
    /// Every submission, sorted by path.
    pub submissions: Vec<Row>,
}

fn round_of(r: &Row) -> Round {
    Round {
        path: r.path.clone(),
        report: r.report.clone(),
        verdict: r.verdict.clone(),
        verdict_label: r.verdict_label.clone(),
        filing_date: r.filing_date.clone(),
    }
}

/// Groups rows by project id: the latest round of each (by filing date, then path) and the
/// earlier ones; and the ids more than one submission carries.
fn projects(rows: &[Row]) -> (Vec<ProjectLine>, Vec<DuplicateId>) {
    let mut by_id: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        let key = r
            .project_id
            .clone()
            .unwrap_or_else(|| format!("\u{0}{}", r.path));
        by_id.entry(key).or_default().push(r);
    }
    let mut lines = Vec::new();
    let mut duplicates = Vec::new();
    for (key, mut rounds) in by_id {
        rounds.sort_by(|a, b| {
            a.filing_date
                .cmp(&b.filing_date)
                .then_with(|| a.path.cmp(&b.path))
        });
        let Some((latest, earlier)) = rounds.split_last() else {
            continue;
        };
        if !earlier.is_empty() && !key.starts_with('\u{0}') {
            let mut paths: Vec<String> = rounds.iter().map(|r| r.path.clone()).collect();
            paths.sort();
            duplicates.push(DuplicateId {
                id: key.clone(),
                paths,
            });
        }
        lines.push(ProjectLine {
            id: latest.project_id.clone().unwrap_or_default(),
            name: latest.project_name.clone().unwrap_or_default(),
            county: latest.region.county.clone(),
            township: latest.region.township.clone(),
            latest: round_of(latest),
            earlier: earlier.iter().map(|r| round_of(r)).collect(),
        });
    }
    lines.sort_by(|a, b| a.latest.path.cmp(&b.latest.path));
    (lines, duplicates)
}

/// The exit code of a set of verdicts: 2 on any error, else 1 on anything but a pass, else 0.
pub fn exit_code<'a>(verdicts: impl Iterator<Item = &'a str>) -> u8 {
    verdicts.fold(0, |code, v| {
        code.max(match v {
            "pass" => 0,
            "error" => 2,
            _ => 1,
        })
    })
}

/// Aggregates rows (in any order: they are sorted by path here, so the summary is the same
/// bytes whatever order the workers finished in).
pub fn summarise(mut rows: Vec<Row>, as_of: Date, date: Option<String>) -> Summary {
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    let mut verdicts = VerdictCounts::default();
    let mut counties: BTreeMap<String, (String, VerdictCounts, BTreeMap<String, VerdictCounts>)> =
        BTreeMap::new();
    let mut rules: BTreeMap<String, RuleLine> = BTreeMap::new();
    let mut categories: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut standards = std::collections::BTreeSet::new();
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut submissions_in_force = 0;
    let mut expiring = Vec::new();
    let today = as_of.to_days();
    for row in &rows {
        verdicts.add(&row.verdict);
        let county = counties
            .entry(row.region.county_code.clone())
            .or_insert_with(|| {
                (
                    row.region.county.clone(),
                    VerdictCounts::default(),
                    BTreeMap::new(),
                )
            });
        county.1.add(&row.verdict);
        county
            .2
            .entry(row.region.township.clone())
            .or_default()
            .add(&row.verdict);
        if let Some(s) = &row.standard {
            standards.insert(s.clone());
        }
        let mut row_categories = std::collections::BTreeSet::new();
        for f in &row.failed_rules {
            let line = rules.entry(f.rule.clone()).or_insert_with(|| RuleLine {
                rule: f.rule.clone(),
                title: f.title.clone(),
                category: f.category.clone(),
                obligation: f.obligation.clone(),
                submissions: 0,
                subjects: 0,
            });
            line.submissions += 1;
            line.subjects += f.subjects;
            categories.entry(category_key(&f.category)).or_default().0 += 1;
            row_categories.insert(category_key(&f.category));
        }
        for c in row_categories {
            categories.entry(c).or_default().1 += 1;
        }
        if row.waivers.iter().any(|w| w.status == "in_force") {
            submissions_in_force += 1;
        }
        for w in &row.waivers {
            *by_status.entry(w.status.clone()).or_default() += 1;
            let Some(expires) = &w.expires else { continue };
            let Some(d) = Date::parse(expires) else {
                continue;
            };
            let days_left = d.to_days() - today;
            if days_left <= EXPIRING_WITHIN_DAYS {
                expiring.push(ExpiringWaiver {
                    path: row.path.clone(),
                    project: row.project_name.clone(),
                    rule: w.rule.clone(),
                    document: w.document.clone(),
                    expires: expires.clone(),
                    days_left,
                    status: w.status.clone(),
                });
            }
        }
    }
    expiring.sort_by(|a, b| {
        a.days_left
            .cmp(&b.days_left)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    let mut rules: Vec<RuleLine> = rules.into_values().collect();
    rules.sort_by(|a, b| {
        b.submissions
            .cmp(&a.submissions)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    let categories = [
        ("people", "人防", "staffing (people)"),
        ("physical", "物防", "physical protection"),
        ("technical", "技防", "technical protection"),
        ("other", "其他", "other"),
    ]
    .into_iter()
    .filter_map(|(id, zh, en)| {
        let (failed_rules, submissions) = categories.get(id).copied().unwrap_or_default();
        (id != "other" || failed_rules > 0).then(|| CategoryLine {
            category: id.to_owned(),
            label: Text::new(zh, en),
            failed_rules,
            submissions,
        })
    })
    .collect();
    let errors = verdicts.error;
    let (project_lines, duplicate_ids) = projects(&rows);
    let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
    let common_folder = paths
        .first()
        .and_then(|p| p.get(..super::inputs::common_folder(&paths)))
        .unwrap_or_default()
        .to_owned();
    Summary {
        format: "anfang-batch-summary/1".into(),
        tool: ToolRef {
            name: "anfang".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        as_of: as_of.to_string(),
        date,
        standards: standards.into_iter().collect(),
        exit_code: exit_code(rows.iter().map(|r| r.verdict.as_str())),
        totals: Totals {
            submissions: rows.len(),
            projects: project_lines.len(),
            checked: rows.len() - errors,
            errors,
            verdicts,
        },
        counties: counties
            .into_iter()
            .map(|(code, (name, verdicts, townships))| CountyLine {
                code,
                name,
                verdicts,
                townships: townships
                    .into_iter()
                    .map(|(name, verdicts)| TownshipLine { name, verdicts })
                    .collect(),
            })
            .collect(),
        rules,
        categories,
        waivers: WaiverSummary {
            by_status,
            submissions_in_force,
            expiring_within_days: EXPIRING_WITHIN_DAYS,
            expiring,
        },
        projects: project_lines,
        duplicate_ids,
        common_folder,
        submissions: rows,
    }
}

fn category_key(c: &str) -> &'static str {
    match c {
        "people" => "people",
        "physical" => "physical",
        "technical" => "technical",
        _ => "other",
    }
}

/// `summary.csv`: one line per submission, UTF-8 with a byte-order mark so that Excel on a
/// Chinese Windows opens it as UTF-8.
pub fn csv(summary: &Summary) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new().from_writer(vec![0xEF, 0xBB, 0xBF]);
    let header = [
        "path",
        "verdict",
        "project_id",
        "project_name",
        "region_code",
        "county",
        "township",
        "standard",
        "applied",
        "passed",
        "failed",
        "waived",
        "not_applicable",
        "cannot_evaluate",
        "failed_rules",
        "cannot_evaluate_rules",
        "waivers_in_force",
        "waivers_other",
        "report",
        "sha256",
        "error",
    ];
    w.write_record(header).map_err(|e| e.to_string())?;
    for r in &summary.submissions {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let in_force = r.waivers.iter().filter(|w| w.status == "in_force").count();
        let record = [
            r.path.clone(),
            r.verdict.clone(),
            opt(&r.project_id),
            opt(&r.project_name),
            opt(&r.region_code),
            r.region.county.clone(),
            r.region.township.clone(),
            r.standard
                .as_ref()
                .map(|s| format!("{} {}", s.id, s.edition))
                .unwrap_or_default(),
            r.counts.applied.to_string(),
            r.counts.passed.to_string(),
            r.counts.failed.to_string(),
            r.counts.waived.to_string(),
            r.counts.not_applicable.to_string(),
            r.counts.cannot_evaluate.to_string(),
            r.failed_rules
                .iter()
                .map(|f| f.rule.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            r.cannot_evaluate.join(" "),
            in_force.to_string(),
            (r.waivers.len() - in_force).to_string(),
            opt(&r.report),
            opt(&r.sha256),
            opt(&r.error),
        ];
        w.write_record(
            record
                .iter()
                .map(|c| crate::sanitize::csv_cell(c).into_owned()),
        )
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}
