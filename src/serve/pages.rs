//! The server-rendered pages: the core flow works without JavaScript (plain forms, a cookie
//! session, a CSRF token in every form). Documents are rendered by the library's templates.

use axum::Router;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::api::{
    checklist_response, delta_of, document_file, permitted_project, permitted_round, sheet_of,
    summary_for, visible_document, visible_project, visible_round,
};
use super::app::Shared;
use super::auth::{self, Role, Session};
use super::error::ServeError;
use super::policy::{self, can_inspect, can_review, can_submit};
use super::repo;
use super::upload;
use super::web::{Web, safe_next};
use super::workflow::{self, WaiverRequest};
use crate::i18n::Lang;

/// The language cookie's name.
const LANG_COOKIE: &str = "anfang_lang";

/// Every page route.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/projects") }))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/login/once/{token}", get(once_page).post(once))
        .route("/lang/{lang}", get(set_lang))
        .route("/projects", get(projects_page).post(create_project))
        .route("/projects/{id}", get(project_page))
        .route("/projects/{id}/rounds", post(upload_round))
        .route("/projects/{id}/waivers", post(grant_waiver))
        .route("/rounds/{id}", get(round_page))
        .route("/rounds/{id}/remarks", post(save_remarks))
        .route("/rounds/{id}/issue", post(issue))
        .route("/rounds/{id}/checklist/{format}", get(checklist))
        .route("/rounds/{id}/acceptance", post(accept))
        .route("/documents/{id}/{format}", get(download))
        .route("/dashboard", get(dashboard))
        .route("/rules", get(rules_page))
        .route("/rules/{id}", get(rule_page))
        .route("/admin", get(admin_page))
        .route("/admin/organisations", post(admin_organisation))
        .route("/admin/users", post(admin_user))
        .route("/account/token", post(new_token))
}

/// The page language: the `anfang_lang` cookie, else Chinese.
pub fn lang(headers: &HeaderMap) -> Lang {
    match auth::cookie(headers, LANG_COOKIE) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// An error as a page (both languages; the status says what kind).
pub fn error_page(state: &Shared, headers: &HeaderMap, e: &ServeError) -> Response {
    let status = e.status();
    let body = state
        .web
        .render(
            "error",
            lang(headers),
            None,
            "",
            &json!({"status": status.as_u16(), "message": e.message(), "problems": e.problems()}),
        )
        .unwrap_or_else(|_| format!("{} {}", status.as_u16(), e.message()));
    (status, Html(body)).into_response()
}

/// A page handler's error: rendered as a page.
pub struct PageError(ServeError);

impl<E: Into<ServeError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let web = Web::new();
        let status = self.0.status();
        let body = web
            .render(
                "error",
                Lang::Zh,
                None,
                "",
                &json!({"status": status.as_u16(), "message": self.0.message(), "problems": self.0.problems()}),
            )
            .unwrap_or_else(|_| format!("{} {}", status.as_u16(), self.0.message()));
        (status, Html(body)).into_response()
    }
}

type PageResult = Result<Response, PageError>;

fn page<T: Serialize>(
    s: &Shared,
    headers: &HeaderMap,
    session: Option<&Session>,
    name: &str,
    data: &T,
) -> PageResult {
    let html = s.web.render(
        name,
        lang(headers),
        session.map(|x| &x.caller),
        session.map_or("", |x| x.csrf.as_str()),
        data,
    )?;
    Ok(Html(html).into_response())
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    failed: Option<String>,
}

async fn login_page(
    State(s): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> PageResult {
    page(
        &s,
        &headers,
        None,
        "login",
        &json!({
            "next": safe_next(q.next.as_deref()),
            "failed": q.failed.is_some(),
            "locked": q.failed.as_deref() == Some("locked"),
            "window_minutes": workflow::SIGN_IN_WINDOW_SECONDS / 60,
        }),
    )
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

fn with_session(mut r: Response, token: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&auth::session_cookie(token)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

async fn login(State(s): State<Shared>, Form(f): Form<LoginForm>) -> PageResult {
    let next = safe_next(Some(&f.next));
    match workflow::sign_in(&s.db, f.username.trim(), &f.password).await {
        Ok(token) => Ok(with_session(see_other(&next), &token)),
        Err(ServeError::Unauthorized) => Ok(see_other(&format!(
            "/login?failed=1&next={}",
            super::web::url_encode(&next)
        ))),
        Err(ServeError::TooManySignIns) => Ok(see_other(&format!(
            "/login?failed=locked&next={}",
            super::web::url_encode(&next)
        ))),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(s): State<Shared>,
    headers: HeaderMap,
    session: Session,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    if let Some(token) = auth::cookie(&headers, auth::SESSION_COOKIE) {
        workflow::sign_out(&s.db, token).await?;
    }
    let mut r = see_other("/login");
    if let Ok(v) = HeaderValue::from_str(&auth::cleared_cookie()) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(r)
}

async fn once_page(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> PageResult {
    if !workflow::login_link_valid(&s.db, &token).await? {
        return Err(ServeError::NotFound.into());
    }
    page(
        &s,
        &headers,
        None,
        "once",
        &json!({"token": token, "min": auth::MIN_PASSWORD, "error": null}),
    )
}

#[derive(Deserialize)]
struct OnceForm {
    password: String,
    confirm: String,
}

async fn once(
    State(s): State<Shared>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<OnceForm>,
) -> PageResult {
    let problem = if f.password != f.confirm {
        Some("两次输入的密码不一致 The two passwords differ".to_owned())
    } else {
        auth::check_password_rules(&f.password)
            .err()
            .map(|e| e.message())
    };
    if let Some(error) = problem {
        return page(
            &s,
            &headers,
            None,
            "once",
            &json!({"token": token, "min": auth::MIN_PASSWORD, "error": error}),
        );
    }
    let session = workflow::use_login_link(&s.db, &token, &f.password).await?;
    Ok(with_session(see_other("/projects"), &session))
}

async fn set_lang(Path(l): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let value = if l == "en" { "en" } else { "zh" };
    let mut r = see_other(&safe_next(q.next.as_deref()));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={value}; Path=/; SameSite=Lax; Max-Age=31536000"
    )) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

async fn projects_page(
    State(s): State<Shared>,
    headers: HeaderMap,
    session: Session,
) -> PageResult {
    let projects = repo::projects(&s.db, &session.caller).await?;
    let can_create = session.caller.role == Role::Applicant;
    page(
        &s,
        &headers,
        Some(&session),
        "projects",
        &json!({"projects": projects, "can_create": can_create}),
    )
}

#[derive(Deserialize)]
struct ProjectForm {
    csrf: String,
    name: String,
    region: String,
    #[serde(default)]
    township: String,
}

async fn create_project(
    State(s): State<Shared>,
    session: Session,
    Form(f): Form<ProjectForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    policy::require_role(&session.caller, &[Role::Applicant], "create projects")?;
    let id = workflow::create_project(
        &s.db,
        &session.caller,
        &f.name,
        f.region.trim(),
        &f.township,
    )
    .await?;
    Ok(see_other(&format!("/projects/{id}")))
}

async fn project_page(
    State(s): State<Shared>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> PageResult {
    let p = visible_project(&s, &session.caller, id).await?;
    let rounds = repo::rounds(&s.db, p.id).await?;
    let waivers = repo::waivers(&s.db, p.id).await?;
    let scope = p.scope();
    page(
        &s,
        &headers,
        Some(&session),
        "project",
        &json!({
            "project": p, "rounds": rounds, "waivers": waivers,
            "can_submit": can_submit(&session.caller, &scope),
            "can_review": can_review(&session.caller, &scope),
            "max_mib": s.config.limits.request_bytes / (1024 * 1024),
        }),
    )
}

async fn upload_round(
    State(s): State<Shared>,
    session: Session,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> PageResult {
    let p = visible_project(&s, &session.caller, id).await?;
    let upload = upload::read(multipart, &s.config.limits).await?;
    session.check_csrf(upload.fields.get("csrf").map_or("", String::as_str))?;
    policy::require(
        &session.caller,
        &p.scope(),
        can_submit,
        "upload rounds of this project",
    )?;
    let round = workflow::submit_round(&s, &session.caller, &p, upload).await?;
    Ok(see_other(&format!("/rounds/{round}")))
}

#[derive(Deserialize)]
struct WaiverForm {
    csrf: String,
    rule: String,
    #[serde(default)]
    subject: String,
    reason: String,
    document: String,
    date: String,
    #[serde(default)]
    expires: String,
    #[serde(default)]
    conditions: String,
}

async fn grant_waiver(
    State(s): State<Shared>,
    session: Session,
    Path(id): Path<i64>,
    Form(f): Form<WaiverForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    let p = permitted_project(&s, &session.caller, id, can_review, "grant waivers").await?;
    let req = WaiverRequest {
        rule: f.rule,
        subject: Some(f.subject).filter(|x| !x.trim().is_empty()),
        reason: f.reason,
        document: f.document,
        date: f.date,
        expires: Some(f.expires).filter(|x| !x.trim().is_empty()),
        conditions: f
            .conditions
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    workflow::grant_waiver(&s, &session.caller, &p, &req).await?;
    Ok(see_other(&format!("/projects/{id}")))
}

/// Findings of one subsystem, as the review opinion groups them.
#[derive(Serialize)]
struct Section {
    subsystem: String,
    label: crate::i18n::Text,
    findings: Vec<Value>,
}

/// Groups the stored report's findings by subsystem; `mandatory` picks the failed mandatory
/// clauses and legal duties (listed first in the opinion), else the rest (as
/// `report::sections` does for a report in memory).
fn sections(report: &Value, mandatory: bool, source: Option<&str>) -> Vec<Section> {
    let findings = report
        .get("findings")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let lines: Vec<&str> = source.map(|s| s.lines().collect()).unwrap_or_default();
    let mut out = Vec::new();
    for (id, zh, en) in crate::standard::SUBSYSTEMS {
        let mut list = Vec::new();
        for f in &findings {
            let str_of = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("");
            let is_mandatory = str_of("outcome") == "fail"
                && matches!(str_of("obligation"), "mandatory" | "legal");
            if str_of("subsystem") != *id || is_mandatory != mandatory {
                continue;
            }
            let mut f = f.clone();
            let line = f.pointer("/location/line").and_then(Value::as_u64);
            if let (Some(line), Some(obj)) = (line, f.as_object_mut()) {
                let text = usize::try_from(line)
                    .ok()
                    .and_then(|l| lines.get(l.wrapping_sub(1)));
                obj.insert(
                    "source_line".into(),
                    text.map_or(Value::Null, |t| Value::from(t.trim_end())),
                );
            } else if let Some(obj) = f.as_object_mut() {
                obj.insert("source_line".into(), Value::Null);
            }
            list.push(f);
        }
        if !list.is_empty() {
            out.push(Section {
                subsystem: (*id).to_owned(),
                label: crate::i18n::Text::new(*zh, *en),
                findings: list,
            });
        }
    }
    out
}

async fn round_page(
    State(s): State<Shared>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> PageResult {
    let (round, project) = visible_round(&s, &session.caller, id).await?;
    let report = workflow::stored_report(&s, &round).await?;
    let source = round
        .files
        .iter()
        .find(|f| f.path == round.submission)
        .and_then(|f| s.store.get(&f.sha256).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let (mandatory, other) = match &report {
        Some(r) => (
            sections(r, true, source.as_deref()),
            sections(r, false, source.as_deref()),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let delta = delta_of(&s, &round).await?;
    let groups = delta.as_ref().map(|d| {
        json!({
            "fixed": crate::diff::group(&d.fixed),
            "still_failing": crate::diff::group(&d.still_failing),
            "newly_failing": crate::diff::group(&d.newly_failing),
            "now_waived": crate::diff::group(&d.now_waived),
        })
    });
    let scope = project.scope();
    let reviewer = can_review(&session.caller, &scope);
    let opinion = round
        .documents
        .iter()
        .find(|d| d.kind == "review_opinion")
        .cloned();
    let acceptance = round
        .documents
        .iter()
        .find(|d| d.kind == "acceptance_record")
        .cloned();
    let approved = opinion
        .as_ref()
        .is_some_and(|d| matches!(d.conclusion.as_str(), "pass" | "conditional"));
    let summary = report.as_ref().and_then(|r| r.get("summary").cloned());
    page(
        &s,
        &headers,
        Some(&session),
        "round",
        &json!({
            "project": project, "round": round, "summary": summary,
            "report": report.as_ref().map(|r| json!({
                "verdict": r.get("verdict"), "verdict_label": r.get("verdict_label"),
                "standard": r.get("standard"), "inputs": r.get("inputs"), "crosscheck": r.get("crosscheck"),
                "waivers": r.get("waivers"),
            })),
            "mandatory": mandatory, "other": other,
            "delta": delta, "groups": groups,
            "can_review": reviewer,
            "can_issue": reviewer && opinion.is_none() && round.verdict != "error",
            "opinion": opinion,
            "acceptance": acceptance,
            "can_inspect": can_inspect(&session.caller, &scope) && approved,
        }),
    )
}

#[derive(Deserialize)]
struct RemarksForm {
    csrf: String,
    #[serde(default)]
    remarks: String,
}

async fn save_remarks(
    State(s): State<Shared>,
    session: Session,
    Path(id): Path<i64>,
    Form(f): Form<RemarksForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    let (round, _) =
        permitted_round(&s, &session.caller, id, can_review, "write review remarks").await?;
    workflow::set_remarks(&s.db, &session.caller, &round, &f.remarks).await?;
    Ok(see_other(&format!("/rounds/{id}")))
}

async fn issue(
    State(s): State<Shared>,
    session: Session,
    Path(id): Path<i64>,
    Form(f): Form<RemarksForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    let (round, _) =
        permitted_round(&s, &session.caller, id, can_review, "issue review opinions").await?;
    let remarks = if f.remarks.trim().is_empty() {
        round.remarks.clone()
    } else {
        f.remarks
    };
    workflow::issue_opinion(&s, &session.caller, &round, &remarks).await?;
    Ok(see_other(&format!("/rounds/{id}")))
}

async fn checklist(
    State(s): State<Shared>,
    headers: HeaderMap,
    session: Session,
    Path((id, format)): Path<(i64, String)>,
) -> PageResult {
    let (round, _) = permitted_round(
        &s,
        &session.caller,
        id,
        can_inspect,
        "download acceptance checklists",
    )
    .await?;
    Ok(checklist_response(&s, &round, &format, lang(&headers)).await?)
}

async fn accept(
    State(s): State<Shared>,
    session: Session,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> PageResult {
    let (round, p) = visible_round(&s, &session.caller, id).await?;
    let upload = upload::read(multipart, &s.config.limits).await?;
    session.check_csrf(upload.fields.get("csrf").map_or("", String::as_str))?;
    policy::require(
        &session.caller,
        &p.scope(),
        can_inspect,
        "issue acceptance records",
    )?;
    let (sheet, deadline) = sheet_of(upload)?;
    workflow::issue_acceptance(&s, &session.caller, &round, sheet, deadline).await?;
    Ok(see_other(&format!("/rounds/{id}")))
}

async fn download(
    State(s): State<Shared>,
    session: Session,
    Path((id, format)): Path<(i64, String)>,
) -> PageResult {
    let (doc, _, _) = visible_document(&s, &session.caller, id).await?;
    Ok(document_file(&s, &doc, &format).await?)
}

async fn dashboard(State(s): State<Shared>, headers: HeaderMap, session: Session) -> PageResult {
    let summary = summary_for(&s, &session.caller).await?;
    let templates = crate::report::template::Templates::default();
    let html = templates.render_data("dashboard.html.j2", &summary, lang(&headers))?;
    Ok(Html(html).into_response())
}

async fn rules_page(State(s): State<Shared>, headers: HeaderMap, session: Session) -> PageResult {
    let Some(standard) = s.checker.editions().latest() else {
        return Err(ServeError::NotFound.into());
    };
    let l = lang(&headers);
    let rules: Vec<Value> = standard
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "title": r.title, "subsystem": r.subsystem,
                "obligation": r.obligation.label(l), "category": r.category.label(l),
            })
        })
        .collect();
    page(
        &s,
        &headers,
        Some(&session),
        "rules",
        &json!({
            "standard": {"id": standard.id, "edition": standard.edition, "title": standard.title, "sha256": standard.sha256},
            "rules": rules,
        }),
    )
}

async fn rule_page(
    State(s): State<Shared>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let Some(standard) = s.checker.editions().latest() else {
        return Err(ServeError::NotFound.into());
    };
    let Some(rule) = standard.rules.iter().find(|r| r.id == id) else {
        return Err(ServeError::NotFound.into());
    };
    let text = crate::cli::info::explain_text(standard, rule, lang(&headers), false);
    page(
        &s,
        &headers,
        Some(&session),
        "rule",
        &json!({"id": rule.id, "title": rule.title, "text": text}),
    )
}

async fn admin_page(State(s): State<Shared>, headers: HeaderMap, session: Session) -> PageResult {
    policy::require_role(
        &session.caller,
        &[Role::Admin],
        "administer organisations and users",
    )?;
    let orgs = repo::organisations(&s.db).await?;
    let users = repo::users(&s.db).await?;
    let audit = super::audit::recent(&s.db, 30).await?;
    let verification = super::audit::verify(&s.db).await?;
    page(
        &s,
        &headers,
        Some(&session),
        "admin",
        &json!({"organisations": orgs, "users": users, "audit": audit, "verification": verification, "min": auth::MIN_PASSWORD}),
    )
}

#[derive(Deserialize)]
struct OrganisationForm {
    csrf: String,
    name: String,
    kind: String,
    #[serde(default)]
    region: String,
}

async fn admin_organisation(
    State(s): State<Shared>,
    session: Session,
    Form(f): Form<OrganisationForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    policy::require_role(&session.caller, &[Role::Admin], "create organisations")?;
    workflow::create_organisation(&s.db, &session.caller, &f.name, &f.kind, f.region.trim())
        .await?;
    Ok(see_other("/admin"))
}

#[derive(Deserialize)]
struct UserForm {
    csrf: String,
    org_id: i64,
    username: String,
    #[serde(default)]
    display_name: String,
    role: String,
    password: String,
}

async fn admin_user(
    State(s): State<Shared>,
    session: Session,
    Form(f): Form<UserForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    policy::require_role(&session.caller, &[Role::Admin], "create users")?;
    let role =
        Role::parse(&f.role).ok_or_else(|| ServeError::BadRequest(format!("role `{}`", f.role)))?;
    workflow::create_user(
        &s.db,
        &session.caller,
        f.org_id,
        f.username.trim(),
        &f.display_name,
        role,
        &f.password,
    )
    .await?;
    Ok(see_other("/admin"))
}

#[derive(Deserialize)]
struct TokenForm {
    csrf: String,
    #[serde(default)]
    label: String,
}

async fn new_token(
    State(s): State<Shared>,
    headers: HeaderMap,
    session: Session,
    Form(f): Form<TokenForm>,
) -> PageResult {
    session.check_csrf(&f.csrf)?;
    let label = if f.label.trim().is_empty() {
        "web".to_owned()
    } else {
        f.label.trim().to_owned()
    };
    let token =
        workflow::create_token(&s.db, &session.caller, &label, &session.caller.audit_name())
            .await?;
    let r = page(
        &s,
        &headers,
        Some(&session),
        "token",
        &json!({"token": token, "label": label}),
    )?;
    Ok((StatusCode::CREATED, r).into_response())
}
