//! Acceptance in the portal: the inspector downloads the on-site checklist of an approved round
//! (the round whose review opinion concluded 通过 or 基本通过), fills it in on site, uploads it,
//! and issues the acceptance record — numbered and frozen like the opinion. The checklist, the
//! reading of the sheet and the assessment are the library's (`anfang checklist`, `anfang accept`).

use std::path::Path;

use serde_json::Value;

use super::app::Shared;
use super::checker::{read_design, rename, with_file};
use super::error::ServeError;
use super::repo::{FileRef, Round};
use super::upload::UploadedFile;
use crate::acceptance::assess::{AssessError, AssessOptions};
use crate::acceptance::{self, Checklist, evidence, sheet};
use crate::date::Date;
use crate::i18n::Lang;
use crate::report::template::Templates;
use crate::standard::{CompiledStandard, Editions};
use crate::validate::Validated;

/// The approved design of a round: refused unless its review opinion was issued and concluded
/// 通过 or 基本通过.
fn approved(round: &Round) -> Result<(), ServeError> {
    let opinion = round.documents.iter().find(|d| d.kind == "review_opinion");
    match opinion {
        Some(d) if matches!(d.conclusion.as_str(), "pass" | "conditional") => Ok(()),
        Some(d) => Err(ServeError::Conflict(format!(
            "round {} was not approved (its review opinion {} concluded {}); acceptance follows an approved design",
            round.number, d.number, d.conclusion
        ))),
        None => Err(ServeError::Conflict(format!(
            "round {} has no issued review opinion yet; acceptance follows an approved design",
            round.number
        ))),
    }
}

async fn design_file(state: &Shared, round: &Round) -> Result<UploadedFile, ServeError> {
    let f: &FileRef = round
        .files
        .iter()
        .find(|f| f.path == round.submission)
        .ok_or(ServeError::NotFound)?;
    Ok(UploadedFile {
        path: f.path.clone(),
        bytes: state.store.get(&f.sha256)?,
        loose: true,
    })
}

fn checklist_of(
    editions: &Editions,
    design: &Validated,
    as_of: Date,
) -> Result<(CompiledStandard, Checklist), ServeError> {
    let (standard, reason) = editions
        .pick(
            design.submission.project.filing_date.as_deref(),
            as_of,
            None,
        )
        .map_err(ServeError::BadRequest)?;
    let checklist = acceptance::checklist::build(standard, design, reason, None)
        .map_err(|e| ServeError::Internal(e.0))?;
    Ok((standard.clone(), checklist))
}

/// The checklist of an approved round in a format: html, xlsx, csv or json.
pub async fn checklist(
    state: &Shared,
    round: &Round,
    format: &str,
    lang: Lang,
) -> Result<(Vec<u8>, &'static str), ServeError> {
    approved(round)?;
    let content_type = match format {
        "html" => "text/html; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        _ => return Err(ServeError::NotFound),
    };
    let design = design_file(state, round).await?;
    let as_of = Date::parse(&round.as_of).unwrap_or_else(Date::today);
    let format = format.to_owned();
    let bytes = state
        .checker
        .job(move |editions, work| {
            let design = read_design(&design, work)?;
            let (_, checklist) = checklist_of(editions, &design, as_of)?;
            Ok(match format.as_str() {
                "html" => Templates::default()
                    .render_document("checklist.html.j2", &checklist, lang)?
                    .into_bytes(),
                "xlsx" => sheet::to_xlsx(&checklist, lang).map_err(ServeError::Internal)?,
                "csv" => sheet::to_csv(&checklist, lang).map_err(ServeError::Internal)?,
                _ => serde_json::to_string_pretty(&checklist)
                    .map(|s| (s + "\n").into_bytes())
                    .map_err(|e| ServeError::Internal(e.to_string()))?,
            })
        })
        .await?;
    Ok((bytes, content_type))
}

/// The files of an acceptance record: the record rendered (html, html-en, md, json) and the
/// inspection sheet as uploaded.
pub struct Record {
    /// The conclusion (pass | basic_pass | fail).
    pub conclusion: String,
    /// (format, bytes).
    pub files: Vec<(String, Vec<u8>)>,
}

/// Assesses a filled checklist against an approved round and renders the acceptance record
/// with its number.
pub async fn assess(
    state: &Shared,
    round: &Round,
    sheet_file: UploadedFile,
    deadline: Option<String>,
    number: String,
) -> Result<Record, ServeError> {
    approved(round)?;
    let ext = sheet_file
        .path
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if !matches!(ext.as_str(), "csv" | "xlsx") {
        return Err(ServeError::BadRequest(format!(
            "{}: upload the filled checklist as .xlsx or .csv (as downloaded)",
            sheet_file.path
        )));
    }
    if let Some(d) = &deadline
        && Date::parse(d).is_none()
    {
        return Err(ServeError::BadRequest(format!(
            "deadline `{d}`: write YYYY-MM-DD"
        )));
    }
    let design = design_file(state, round).await?;
    let as_of = Date::parse(&round.as_of).unwrap_or_else(Date::today);
    state
        .checker
        .job(move |editions, work| {
            let design = read_design(&design, work)?;
            let (standard, checklist) = checklist_of(editions, &design, as_of)?;
            let name = format!("inspection.{ext}");
            let evidence = with_file(work, &name, &sheet_file.bytes, |path: &Path| {
                let dir = path.parent().unwrap_or(path).to_path_buf();
                let mut table = crate::tabular::read_text_table(path).map_err(|ps| {
                    ps.into_iter()
                        .map(|p| named(rename(p, &dir), &name, &sheet_file.path))
                        .collect::<Vec<_>>()
                })?;
                // Rows cite the sheet as the inspector named it, not the private copy.
                table.file = sheet_file.path.clone();
                evidence::from_table(&table, &checklist).map_err(|ps| {
                    ps.into_iter()
                        .map(|p| named(rename(p, &dir), &name, &sheet_file.path))
                        .collect::<Vec<_>>()
                })
            })?
            .map_err(ServeError::Input)?;
            let options = AssessOptions {
                as_of,
                date: None,
                deadline,
                document_number: Some(number),
            };
            let record =
                acceptance::assess(&standard, &design, &checklist, &evidence, None, &options)
                    .map_err(|e| match e {
                        AssessError::Input(p) => ServeError::Input(p),
                        AssessError::Standard(m) => ServeError::Internal(m),
                    })?;
            let templates = Templates::default();
            let json = serde_json::to_string_pretty(&record)
                .map(|s| (s + "\n").into_bytes())
                .map_err(|e| ServeError::Internal(e.to_string()))?;
            let conclusion = serde_json::to_value(&record)
                .ok()
                .and_then(|v| {
                    v.get("conclusion")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            Ok(Record {
                conclusion,
                files: vec![
                    (
                        "html".into(),
                        templates
                            .render_document("acceptance.html.j2", &record, Lang::Zh)?
                            .into_bytes(),
                    ),
                    (
                        "html-en".into(),
                        templates
                            .render_document("acceptance.html.j2", &record, Lang::En)?
                            .into_bytes(),
                    ),
                    (
                        "md".into(),
                        templates
                            .render_document("acceptance.md.j2", &record, Lang::Zh)?
                            .into_bytes(),
                    ),
                    ("json".into(), json),
                    (ext.clone(), sheet_file.bytes.clone()),
                ],
            })
        })
        .await
}

/// A problem about the sheet names it as the inspector uploaded it.
fn named(
    mut p: crate::diagnostic::Problem,
    internal: &str,
    uploaded: &str,
) -> crate::diagnostic::Problem {
    p.file = p.file.replace(internal, uploaded);
    p
}
