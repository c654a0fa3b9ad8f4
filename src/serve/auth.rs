//! Who is calling: argon2 passwords, random tokens stored only as SHA-256, cookie sessions with a
//! CSRF token for the pages, bearer API tokens for the API.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use sqlx::Row;

use super::app::Shared;
use super::db::now;
use super::error::{ApiError, ServeError};
use crate::ingest::sha256_hex;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "anfang_session";
/// How long a session lasts (12 hours: one working day).
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// What a user does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A developer or design institute: submits its own projects.
    Applicant,
    /// An authority's reviewer: reviews its region's projects, issues opinions, grants waivers.
    Reviewer,
    /// An acceptance inspector: its region's approved projects, checklists, acceptance records.
    Inspector,
    /// Manages organisations and users; reads the audit log.
    Admin,
}

impl Role {
    /// The identifier stored and sent.
    pub fn id(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Reviewer => "reviewer",
            Role::Inspector => "inspector",
            Role::Admin => "admin",
        }
    }

    /// Parses an identifier.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "applicant" => Some(Role::Applicant),
            "reviewer" => Some(Role::Reviewer),
            "inspector" => Some(Role::Inspector),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The signed-in user of a request, with the organisation it acts for.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Caller {
    /// User id.
    pub user_id: i64,
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
    /// The organisation's region (行政区划 code prefix; an authority sees projects under it).
    pub region: String,
}

impl Caller {
    /// How the audit log names this caller.
    pub fn audit_name(&self) -> String {
        format!("{} ({}, {})", self.username, self.role.id(), self.org_name)
    }
}

/// An argon2id hash (PHC string) of a password.
pub fn hash_password(password: &str) -> Result<String, ServeError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ServeError::Internal(format!("random: {e}")))?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| ServeError::Internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServeError::Internal(format!("argon2: {e}")))
}

/// A hash of no one's password, verified against when a stored hash is not one (an unknown
/// user name, or an administrator whose one-time link has not set a password yet), so that a
/// refused sign-in takes the same argon2 time whichever the reason: the time would otherwise
/// tell which user names are real.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("anfang: no such user").unwrap_or_default())
}

/// Whether a password matches its stored hash; a stored value that is no hash matches nothing,
/// after the same work as a real comparison.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let argon2 = Argon2::default();
    match PasswordHash::new(hash) {
        Ok(h) => argon2.verify_password(password.as_bytes(), &h).is_ok(),
        Err(_) => {
            if let Ok(decoy) = PasswordHash::new(decoy_hash()) {
                let _ = argon2.verify_password(password.as_bytes(), &decoy);
            }
            false
        }
    }
}

/// A new random token (256 bits, hex).
pub fn new_token() -> Result<String, ServeError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| ServeError::Internal(format!("random: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Refuses a password too short to resist guessing.
pub fn check_password_rules(password: &str) -> Result<(), ServeError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(ServeError::BadRequest(format!(
            "the password must have at least {MIN_PASSWORD} characters"
        )));
    }
    Ok(())
}

const CALLER_COLUMNS: &str = "u.id AS user_id, u.username, u.display_name, u.role, \
     o.id AS org_id, o.name AS org_name, o.region";

fn caller_from_row(row: &sqlx::any::AnyRow) -> Result<Caller, ServeError> {
    let role: String = row.try_get("role")?;
    Ok(Caller {
        user_id: row.try_get("user_id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: Role::parse(&role).ok_or_else(|| {
            ServeError::Internal(format!("unknown role `{role}` in the database"))
        })?,
        org_id: row.try_get("org_id")?,
        org_name: row.try_get("org_name")?,
        region: row.try_get("region")?,
    })
}

/// The caller of an API token.
pub async fn caller_by_token(state: &Shared, token: &str) -> Result<Option<Caller>, ServeError> {
    let row = sqlx::query(&format!(
        "SELECT {CALLER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
         JOIN organisations o ON o.id = u.org_id WHERE t.token_hash = $1"
    ))
    .bind(token_hash(token))
    .fetch_optional(&state.db.pool)
    .await?;
    row.as_ref().map(caller_from_row).transpose()
}

/// The caller and CSRF token of a session cookie that has not expired.
pub async fn caller_by_session(
    state: &Shared,
    token: &str,
) -> Result<Option<(Caller, String)>, ServeError> {
    let row = sqlx::query(&format!(
        "SELECT {CALLER_COLUMNS}, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id \
         JOIN organisations o ON o.id = u.org_id WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(token_hash(token))
    .bind(now())
    .fetch_optional(&state.db.pool)
    .await?;
    match row {
        Some(r) => Ok(Some((caller_from_row(&r)?, r.try_get("csrf")?))),
        None => Ok(None),
    }
}

/// The caller by user name (for sign-in and the command line).
pub async fn caller_by_username(
    pool: &sqlx::AnyPool,
    username: &str,
) -> Result<Option<(Caller, String)>, ServeError> {
    let row = sqlx::query(&format!(
        "SELECT {CALLER_COLUMNS}, u.password_hash FROM users u \
         JOIN organisations o ON o.id = u.org_id WHERE u.username = $1"
    ))
    .bind(username)
    .fetch_optional(pool)
    .await?;
    match row {
        Some(r) => Ok(Some((caller_from_row(&r)?, r.try_get("password_hash")?))),
        None => Ok(None),
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

/// A cookie's value from the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The caller of an API request (`Authorization: Bearer TOKEN`).
pub struct ApiCaller(pub Caller);

impl FromRequestParts<Shared> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(ApiError(ServeError::Unauthorized))?;
        caller_by_token(state, token)
            .await?
            .map(ApiCaller)
            .ok_or(ApiError(ServeError::Unauthorized))
    }
}

/// The signed-in user of a page, with the session's CSRF token; else a redirect to sign in.
pub struct Session {
    /// Who.
    pub caller: Caller,
    /// The token every form of this session carries.
    pub csrf: String,
}

impl Session {
    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, given: &str) -> Result<(), ServeError> {
        if constant_time_eq(given.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(ServeError::Forbidden(
                "the form's security token does not match your session (a page from before you \
                 signed in again, or a request from another site); reload the page and retry"
                    .into(),
            ))
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl FromRequestParts<Shared> for Session {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared,
    ) -> Result<Self, Self::Rejection> {
        let found = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(token) => caller_by_session(state, token)
                .await
                .map_err(|e| super::pages::error_page(state, &parts.headers, &e))?,
            None => None,
        };
        match found {
            Some((caller, csrf)) => Ok(Session { caller, csrf }),
            None => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or("/", |p| p.as_str())
                    .to_owned();
                let target = format!("/login?next={}", super::web::url_encode(&next));
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// The `Set-Cookie` value of a new session.
pub fn session_cookie(token: &str) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECONDS}")
}

/// The `Set-Cookie` value that ends a session.
pub fn cleared_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterx", &h));
        assert!(!verify_password("anything", "not a hash"));
        assert!(decoy_hash().starts_with("$argon2id$"));
        assert!(!verify_password("", decoy_hash()));
    }

    #[test]
    fn refusing_a_stored_value_that_is_no_hash_takes_a_verification() {
        let h = hash_password("correct horse battery").unwrap();
        let _ = decoy_hash();
        let time = |hash: &str| {
            let start = std::time::Instant::now();
            assert!(!verify_password("wrong", hash));
            start.elapsed()
        };
        let real = (0..3).map(|_| time(&h)).min().unwrap();
        // "!" is what an administrator without a password holds; "" stands for an unknown user.
        for stored in ["!", ""] {
            let refused = (0..3).map(|_| time(stored)).min().unwrap();
            assert!(
                refused * 2 >= real,
                "{stored:?} refused in {refused:?}, a real hash in {real:?}"
            );
        }
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; anfang_session=xyz; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(cookie(&h, "c"), None);
    }
}
