//! The workflow's writes. Each is one transaction together with its audit entries, so a round,
//! a document or a waiver is stored whole or not at all; files go to the store first (a file
//! without a row is harmless, a row without its file cannot happen).

use serde_json::{Value, json};
use sqlx::Row;

use super::app::Shared;
use super::audit;
use super::auth::{self, Caller, Role};
use super::checker::{CheckInput, Outcome};
use super::db::{Db, now};
use super::error::ServeError;
use super::repo::{self, FileRef, Project, Round};
use super::upload::{Upload, UploadedFile, submission_path};
use crate::date::Date;
use crate::i18n::Lang;
use crate::report::Report;

/// The administrator created on the first start, with a one-time sign-in token.
pub struct Bootstrap {
    /// The user name.
    pub username: String,
    /// The token of the one-time sign-in link (`/login/once/TOKEN`), valid for 24 hours.
    pub link_token: String,
}

/// Creates the administration and its administrator when the database has no user yet.
pub async fn bootstrap(db: &Db) -> Result<Option<Bootstrap>, ServeError> {
    if repo::has_users(db).await? {
        return Ok(None);
    }
    let mut w = db.write().await?;
    let org: i64 = sqlx::query(
        "INSERT INTO organisations (name, kind, region, created_at) VALUES ($1, 'admin', '', $2) \
         RETURNING id",
    )
    .bind("平台管理 Administration")
    .bind(now())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    // No password yet: the hash field holds no PHC string, so no password matches it.
    let user: i64 = sqlx::query(
        "INSERT INTO users (org_id, username, display_name, role, password_hash, created_at) \
         VALUES ($1, 'admin', '管理员 Administrator', 'admin', '!', $2) RETURNING id",
    )
    .bind(org)
    .bind(now())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    let link_token = auth::new_token()?;
    sqlx::query(
        "INSERT INTO login_links (token_hash, user_id, expires_at, used) VALUES ($1, $2, $3, 0)",
    )
    .bind(auth::token_hash(&link_token))
    .bind(user)
    .bind(now() + 24 * 3600)
    .execute(&mut *w.tx)
    .await?;
    audit::append(
        &mut w.tx,
        "anfang serve",
        "bootstrap",
        "user/admin",
        &json!({"org": org, "user": user}),
    )
    .await?;
    w.commit().await?;
    Ok(Some(Bootstrap {
        username: "admin".into(),
        link_token,
    }))
}

/// A new session for a user: (cookie token, CSRF token). Expired sessions (of anyone) are
/// deleted on the way, so the table holds only live ones.
async fn new_session(
    w: &mut super::db::Write<'_>,
    user_id: i64,
) -> Result<(String, String), ServeError> {
    let token = auth::new_token()?;
    let csrf = auth::new_token()?;
    sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(now())
        .execute(&mut *w.tx)
        .await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(auth::token_hash(&token))
    .bind(user_id)
    .bind(&csrf)
    .bind(now() + auth::SESSION_SECONDS)
    .execute(&mut *w.tx)
    .await?;
    Ok((token, csrf))
}

/// Failed sign-ins of one user name within [`SIGN_IN_WINDOW_SECONDS`] after which further
/// attempts are refused until the window has passed.
pub const MAX_FAILED_SIGN_INS: i64 = 10;

/// The window of [`MAX_FAILED_SIGN_INS`]: 15 minutes.
pub const SIGN_IN_WINDOW_SECONDS: i64 = 15 * 60;

/// Signs in with a password; every attempt is audited. Returns the session token.
///
/// An unknown user name costs the same argon2 verification as a known one; after
/// [`MAX_FAILED_SIGN_INS`] failures of one user name in [`SIGN_IN_WINDOW_SECONDS`] the name is
/// locked for the rest of the window ([`ServeError::TooManySignIns`]), counted from
/// the audit log, so every instance sharing the database applies the same lock.
pub async fn sign_in(db: &Db, username: &str, password: &str) -> Result<String, ServeError> {
    let failed: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE actor = $1 AND action = 'sign_in_failed' AND at > $2",
    )
    .bind(username)
    .bind(now() - SIGN_IN_WINDOW_SECONDS)
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?;
    if failed >= MAX_FAILED_SIGN_INS {
        let mut w = db.write().await?;
        audit::append(&mut w.tx, username, "sign_in_locked", "user", &json!({})).await?;
        w.commit().await?;
        return Err(ServeError::TooManySignIns);
    }
    let found = auth::caller_by_username(&db.pool, username).await?;
    // An unknown user name is verified against no hash, which costs the same time (see
    // `auth::verify_password`).
    let (caller, hash) = match found {
        Some((c, h)) => (Some(c), h),
        None => (None, String::new()),
    };
    let password = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let mut w = db.write().await?;
    match caller.filter(|_| ok) {
        Some(c) => {
            let (token, _) = new_session(&mut w, c.user_id).await?;
            audit::append(
                &mut w.tx,
                &c.audit_name(),
                "sign_in",
                &format!("user/{}", c.user_id),
                &json!({}),
            )
            .await?;
            w.commit().await?;
            Ok(token)
        }
        None => {
            audit::append(&mut w.tx, username, "sign_in_failed", "user", &json!({})).await?;
            w.commit().await?;
            Err(ServeError::Unauthorized)
        }
    }
}

/// Uses a one-time sign-in link: sets the password and opens a session.
pub async fn use_login_link(db: &Db, token: &str, password: &str) -> Result<String, ServeError> {
    auth::check_password_rules(password)?;
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&pw))
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))??;
    let mut w = db.write().await?;
    let row = sqlx::query(
        "SELECT user_id FROM login_links WHERE token_hash = $1 AND used = 0 AND expires_at > $2",
    )
    .bind(auth::token_hash(token))
    .bind(now())
    .fetch_optional(&mut *w.tx)
    .await?;
    let Some(row) = row else {
        return Err(ServeError::NotFound);
    };
    let user: i64 = row.try_get("user_id")?;
    sqlx::query("UPDATE login_links SET used = 1 WHERE token_hash = $1")
        .bind(auth::token_hash(token))
        .execute(&mut *w.tx)
        .await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user)
        .execute(&mut *w.tx)
        .await?;
    let (session, _) = new_session(&mut w, user).await?;
    audit::append(
        &mut w.tx,
        &format!("user/{user}"),
        "sign_in_link",
        &format!("user/{user}"),
        &json!({"password_set": true}),
    )
    .await?;
    w.commit().await?;
    Ok(session)
}

/// Whether a one-time link is still usable.
pub async fn login_link_valid(db: &Db, token: &str) -> Result<bool, ServeError> {
    Ok(sqlx::query(
        "SELECT user_id FROM login_links WHERE token_hash = $1 AND used = 0 AND expires_at > $2",
    )
    .bind(auth::token_hash(token))
    .bind(now())
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Ends a session.
pub async fn sign_out(db: &Db, token: &str) -> Result<(), ServeError> {
    let mut w = db.write().await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(auth::token_hash(token))
        .execute(&mut *w.tx)
        .await?;
    w.commit().await
}

/// A new API token for a user, printed once; only its SHA-256 is kept.
pub async fn create_token(
    db: &Db,
    user: &Caller,
    label: &str,
    by: &str,
) -> Result<String, ServeError> {
    let token = auth::new_token()?;
    let mut w = db.write().await?;
    sqlx::query(
        "INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user.user_id)
    .bind(auth::token_hash(&token))
    .bind(label)
    .bind(now())
    .execute(&mut *w.tx)
    .await?;
    audit::append(
        &mut w.tx,
        by,
        "token_created",
        &format!("user/{}", user.user_id),
        &json!({"label": label}),
    )
    .await?;
    w.commit().await?;
    Ok(token)
}

fn valid_region(region: &str, allow_empty: bool) -> Result<(), ServeError> {
    if (region.is_empty() && allow_empty)
        || (!region.is_empty() && region.len() <= 6 && region.bytes().all(|b| b.is_ascii_digit()))
    {
        Ok(())
    } else {
        Err(ServeError::BadRequest(format!(
            "`{region}` is not a 行政区划 code or prefix (up to 6 digits, e.g. 5329 for 大理州)"
        )))
    }
}

fn unique_violation(e: sqlx::Error, what: &str) -> ServeError {
    let text = e.to_string();
    if text.contains("UNIQUE") || text.contains("unique") || text.contains("duplicate") {
        ServeError::Conflict(format!("{what} already exists"))
    } else {
        ServeError::from(e)
    }
}

/// An administrator creates an organisation.
pub async fn create_organisation(
    db: &Db,
    by: &Caller,
    name: &str,
    kind: &str,
    region: &str,
) -> Result<i64, ServeError> {
    if !matches!(kind, "applicant" | "authority" | "inspection" | "admin") {
        return Err(ServeError::BadRequest(format!(
            "organisation kind `{kind}`: give applicant, authority, inspection or admin"
        )));
    }
    if name.trim().is_empty() {
        return Err(ServeError::BadRequest(
            "the organisation needs a name".into(),
        ));
    }
    valid_region(region, kind != "authority" && kind != "inspection")?;
    let mut w = db.write().await?;
    let id: i64 = sqlx::query("INSERT INTO organisations (name, kind, region, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name.trim())
        .bind(kind)
        .bind(region)
        .bind(now())
        .fetch_one(&mut *w.tx)
        .await
        .map_err(|e| unique_violation(e, &format!("an organisation named {name}")))?
        .try_get("id")?;
    audit::append(
        &mut w.tx,
        &by.audit_name(),
        "organisation_created",
        &format!("organisation/{id}"),
        &json!({"name": name, "kind": kind, "region": region}),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// Which roles an organisation's kind may hold.
fn role_fits(kind: &str, role: Role) -> bool {
    matches!(
        (kind, role),
        ("applicant", Role::Applicant)
            | ("authority", Role::Reviewer)
            | ("inspection", Role::Inspector)
            | ("authority", Role::Inspector)
            | ("admin", Role::Admin)
    )
}

/// An administrator creates a user with an initial password.
pub async fn create_user(
    db: &Db,
    by: &Caller,
    org_id: i64,
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
) -> Result<i64, ServeError> {
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(ServeError::BadRequest(
            "a user name is 1–64 letters, digits, `.`, `_` or `-`".into(),
        ));
    }
    auth::check_password_rules(password)?;
    let kind: Option<String> = sqlx::query("SELECT kind FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get("kind"))
        .transpose()?;
    let Some(kind) = kind else {
        return Err(ServeError::BadRequest(format!("no organisation {org_id}")));
    };
    if !role_fits(&kind, role) {
        return Err(ServeError::BadRequest(format!(
            "a {} organisation cannot have a {} user",
            kind,
            role.id()
        )));
    }
    let pw = password.to_owned();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&pw))
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))??;
    let mut w = db.write().await?;
    let id: i64 = sqlx::query("INSERT INTO users (org_id, username, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(org_id)
        .bind(username)
        .bind(if display_name.is_empty() { username } else { display_name })
        .bind(role.id())
        .bind(hash)
        .bind(now())
        .fetch_one(&mut *w.tx)
        .await
        .map_err(|e| unique_violation(e, &format!("a user named {username}")))?
        .try_get("id")?;
    audit::append(
        &mut w.tx,
        &by.audit_name(),
        "user_created",
        &format!("user/{id}"),
        &json!({"username": username, "role": role.id(), "org": org_id}),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// An applicant creates a project.
pub async fn create_project(
    db: &Db,
    by: &Caller,
    name: &str,
    region: &str,
    township: &str,
) -> Result<i64, ServeError> {
    if name.trim().is_empty() {
        return Err(ServeError::BadRequest("the project needs a name".into()));
    }
    if region.len() != 6 || !region.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ServeError::BadRequest(format!(
            "region `{region}`: give the project's 6-digit 行政区划 code (e.g. 532901 for 大理市)"
        )));
    }
    let mut w = db.write().await?;
    let id: i64 = sqlx::query("INSERT INTO projects (org_id, name, region, township, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(by.org_id)
        .bind(name.trim())
        .bind(region)
        .bind(township.trim())
        .bind(by.user_id)
        .bind(now())
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("id")?;
    audit::append(
        &mut w.tx,
        &by.audit_name(),
        "project_created",
        &format!("project/{id}"),
        &json!({"name": name, "region": region}),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// The project's waivers in the submission's `waivers:` form.
async fn waiver_values(db: &Db, project_id: i64) -> Result<Vec<Value>, ServeError> {
    Ok(repo::waivers(db, project_id)
        .await?
        .into_iter()
        .map(|w| {
            let mut v = json!({
                "rule": w.rule, "reason": w.reason, "approver": w.approver,
                "document": w.document, "date": w.date,
            });
            if let Some(obj) = v.as_object_mut() {
                if let Some(e) = w.expires {
                    obj.insert("expires".into(), Value::from(e));
                }
                if !w.conditions.is_empty() {
                    obj.insert("conditions".into(), json!(w.conditions));
                }
                if let Some(s) = w.subject {
                    obj.insert("subject".into(), Value::from(s));
                }
            }
            v
        })
        .collect())
}

fn report_json(report: &Report) -> Result<Vec<u8>, ServeError> {
    serde_json::to_string_pretty(report)
        .map(|s| (s + "\n").into_bytes())
        .map_err(|e| ServeError::Internal(format!("report: {e}")))
}

/// An applicant uploads a round: the files are stored, checked at once, and the round is
/// recorded with its report in one transaction.
pub async fn submit_round(
    state: &Shared,
    by: &Caller,
    project: &Project,
    upload: Upload,
) -> Result<i64, ServeError> {
    let submission = submission_path(&upload)?;
    let waivers = waiver_values(&state.db, project.id).await?;
    let as_of = Date::today();
    let mut files = Vec::with_capacity(upload.files.len());
    for f in &upload.files {
        let sha = state.store.put(&f.bytes)?;
        files.push(FileRef {
            path: f.path.clone(),
            sha256: sha,
            size: f.bytes.len() as u64,
        });
    }
    let outcome = state
        .checker
        .check(CheckInput {
            submission: submission.clone(),
            files: upload.files,
            waivers: waivers.clone(),
            as_of,
        })
        .await?;
    let (verdict, report_sha, problems, standard) = match &outcome {
        Ok(report) => (
            report.verdict.clone(),
            Some(state.store.put(&report_json(report)?)?),
            Vec::new(),
            format!(
                "{} {} {}",
                report.standard.id, report.standard.edition, report.standard.sha256
            ),
        ),
        Err(problems) => (
            "error".to_owned(),
            None,
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            String::new(),
        ),
    };
    // The round's line of the district dashboard (the batch summary's row), kept with it.
    let dashboard_row = match &outcome {
        Ok(report) => serde_json::to_string(&crate::batch::summary::Row::checked(
            &format!("{} (#{})", project.name, project.id),
            &format!("/projects/{}", project.id),
            report,
        ))
        .map_err(|e| ServeError::Internal(e.to_string()))?,
        Err(_) => String::new(),
    };
    let files_json =
        serde_json::to_string(&files).map_err(|e| ServeError::Internal(e.to_string()))?;
    let mut w = state.db.write().await?;
    let number: i64 =
        sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM rounds WHERE project_id = $1")
            .bind(project.id)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get("n")?;
    let id: i64 = sqlx::query(
        "INSERT INTO rounds (project_id, number, submission, files, verdict, report_sha, problems, \
         standard, as_of, waivers, dashboard_row, created_by, created_at, remarks) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, '') RETURNING id",
    )
    .bind(project.id)
    .bind(number)
    .bind(&submission)
    .bind(&files_json)
    .bind(&verdict)
    .bind(report_sha.clone())
    .bind(serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into()))
    .bind(&standard)
    .bind(as_of.to_string())
    .bind(Value::Array(waivers).to_string())
    .bind(dashboard_row)
    .bind(by.user_id)
    .bind(now())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    let subject = format!("project/{}/round/{number}", project.id);
    audit::append(
        &mut w.tx,
        &by.audit_name(),
        "upload",
        &subject,
        &json!({"round": id, "files": files}),
    )
    .await?;
    audit::append(&mut w.tx, "anfang", "check", &subject, &json!({"round": id, "verdict": verdict, "report_sha256": report_sha, "standard": standard, "as_of": as_of.to_string()})).await?;
    w.commit().await?;
    Ok(id)
}

/// Recreates a round's check input from the store.
async fn stored_input(state: &Shared, round: &Round) -> Result<CheckInput, ServeError> {
    let mut files = Vec::with_capacity(round.files.len());
    for f in &round.files {
        files.push(UploadedFile {
            path: f.path.clone(),
            bytes: state.store.get(&f.sha256)?,
            loose: !f.path.contains('/'),
        });
    }
    let waivers: String = sqlx::query("SELECT waivers FROM rounds WHERE id = $1")
        .bind(round.id)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("waivers")?;
    Ok(CheckInput {
        submission: round.submission.clone(),
        files,
        waivers: serde_json::from_str(&waivers).unwrap_or_default(),
        as_of: Date::parse(&round.as_of).unwrap_or_else(Date::today),
    })
}

/// Checks a round's stored files again and proves the report is the one stored (same SHA-256).
pub async fn reproduce(state: &Shared, round: &Round) -> Result<Report, ServeError> {
    let input = stored_input(state, round).await?;
    let report = match state.checker.check(input).await? {
        Ok(r) => r,
        Err(problems) => return Err(ServeError::Input(problems)),
    };
    let sha = crate::ingest::sha256_hex(&report_json(&report)?);
    if round.report_sha256.as_deref() != Some(sha.as_str()) {
        return Err(ServeError::Conflict(format!(
            "round {} no longer checks to the report stored for it (the standard or anfang \
             changed since): ask the applicant to upload it again",
            round.number
        )));
    }
    Ok(report)
}

/// A reviewer's remarks on a round (before it is issued).
pub async fn set_remarks(
    db: &Db,
    by: &Caller,
    round: &Round,
    remarks: &str,
) -> Result<(), ServeError> {
    let mut w = db.write().await?;
    sqlx::query("UPDATE rounds SET remarks = $1 WHERE id = $2")
        .bind(remarks)
        .bind(round.id)
        .execute(&mut *w.tx)
        .await?;
    audit::append(&mut w.tx, &by.audit_name(), "remarks", &format!("project/{}/round/{}", round.project_id, round.number), &json!({"round": round.id, "remarks_sha256": crate::ingest::sha256_hex(remarks.as_bytes())})).await?;
    w.commit().await
}

/// The next number of a kind of document this year: `RO-2026-0001`, `AR-2026-0001`.
async fn next_number(w: &mut super::db::Write<'_>, kind: &str) -> Result<String, ServeError> {
    let prefix = match kind {
        "review_opinion" => "RO",
        _ => "AR",
    };
    let year = Date::today().year;
    let pattern = format!("{prefix}-{year}-%");
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM documents WHERE number LIKE $1")
        .bind(pattern)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get("n")?;
    Ok(format!("{prefix}-{year}-{:04}", n + 1))
}

const NUMBER_TAKEN: &str = "the document number was taken by another issue meanwhile";

/// The number the next document of a kind would get (read without the lock: the issue checks
/// it again under the lock and retries when another instance took it).
async fn peek_number(db: &Db, kind: &str) -> Result<String, ServeError> {
    let mut w = db.write().await?;
    let n = next_number(&mut w, kind).await;
    drop(w);
    n
}

/// An inspector issues the acceptance record of an approved round from the filled checklist.
pub async fn issue_acceptance(
    state: &Shared,
    by: &Caller,
    round: &Round,
    sheet: UploadedFile,
    deadline: Option<String>,
) -> Result<i64, ServeError> {
    for _ in 0..3 {
        let number = peek_number(&state.db, "acceptance_record").await?;
        let record = super::acceptance::assess(
            state,
            round,
            sheet.clone(),
            deadline.clone(),
            number.clone(),
        )
        .await?;
        let conclusion = record.conclusion.clone();
        match record_document(
            state,
            by,
            round,
            "acceptance_record",
            &conclusion,
            "",
            Some(&number),
            move |_| Ok(record.files),
        )
        .await
        {
            Err(ServeError::Conflict(m)) if m == NUMBER_TAKEN => continue,
            other => return other,
        }
    }
    Err(ServeError::Conflict(NUMBER_TAKEN.into()))
}

/// Stores a document's files and records it, frozen.
#[allow(clippy::too_many_arguments)]
async fn record_document(
    state: &Shared,
    by: &Caller,
    round: &Round,
    kind: &str,
    conclusion: &str,
    remarks: &str,
    expected_number: Option<&str>,
    render: impl FnOnce(&str) -> Result<Vec<(String, Vec<u8>)>, ServeError>,
) -> Result<i64, ServeError> {
    let mut w = state.db.write().await?;
    let exists = sqlx::query("SELECT id FROM documents WHERE round_id = $1 AND kind = $2")
        .bind(round.id)
        .bind(kind)
        .fetch_optional(&mut *w.tx)
        .await?;
    if exists.is_some() {
        return Err(ServeError::Conflict(format!(
            "round {} already has its {kind}; an issued document never changes",
            round.number
        )));
    }
    let number = next_number(&mut w, kind).await?;
    if expected_number.is_some_and(|e| e != number) {
        return Err(ServeError::Conflict(NUMBER_TAKEN.into()));
    }
    let mut files = Vec::new();
    for (format, bytes) in render(&number)? {
        let sha = state.store.put(&bytes)?;
        files.push(FileRef {
            path: format,
            sha256: sha,
            size: bytes.len() as u64,
        });
    }
    let id: i64 = sqlx::query(
        "INSERT INTO documents (round_id, kind, number, conclusion, remarks, files, issued_by, issued_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(round.id)
    .bind(kind)
    .bind(&number)
    .bind(conclusion)
    .bind(remarks)
    .bind(serde_json::to_string(&files).unwrap_or_else(|_| "[]".into()))
    .bind(by.user_id)
    .bind(now())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    audit::append(&mut w.tx, &by.audit_name(), "issue", &format!("project/{}/round/{}", round.project_id, round.number), &json!({"document": id, "kind": kind, "number": number, "conclusion": conclusion, "files": files})).await?;
    w.commit().await?;
    Ok(id)
}

/// A reviewer issues the review opinion of a round: the report is reproduced from the stored
/// files (its digest must match), rendered as the command line renders it, and frozen.
pub async fn issue_opinion(
    state: &Shared,
    by: &Caller,
    round: &Round,
    remarks: &str,
) -> Result<i64, ServeError> {
    if round.verdict == "error" {
        return Err(ServeError::Conflict(
            "this round could not be checked; there is no opinion to issue".into(),
        ));
    }
    let report = reproduce(state, round).await?;
    let json = report_json(&report)?;
    let templates = crate::report::template::Templates::default();
    let verdict = report.verdict.clone();
    record_document(
        state,
        by,
        round,
        "review_opinion",
        &verdict,
        remarks,
        None,
        move |number| {
            let mut files = vec![
                (
                    "html".to_owned(),
                    templates
                        .render_opinion("review-opinion.html.j2", &report, Lang::Zh, Some(number))?
                        .into_bytes(),
                ),
                (
                    "html-en".to_owned(),
                    templates
                        .render_opinion("review-opinion.html.j2", &report, Lang::En, Some(number))?
                        .into_bytes(),
                ),
                (
                    "md".to_owned(),
                    templates
                        .render_opinion("review-opinion.md.j2", &report, Lang::Zh, Some(number))?
                        .into_bytes(),
                ),
                ("json".to_owned(), json),
            ];
            if let Some(pdf) = pdf_of(&report, number) {
                files.push(("pdf".to_owned(), pdf));
            }
            Ok(files)
        },
    )
    .await
}

#[cfg(feature = "pdf")]
fn pdf_of(report: &Report, number: &str) -> Option<Vec<u8>> {
    let fonts = crate::print::FontSet::discover(None).ok()?;
    crate::print::render(
        crate::print::PrintDocument::REVIEW_OPINION,
        &crate::print::review_opinion_data(report, number, Lang::Zh),
        &fonts,
        &crate::print::PrintOptions {
            lang: Lang::Zh,
            templates: None,
        },
    )
    .ok()
}

#[cfg(not(feature = "pdf"))]
fn pdf_of(_report: &Report, _number: &str) -> Option<Vec<u8>> {
    None
}

/// What a reviewer records when granting a waiver.
#[derive(Debug, Clone, serde::Deserialize, schemars::JsonSchema)]
pub struct WaiverRequest {
    /// The waived rule's id.
    pub rule: String,
    /// One subject only (a JSON pointer into the submission), or every subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// Why.
    pub reason: String,
    /// The approving document's number (批准文号).
    pub document: String,
    /// Approval date (YYYY-MM-DD).
    pub date: String,
    /// Expiry date (YYYY-MM-DD).
    #[serde(default)]
    pub expires: Option<String>,
    /// Conditions attached.
    #[serde(default)]
    pub conditions: Vec<String>,
}

/// A reviewer grants a waiver; later checks of the project apply it (a mandatory clause or legal
/// duty is never waived: the engine refuses it and the report says so).
pub async fn grant_waiver(
    state: &Shared,
    by: &Caller,
    project: &Project,
    req: &WaiverRequest,
) -> Result<i64, ServeError> {
    if req.rule.trim().is_empty() || req.reason.trim().is_empty() || req.document.trim().is_empty()
    {
        return Err(ServeError::BadRequest(
            "a waiver needs the rule, the reason and the approving document".into(),
        ));
    }
    if state
        .checker
        .editions()
        .latest()
        .is_some_and(|s| s.rules.iter().all(|r| r.id != req.rule))
    {
        return Err(ServeError::BadRequest(format!(
            "no rule `{}` in the standard",
            req.rule
        )));
    }
    for d in std::iter::once(Some(&req.date))
        .chain(std::iter::once(req.expires.as_ref()))
        .flatten()
    {
        if Date::parse(d).is_none() {
            return Err(ServeError::BadRequest(format!(
                "`{d}` is not a date; write YYYY-MM-DD"
            )));
        }
    }
    let mut w = state.db.write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO waivers (project_id, rule, subject, reason, approver, document, date, expires, \
         conditions, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(project.id)
    .bind(req.rule.trim())
    .bind(req.subject.clone().filter(|s| !s.is_empty()))
    .bind(req.reason.trim())
    .bind(format!("{} ({})", by.org_name, by.display_name))
    .bind(req.document.trim())
    .bind(&req.date)
    .bind(req.expires.clone().filter(|s| !s.is_empty()))
    .bind(serde_json::to_string(&req.conditions).unwrap_or_else(|_| "[]".into()))
    .bind(by.user_id)
    .bind(now())
    .fetch_one(&mut *w.tx)
    .await?
    .try_get("id")?;
    audit::append(
        &mut w.tx,
        &by.audit_name(),
        "waiver",
        &format!("project/{}", project.id),
        &json!({"waiver": id, "rule": req.rule, "document": req.document}),
    )
    .await?;
    w.commit().await?;
    Ok(id)
}

/// The stored JSON report of a round.
pub async fn stored_report(state: &Shared, round: &Round) -> Result<Option<Value>, ServeError> {
    match &round.report_sha256 {
        Some(sha) => {
            let bytes = state.store.get(sha)?;
            Ok(Some(serde_json::from_slice(&bytes).map_err(|e| {
                ServeError::Internal(format!("stored report: {e}"))
            })?))
        }
        None => Ok(None),
    }
}

/// The stateless check of the API: nothing is stored.
pub async fn check_once(
    state: &Shared,
    upload: Upload,
    as_of: Date,
) -> Result<Outcome, ServeError> {
    let submission = submission_path(&upload)?;
    state
        .checker
        .check(CheckInput {
            submission,
            files: upload.files,
            waivers: Vec::new(),
            as_of,
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Creating a session deletes the expired ones, of anyone; live ones stay.
    #[tokio::test]
    async fn a_new_session_purges_expired_ones() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&super::super::config::Config::new(dir.path().to_owned()))
            .await
            .unwrap();
        let admin = bootstrap(&db).await.unwrap().unwrap();
        use_login_link(&db, &admin.link_token, "a long enough password 1")
            .await
            .unwrap();
        let user: i64 = sqlx::query("SELECT id FROM users WHERE username = 'admin'")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        for (token, expires) in [("expired", now() - 10), ("live", now() + 3600)] {
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, 'c', $3)",
            )
            .bind(token)
            .bind(user)
            .bind(expires)
            .execute(&db.pool)
            .await
            .unwrap();
        }
        sign_in(&db, "admin", "a long enough password 1")
            .await
            .unwrap();
        let left: Vec<String> = sqlx::query("SELECT token_hash FROM sessions")
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("token_hash").unwrap())
            .collect();
        assert!(!left.iter().any(|t| t == "expired"), "{left:?}");
        assert!(left.iter().any(|t| t == "live"), "{left:?}");
        assert_eq!(
            left.len(),
            3,
            "the live one and the two sessions opened: {left:?}"
        );
    }
}
