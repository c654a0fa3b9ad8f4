//! The JSON API (`/api/v1`, bearer tokens). Every handler that touches a project asks the policy
//! first; a project the caller may not see is 404.

use axum::Json;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::Row;

use super::app::Shared;
use super::audit;
use super::auth::{ApiCaller, Caller, Role};
use super::error::{ApiError, ServeError};
use super::policy::{self, can_inspect, can_review, can_submit, can_view};
use super::repo::{self, Document, Project, Round};
use super::upload::{self, Upload, UploadedFile};
use super::workflow::{self, WaiverRequest};
use crate::date::Date;

type ApiResult<T> = Result<T, ApiError>;

/// `GET /healthz`: the database answers.
pub async fn health(State(s): State<Shared>) -> ApiResult<Json<Value>> {
    s.db.ping().await?;
    Ok(Json(
        json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}),
    ))
}

/// The options of the stateless check.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct CheckQuery {
    /// The submission's file name, whose extension gives its format (default by
    /// `Content-Type`: JSON, TOML, else YAML).
    pub name: Option<String>,
    /// The date waivers are judged on (YYYY-MM-DD; default today).
    pub as_of: Option<String>,
}

fn as_of(given: Option<&str>) -> Result<Date, ServeError> {
    match given {
        Some(d) => Date::parse(d)
            .ok_or_else(|| ServeError::BadRequest(format!("as_of `{d}`: write YYYY-MM-DD"))),
        None => Ok(Date::today()),
    }
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// The submission of a request: a multipart upload, or the request body itself.
async fn upload_of(s: &Shared, query: &CheckQuery, request: Request) -> Result<Upload, ServeError> {
    if is_multipart(request.headers()) {
        let multipart = Multipart::from_request(request, s)
            .await
            .map_err(|e| ServeError::BadRequest(e.body_text()))?;
        return upload::read(multipart, &s.config.limits).await;
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let name = match &query.name {
        Some(n) => upload::confine(n).map_err(ServeError::BadRequest)?,
        None if content_type.contains("json") => "submission.json".into(),
        None if content_type.contains("toml") => "submission.toml".into(),
        None => "submission.yaml".into(),
    };
    let limit = usize::try_from(s.config.limits.file_bytes).unwrap_or(usize::MAX);
    let bytes = axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| {
            ServeError::TooLarge(format!(
                "the submission is larger than {} MiB",
                limit / (1024 * 1024)
            ))
        })?;
    Ok(Upload {
        files: vec![UploadedFile {
            path: name.clone(),
            bytes: bytes.to_vec(),
            loose: true,
        }],
        submission: Some(name),
        fields: Default::default(),
    })
}

fn json_bytes(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut r = (status, bytes).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

/// `POST /api/v1/check`: a submission in (the body, or multipart with its attachments), the
/// command line's JSON report out. Nothing is stored.
pub async fn check(
    State(s): State<Shared>,
    ApiCaller(_caller): ApiCaller,
    Query(query): Query<CheckQuery>,
    request: Request,
) -> ApiResult<Response> {
    let as_of = as_of(query.as_of.as_deref())?;
    let upload = upload_of(&s, &query, request).await?;
    match workflow::check_once(&s, upload, as_of).await? {
        Ok(report) => {
            let text = serde_json::to_string_pretty(&report)
                .map_err(|e| ServeError::Internal(e.to_string()))?
                + "\n";
            let mut r = json_bytes(StatusCode::OK, text.into_bytes());
            if let Ok(v) = HeaderValue::from_str(&report.verdict) {
                r.headers_mut().insert("x-anfang-verdict", v);
            }
            Ok(r)
        }
        Err(problems) => Err(ServeError::Input(problems).into()),
    }
}

/// `GET /api/v1/me`.
pub async fn me(ApiCaller(caller): ApiCaller) -> Json<Caller> {
    Json(caller)
}

/// A project the caller may see, else 404.
pub async fn visible_project(s: &Shared, caller: &Caller, id: i64) -> Result<Project, ServeError> {
    match repo::project(&s.db, id).await? {
        Some(p) if can_view(caller, &p.scope()) => Ok(p),
        _ => Err(ServeError::NotFound),
    }
}

/// A round (and its project) the caller may see, else 404.
pub async fn visible_round(
    s: &Shared,
    caller: &Caller,
    id: i64,
) -> Result<(Round, Project), ServeError> {
    let round = repo::round(&s.db, id).await?.ok_or(ServeError::NotFound)?;
    let project = visible_project(s, caller, round.project_id).await?;
    Ok((round, project))
}

/// A project the caller may see (else 404) and act on this way (else 403).
pub async fn permitted_project(
    s: &Shared,
    caller: &Caller,
    id: i64,
    allowed: fn(&Caller, &policy::Scope) -> bool,
    what: &str,
) -> Result<Project, ServeError> {
    let project = visible_project(s, caller, id).await?;
    policy::require(caller, &project.scope(), allowed, what)?;
    Ok(project)
}

/// A round the caller may see (else 404) and act on this way (else 403), with its project.
pub async fn permitted_round(
    s: &Shared,
    caller: &Caller,
    id: i64,
    allowed: fn(&Caller, &policy::Scope) -> bool,
    what: &str,
) -> Result<(Round, Project), ServeError> {
    let (round, project) = visible_round(s, caller, id).await?;
    policy::require(caller, &project.scope(), allowed, what)?;
    Ok((round, project))
}

/// A document (and its round and project) the caller may see, else 404.
pub async fn visible_document(
    s: &Shared,
    caller: &Caller,
    id: i64,
) -> Result<(Document, Round, Project), ServeError> {
    let doc = repo::document(&s.db, id)
        .await?
        .ok_or(ServeError::NotFound)?;
    let (round, project) = visible_round(s, caller, doc.round_id).await?;
    Ok((doc, round, project))
}

/// `GET /api/v1/projects`: the projects the caller may see.
pub async fn projects(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<Project>>> {
    Ok(Json(repo::projects(&s.db, &c).await?))
}

/// A new project.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewProject {
    /// Name.
    pub name: String,
    /// 6-digit 行政区划 code.
    pub region: String,
    /// Township (乡镇/街道).
    #[serde(default)]
    pub township: String,
}

/// `POST /api/v1/projects` (applicants).
pub async fn create_project(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Json(body): Json<NewProject>,
) -> ApiResult<(StatusCode, Json<Project>)> {
    policy::require_role(&c, &[Role::Applicant], "create projects")?;
    let id = workflow::create_project(&s.db, &c, &body.name, &body.region, &body.township).await?;
    let p = repo::project(&s.db, id)
        .await?
        .ok_or(ServeError::NotFound)?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// `GET /api/v1/projects/{id}`.
pub async fn project(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<Project>> {
    Ok(Json(visible_project(&s, &c, id).await?))
}

/// `GET /api/v1/projects/{id}/rounds`.
pub async fn rounds(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<Round>>> {
    let p = visible_project(&s, &c, id).await?;
    Ok(Json(repo::rounds(&s.db, p.id).await?))
}

/// `POST /api/v1/projects/{id}/rounds` (the project's applicant): multipart with the submission
/// (field `submission`) and its attachments (any other file fields), or one zip bundle.
pub async fn submit_round(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> ApiResult<(StatusCode, Json<Round>)> {
    let p = permitted_project(&s, &c, id, can_submit, "upload rounds of this project").await?;
    let upload = upload::read(multipart, &s.config.limits).await?;
    let round_id = workflow::submit_round(&s, &c, &p, upload).await?;
    let round = repo::round(&s.db, round_id)
        .await?
        .ok_or(ServeError::NotFound)?;
    Ok((StatusCode::CREATED, Json(round)))
}

/// `GET /api/v1/rounds/{id}`.
pub async fn round(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<Round>> {
    Ok(Json(visible_round(&s, &c, id).await?.0))
}

/// `GET /api/v1/rounds/{id}/report`: the stored JSON report, byte for byte.
pub async fn report(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let (round, _) = visible_round(&s, &c, id).await?;
    let sha = round.report_sha256.ok_or(ServeError::NotFound)?;
    Ok(json_bytes(StatusCode::OK, s.store.get(&sha)?))
}

/// The delta of a round against the one before it (`None` for the first round or when either
/// could not be checked).
pub async fn delta_of(s: &Shared, round: &Round) -> Result<Option<crate::diff::Delta>, ServeError> {
    if round.number < 2 {
        return Ok(None);
    }
    let previous = sqlx::query("SELECT id FROM rounds WHERE project_id = $1 AND number = $2")
        .bind(round.project_id)
        .bind(round.number - 1)
        .fetch_optional(&s.db.pool)
        .await?;
    let Some(previous) = previous else {
        return Ok(None);
    };
    let Some(previous) = repo::round(&s.db, previous.try_get("id")?).await? else {
        return Ok(None);
    };
    let (Some(old), Some(new)) = (
        workflow::stored_report(s, &previous).await?,
        workflow::stored_report(s, round).await?,
    ) else {
        return Ok(None);
    };
    let view = |v: Value| {
        serde_json::from_value::<crate::diff::ReportView>(v)
            .map_err(|e| ServeError::Internal(format!("stored report: {e}")))
    };
    Ok(Some(crate::diff::delta(
        &format!("round {}", previous.number),
        &view(old)?,
        &format!("round {}", round.number),
        &view(new)?,
    )))
}

/// `GET /api/v1/rounds/{id}/diff`: fixed, still failing, newly failing since the round before.
pub async fn diff(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let (round, _) = visible_round(&s, &c, id).await?;
    let delta = delta_of(&s, &round).await?.ok_or(ServeError::NotFound)?;
    Ok(Json(
        serde_json::to_value(delta).map_err(|e| ServeError::Internal(e.to_string()))?,
    ))
}

/// A reviewer's remarks.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Remarks {
    /// The text.
    #[serde(default)]
    pub remarks: String,
}

/// `PUT /api/v1/rounds/{id}/remarks` (the region's reviewers).
pub async fn remarks(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<Remarks>,
) -> ApiResult<Json<Round>> {
    let (round, _) = permitted_round(&s, &c, id, can_review, "write review remarks").await?;
    workflow::set_remarks(&s.db, &c, &round, &body.remarks).await?;
    Ok(Json(
        repo::round(&s.db, id).await?.ok_or(ServeError::NotFound)?,
    ))
}

/// `POST /api/v1/rounds/{id}/opinion` (the region's reviewers): issues the review opinion.
pub async fn issue_opinion(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
    body: Option<Json<Remarks>>,
) -> ApiResult<(StatusCode, Json<Document>)> {
    let (round, _) = permitted_round(&s, &c, id, can_review, "issue review opinions").await?;
    let remarks = body
        .map(|b| b.0.remarks)
        .unwrap_or_else(|| round.remarks.clone());
    let doc_id = workflow::issue_opinion(&s, &c, &round, &remarks).await?;
    let doc = repo::document(&s.db, doc_id)
        .await?
        .ok_or(ServeError::NotFound)?;
    Ok((StatusCode::CREATED, Json(doc)))
}

/// `GET /api/v1/documents/{id}`.
pub async fn document(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<Document>> {
    Ok(Json(visible_document(&s, &c, id).await?.0))
}

/// The bytes of one file of a document, with its digest in `X-Content-SHA256`.
pub async fn document_file(
    s: &Shared,
    doc: &Document,
    format: &str,
) -> Result<Response, ServeError> {
    let file = doc
        .files
        .iter()
        .find(|f| f.path == format)
        .ok_or(ServeError::NotFound)?;
    let bytes = s.store.get(&file.sha256)?;
    let (content_type, ext) = match format {
        "html" | "html-en" => ("text/html; charset=utf-8", "html"),
        "json" => ("application/json; charset=utf-8", "json"),
        "md" => ("text/markdown; charset=utf-8", "md"),
        "pdf" => ("application/pdf", "pdf"),
        "csv" => ("text/csv; charset=utf-8", "csv"),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        _ => ("application/octet-stream", "bin"),
    };
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&file.sha256) {
        h.insert("x-content-sha256", v);
    }
    let suffix = if format == "html-en" { "-en" } else { "" };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}{suffix}.{ext}\"",
        doc.number
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // An issued document is HTML written by anfang, but its text is the applicant's: no scripts.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
        ),
    );
    Ok(r)
}

/// `GET /api/v1/documents/{id}/{format}`: html, html-en, md, json, pdf (when printed).
pub async fn download(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path((id, format)): Path<(i64, String)>,
) -> ApiResult<Response> {
    let (doc, _, _) = visible_document(&s, &c, id).await?;
    Ok(document_file(&s, &doc, &format).await?)
}

/// `GET /api/v1/projects/{id}/waivers`.
pub async fn waivers(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<repo::Waiver>>> {
    let p = visible_project(&s, &c, id).await?;
    Ok(Json(repo::waivers(&s.db, p.id).await?))
}

/// `POST /api/v1/projects/{id}/waivers` (the region's reviewers).
pub async fn grant_waiver(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<WaiverRequest>,
) -> ApiResult<(StatusCode, Json<Vec<repo::Waiver>>)> {
    let p = permitted_project(&s, &c, id, can_review, "grant waivers").await?;
    workflow::grant_waiver(&s, &c, &p, &body).await?;
    Ok((StatusCode::CREATED, Json(repo::waivers(&s.db, p.id).await?)))
}

/// The district dashboard's summary of the caller's projects (latest checked round of each).
pub async fn summary_for(
    s: &Shared,
    c: &Caller,
) -> Result<crate::batch::summary::Summary, ServeError> {
    policy::require_role(
        c,
        &[Role::Reviewer, Role::Inspector, Role::Admin],
        "see the district dashboard",
    )?;
    let mut rows = Vec::new();
    for p in repo::projects(&s.db, c).await? {
        let row = sqlx::query(
            "SELECT dashboard_row FROM rounds WHERE project_id = $1 AND verdict <> 'error' \
             ORDER BY number DESC LIMIT 1",
        )
        .bind(p.id)
        .fetch_optional(&s.db.pool)
        .await?;
        if let Some(r) = row
            && let Ok(parsed) = serde_json::from_str(&r.try_get::<String, _>("dashboard_row")?)
        {
            rows.push(parsed);
        }
    }
    Ok(crate::batch::summary::summarise(rows, Date::today(), None))
}

/// `GET /api/v1/dashboard` (reviewers, inspectors, administrators): the batch summary, live.
pub async fn dashboard(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<crate::batch::summary::Summary>> {
    Ok(Json(summary_for(&s, &c).await?))
}

/// `GET /api/v1/organisations` (administrators).
pub async fn organisations(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<repo::Organisation>>> {
    policy::require_role(&c, &[Role::Admin], "list organisations")?;
    Ok(Json(repo::organisations(&s.db).await?))
}

/// A new organisation.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewOrganisation {
    /// Name.
    pub name: String,
    /// applicant | authority | inspection | admin.
    pub kind: String,
    /// 行政区划 code prefix of its jurisdiction (authorities and inspection groups).
    #[serde(default)]
    pub region: String,
}

/// `POST /api/v1/organisations` (administrators).
pub async fn create_organisation(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Json(b): Json<NewOrganisation>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    policy::require_role(&c, &[Role::Admin], "create organisations")?;
    let id = workflow::create_organisation(&s.db, &c, &b.name, &b.kind, &b.region).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

/// `GET /api/v1/users` (administrators).
pub async fn users(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<repo::User>>> {
    policy::require_role(&c, &[Role::Admin], "list users")?;
    Ok(Json(repo::users(&s.db).await?))
}

/// A new user.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewUser {
    /// Organisation id.
    pub org_id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown.
    #[serde(default)]
    pub display_name: String,
    /// applicant | reviewer | inspector | admin (must fit the organisation's kind).
    pub role: String,
    /// Initial password (at least 10 characters).
    pub password: String,
}

/// `POST /api/v1/users` (administrators).
pub async fn create_user(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Json(b): Json<NewUser>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    policy::require_role(&c, &[Role::Admin], "create users")?;
    let role = Role::parse(&b.role).ok_or_else(|| {
        ServeError::BadRequest(format!(
            "role `{}`: applicant, reviewer, inspector or admin",
            b.role
        ))
    })?;
    let id = workflow::create_user(
        &s.db,
        &c,
        b.org_id,
        &b.username,
        &b.display_name,
        role,
        &b.password,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))))
}

/// `GET /api/v1/audit` (administrators): the newest 200 entries.
pub async fn audit(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<audit::AuditEntry>>> {
    policy::require_role(&c, &[Role::Admin], "read the audit log")?;
    Ok(Json(audit::recent(&s.db, 200).await?))
}

/// `GET /api/v1/audit/verify` (administrators).
pub async fn audit_verify(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<audit::Verification>> {
    policy::require_role(&c, &[Role::Admin], "verify the audit log")?;
    Ok(Json(audit::verify(&s.db).await?))
}

/// `GET /api/v1/rounds/{id}/checklist/{format}` (the region's inspectors): the on-site
/// checklist of an approved round, as html, xlsx, csv or json (`anfang checklist`).
pub async fn checklist(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path((id, format)): Path<(i64, String)>,
    Query(q): Query<LangQuery>,
) -> ApiResult<Response> {
    let (round, _) =
        permitted_round(&s, &c, id, can_inspect, "download acceptance checklists").await?;
    Ok(checklist_response(&s, &round, &format, q.lang()).await?)
}

/// `?lang=zh|en`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct LangQuery {
    /// zh (default) or en.
    pub lang: Option<String>,
}

impl LangQuery {
    /// The language asked for.
    pub fn lang(&self) -> crate::i18n::Lang {
        match self.lang.as_deref() {
            Some("en") => crate::i18n::Lang::En,
            _ => crate::i18n::Lang::Zh,
        }
    }
}

/// The checklist as a download.
pub async fn checklist_response(
    s: &Shared,
    round: &Round,
    format: &str,
    lang: crate::i18n::Lang,
) -> Result<Response, ServeError> {
    let (bytes, content_type) = super::acceptance::checklist(s, round, format, lang).await?;
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"checklist-round-{}.{format}\"",
        round.number
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// The filled checklist of a multipart upload (field `sheet`), and the optional deadline.
pub fn sheet_of(upload: Upload) -> Result<(UploadedFile, Option<String>), ServeError> {
    let deadline = upload
        .fields
        .get("deadline")
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty());
    let sheet = upload.files.into_iter().next().ok_or_else(|| {
        ServeError::BadRequest(
            "send the filled checklist (.xlsx or .csv) in the field `sheet`".into(),
        )
    })?;
    Ok((sheet, deadline))
}

/// `POST /api/v1/rounds/{id}/acceptance` (the region's inspectors): the filled checklist
/// (multipart field `sheet`; optional `deadline` YYYY-MM-DD for rectifications) → the
/// acceptance record, numbered and frozen.
pub async fn issue_acceptance(
    State(s): State<Shared>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> ApiResult<(StatusCode, Json<Document>)> {
    let (round, _) = permitted_round(&s, &c, id, can_inspect, "issue acceptance records").await?;
    let upload = upload::read(multipart, &s.config.limits).await?;
    let (sheet, deadline) = sheet_of(upload)?;
    let doc_id = workflow::issue_acceptance(&s, &c, &round, sheet, deadline).await?;
    let doc = repo::document(&s.db, doc_id)
        .await?
        .ok_or(ServeError::NotFound)?;
    Ok((StatusCode::CREATED, Json(doc)))
}
