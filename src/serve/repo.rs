//! The workflow's rows and the queries that read them. Writes are in `workflow` (one
//! transaction each, with their audit entries).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::auth::{Caller, Role};
use super::db::Db;
use super::error::ServeError;
use super::policy::Scope;

/// A UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso(seconds: i64) -> String {
    let date = crate::date::Date::from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// An organisation: an applicant (developer, design institute), an authority, an acceptance
/// group, or the platform's administration.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Organisation {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// applicant | authority | inspection | admin.
    pub kind: String,
    /// 行政区划 code prefix of its jurisdiction (authorities and inspection groups).
    pub region: String,
}

/// A user as the API shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Organisation id.
    pub org_id: i64,
    /// Organisation name.
    pub org_name: String,
}

/// A file of a round or a document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FileRef {
    /// Its path within the submission folder (or its format, for a document).
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
}

/// The latest round of a project, for lists.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoundBrief {
    /// Round id.
    pub id: i64,
    /// 1, 2, …
    pub number: i64,
    /// pass | conditional | incomplete | fail | error (could not be checked).
    pub verdict: String,
    /// When it was uploaded.
    pub created_at: String,
    /// Kinds of documents issued for it.
    pub issued: Vec<String>,
}

/// A project (one community's approval case).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Project {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// 6-digit 行政区划 code.
    pub region: String,
    /// Township (乡镇/街道).
    pub township: String,
    /// The applicant organisation.
    pub org_id: i64,
    /// Its name.
    pub org_name: String,
    /// When it was created.
    pub created_at: String,
    /// The latest round, if any.
    pub latest: Option<RoundBrief>,
}

impl Project {
    /// What the policy needs.
    pub fn scope(&self) -> Scope {
        Scope {
            org_id: self.org_id,
            region: self.region.clone(),
        }
    }
}

/// A round: one upload of a submission and what the check found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Round {
    /// Id.
    pub id: i64,
    /// The project.
    pub project_id: i64,
    /// 1, 2, …
    pub number: i64,
    /// The submission file's path within the upload.
    pub submission: String,
    /// Every file uploaded (the submission and its attachments).
    pub files: Vec<FileRef>,
    /// pass | conditional | incomplete | fail | error (could not be checked).
    pub verdict: String,
    /// SHA-256 of the stored JSON report (absent when the submission could not be checked).
    pub report_sha256: Option<String>,
    /// Why it could not be checked (file:line:column: message).
    pub problems: Vec<String>,
    /// The standard applied: id, edition, SHA-256.
    pub standard: String,
    /// The date waivers were judged on.
    pub as_of: String,
    /// Who uploaded it.
    pub created_by: String,
    /// When.
    pub created_at: String,
    /// The reviewer's remarks.
    pub remarks: String,
    /// Documents issued for it.
    pub documents: Vec<Document>,
}

/// An issued, frozen document: its files never change; their digests prove it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Document {
    /// Id.
    pub id: i64,
    /// The round.
    pub round_id: i64,
    /// review_opinion | acceptance_record.
    pub kind: String,
    /// Its number (文号).
    pub number: String,
    /// The verdict or conclusion it states.
    pub conclusion: String,
    /// The reviewer's or inspector's remarks.
    pub remarks: String,
    /// Its files (`path` is the format: html, json, pdf, md, and the inspection sheet).
    pub files: Vec<FileRef>,
    /// Who issued it.
    pub issued_by: String,
    /// When.
    pub issued_at: String,
}

/// A waiver granted by a reviewer; applied to every later check of the project.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Waiver {
    /// Id.
    pub id: i64,
    /// The project.
    pub project_id: i64,
    /// The waived rule.
    pub rule: String,
    /// The one subject it covers (a JSON pointer), or all.
    pub subject: Option<String>,
    /// Why.
    pub reason: String,
    /// Who approved it.
    pub approver: String,
    /// The approving document (批准文号).
    pub document: String,
    /// Approval date.
    pub date: String,
    /// Expiry date.
    pub expires: Option<String>,
    /// Conditions attached.
    pub conditions: Vec<String>,
    /// The reviewer who recorded it.
    pub granted_by: String,
    /// When.
    pub granted_at: String,
}

fn json_list<T: serde::de::DeserializeOwned>(text: &str) -> Vec<T> {
    serde_json::from_str(text).unwrap_or_default()
}

const PROJECT_COLUMNS: &str = "p.id, p.name, p.region, p.township, p.org_id, \
     o.name AS org_name, p.created_at";

fn project_from_row(r: &AnyRow) -> Result<Project, ServeError> {
    Ok(Project {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        region: r.try_get("region")?,
        township: r.try_get("township")?,
        org_id: r.try_get("org_id")?,
        org_name: r.try_get("org_name")?,
        created_at: iso(r.try_get("created_at")?),
        latest: None,
    })
}

/// One project, whoever may see it (the caller checks the policy).
pub async fn project(db: &Db, id: i64) -> Result<Option<Project>, ServeError> {
    let row = sqlx::query(&format!(
        "SELECT {PROJECT_COLUMNS} FROM projects p JOIN organisations o ON o.id = p.org_id \
         WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut p = project_from_row(&row)?;
    p.latest = latest_round(db, p.id).await?;
    Ok(Some(p))
}

/// The projects the caller may see, newest first, each with its latest round.
pub async fn projects(db: &Db, caller: &Caller) -> Result<Vec<Project>, ServeError> {
    let base =
        format!("SELECT {PROJECT_COLUMNS} FROM projects p JOIN organisations o ON o.id = p.org_id");
    let rows = match caller.role {
        Role::Admin => {
            sqlx::query(&format!("{base} ORDER BY p.id DESC"))
                .fetch_all(&db.pool)
                .await?
        }
        Role::Applicant => {
            sqlx::query(&format!("{base} WHERE p.org_id = $1 ORDER BY p.id DESC"))
                .bind(caller.org_id)
                .fetch_all(&db.pool)
                .await?
        }
        Role::Reviewer | Role::Inspector => {
            if caller.region.is_empty() {
                Vec::new()
            } else {
                // Regions are digits only (checked when an organisation is created), so the
                // prefix has no LIKE wildcard in it.
                sqlx::query(&format!("{base} WHERE p.region LIKE $1 ORDER BY p.id DESC"))
                    .bind(format!("{}%", caller.region))
                    .fetch_all(&db.pool)
                    .await?
            }
        }
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut p = project_from_row(r)?;
        p.latest = latest_round(db, p.id).await?;
        out.push(p);
    }
    Ok(out)
}

async fn latest_round(db: &Db, project_id: i64) -> Result<Option<RoundBrief>, ServeError> {
    let row = sqlx::query(
        "SELECT id, number, verdict, created_at FROM rounds WHERE project_id = $1 \
         ORDER BY number DESC LIMIT 1",
    )
    .bind(project_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    let id: i64 = r.try_get("id")?;
    let issued = sqlx::query("SELECT kind FROM documents WHERE round_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|d| d.try_get::<String, _>("kind"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(RoundBrief {
        id,
        number: r.try_get("number")?,
        verdict: r.try_get("verdict")?,
        created_at: iso(r.try_get("created_at")?),
        issued,
    }))
}

const ROUND_COLUMNS: &str = "r.id, r.project_id, r.number, r.submission, r.files, r.verdict, \
     r.report_sha, r.problems, r.standard, r.as_of, u.username AS created_by, r.created_at, \
     r.remarks";

async fn round_from_row(db: &Db, r: &AnyRow) -> Result<Round, ServeError> {
    let id: i64 = r.try_get("id")?;
    Ok(Round {
        id,
        project_id: r.try_get("project_id")?,
        number: r.try_get("number")?,
        submission: r.try_get("submission")?,
        files: json_list(&r.try_get::<String, _>("files")?),
        verdict: r.try_get("verdict")?,
        report_sha256: r.try_get("report_sha")?,
        problems: json_list(&r.try_get::<String, _>("problems")?),
        standard: r.try_get("standard")?,
        as_of: r.try_get("as_of")?,
        created_by: r.try_get("created_by")?,
        created_at: iso(r.try_get("created_at")?),
        remarks: r.try_get("remarks")?,
        documents: documents(db, id).await?,
    })
}

/// One round with its documents.
pub async fn round(db: &Db, id: i64) -> Result<Option<Round>, ServeError> {
    let row = sqlx::query(&format!(
        "SELECT {ROUND_COLUMNS} FROM rounds r JOIN users u ON u.id = r.created_by WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    match row {
        Some(r) => Ok(Some(round_from_row(db, &r).await?)),
        None => Ok(None),
    }
}

/// A project's rounds, in order.
pub async fn rounds(db: &Db, project_id: i64) -> Result<Vec<Round>, ServeError> {
    let rows = sqlx::query(&format!(
        "SELECT {ROUND_COLUMNS} FROM rounds r JOIN users u ON u.id = r.created_by \
         WHERE r.project_id = $1 ORDER BY r.number"
    ))
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(round_from_row(db, r).await?);
    }
    Ok(out)
}

/// The documents issued for a round.
pub async fn documents(db: &Db, round_id: i64) -> Result<Vec<Document>, ServeError> {
    let rows = sqlx::query(
        "SELECT d.id, d.round_id, d.kind, d.number, d.conclusion, d.remarks, d.files, \
         u.username AS issued_by, d.issued_at FROM documents d JOIN users u ON u.id = d.issued_by \
         WHERE d.round_id = $1 ORDER BY d.id",
    )
    .bind(round_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(document_from_row).collect()
}

fn document_from_row(r: &AnyRow) -> Result<Document, ServeError> {
    Ok(Document {
        id: r.try_get("id")?,
        round_id: r.try_get("round_id")?,
        kind: r.try_get("kind")?,
        number: r.try_get("number")?,
        conclusion: r.try_get("conclusion")?,
        remarks: r.try_get("remarks")?,
        files: json_list(&r.try_get::<String, _>("files")?),
        issued_by: r.try_get("issued_by")?,
        issued_at: iso(r.try_get("issued_at")?),
    })
}

/// One document.
pub async fn document(db: &Db, id: i64) -> Result<Option<Document>, ServeError> {
    let row = sqlx::query(
        "SELECT d.id, d.round_id, d.kind, d.number, d.conclusion, d.remarks, d.files, \
         u.username AS issued_by, d.issued_at FROM documents d JOIN users u ON u.id = d.issued_by \
         WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(document_from_row).transpose()
}

/// A project's waivers, in the order granted.
pub async fn waivers(db: &Db, project_id: i64) -> Result<Vec<Waiver>, ServeError> {
    let rows = sqlx::query(
        "SELECT w.id, w.project_id, w.rule, w.subject, w.reason, w.approver, w.document, w.date, \
         w.expires, w.conditions, u.username AS granted_by, w.granted_at FROM waivers w \
         JOIN users u ON u.id = w.granted_by WHERE w.project_id = $1 ORDER BY w.id",
    )
    .bind(project_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Waiver {
                id: r.try_get("id")?,
                project_id: r.try_get("project_id")?,
                rule: r.try_get("rule")?,
                subject: r.try_get("subject")?,
                reason: r.try_get("reason")?,
                approver: r.try_get("approver")?,
                document: r.try_get("document")?,
                date: r.try_get("date")?,
                expires: r.try_get("expires")?,
                conditions: json_list(&r.try_get::<String, _>("conditions")?),
                granted_by: r.try_get("granted_by")?,
                granted_at: iso(r.try_get("granted_at")?),
            })
        })
        .collect()
}

/// Every organisation.
pub async fn organisations(db: &Db) -> Result<Vec<Organisation>, ServeError> {
    let rows = sqlx::query("SELECT id, name, kind, region FROM organisations ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Organisation {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kind: r.try_get("kind")?,
                region: r.try_get("region")?,
            })
        })
        .collect()
}

/// Every user.
pub async fn users(db: &Db) -> Result<Vec<User>, ServeError> {
    let rows = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.name AS org_name \
         FROM users u JOIN organisations o ON o.id = u.org_id ORDER BY u.id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(User {
                id: r.try_get("id")?,
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                role: Role::parse(&role).unwrap_or(Role::Applicant),
                org_id: r.try_get("org_id")?,
                org_name: r.try_get("org_name")?,
            })
        })
        .collect()
}

/// A user by sign-in name (for the command line).
pub async fn user_by_name(db: &Db, username: &str) -> Result<Option<Caller>, ServeError> {
    Ok(super::auth::caller_by_username(&db.pool, username)
        .await?
        .map(|(c, _)| c))
}

/// Whether any user exists (the first start creates the administrator).
pub async fn has_users(db: &Db) -> Result<bool, ServeError> {
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_times() {
        assert_eq!(super::iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::iso(1_796_000_000), "2026-11-30T00:53:20Z");
    }
}
