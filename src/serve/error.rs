//! The server's one error type, and how it answers: JSON for the API, a page for the browser.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::diagnostic::Problem;

/// Why a request could not be served.
#[derive(Debug)]
pub enum ServeError {
    /// Not signed in, or a bad token.
    Unauthorized,
    /// Signed in, but this role may not do that.
    Forbidden(String),
    /// No such thing, or not visible to the caller (the two are not told apart).
    NotFound,
    /// The request is malformed.
    BadRequest(String),
    /// The submission cannot be checked: its problems, each with file:line:column.
    Input(Vec<Problem>),
    /// The state forbids it (already issued, …).
    Conflict(String),
    /// Over an upload limit.
    TooLarge(String),
    /// Every worker is busy and the queue is full.
    Busy,
    /// Too many failed sign-ins of this user name; wait for the window to pass.
    TooManySignIns,
    /// A check took longer than the limit.
    Timeout(u64),
    /// The database, the file store or a renderer failed.
    Internal(String),
}

impl ServeError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ServeError::Unauthorized => StatusCode::UNAUTHORIZED,
            ServeError::Forbidden(_) => StatusCode::FORBIDDEN,
            ServeError::NotFound => StatusCode::NOT_FOUND,
            ServeError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServeError::Input(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ServeError::Conflict(_) => StatusCode::CONFLICT,
            ServeError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ServeError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ServeError::TooManySignIns => StatusCode::TOO_MANY_REQUESTS,
            ServeError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            ServeError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What went wrong, in English (the pages add the Chinese).
    pub fn message(&self) -> String {
        match self {
            ServeError::Unauthorized => {
                "sign in first (a session cookie or an `Authorization: Bearer` API token)".into()
            }
            ServeError::Forbidden(m) => m.clone(),
            ServeError::NotFound => "not found".into(),
            ServeError::BadRequest(m) | ServeError::Conflict(m) | ServeError::TooLarge(m) => {
                m.clone()
            }
            ServeError::Input(p) => {
                format!("the submission cannot be checked: {} problem(s)", p.len())
            }
            ServeError::Busy => {
                "every checker is busy and the queue is full; retry in a few seconds".into()
            }
            ServeError::TooManySignIns => format!(
                "too many failed sign-ins for this user name; try again in {} minutes",
                super::workflow::SIGN_IN_WINDOW_SECONDS / 60
            ),
            ServeError::Timeout(s) => format!("the check took longer than {s} s and was abandoned"),
            ServeError::Internal(m) => format!("internal error: {m}"),
        }
    }

    /// The input problems, as text lines (file:line:column: message, with the hint).
    pub fn problems(&self) -> Vec<String> {
        match self {
            ServeError::Input(p) => p.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl From<sqlx::Error> for ServeError {
    fn from(e: sqlx::Error) -> Self {
        ServeError::Internal(format!("database: {e}"))
    }
}

impl From<std::io::Error> for ServeError {
    fn from(e: std::io::Error) -> Self {
        ServeError::Internal(format!("file store: {e}"))
    }
}

impl From<crate::error::Error> for ServeError {
    fn from(e: crate::error::Error) -> Self {
        match e {
            crate::error::Error::Input(p) => ServeError::Input(p),
            other => ServeError::Internal(other.to_string()),
        }
    }
}

impl From<ServeError> for crate::error::Error {
    fn from(e: ServeError) -> Self {
        match e {
            ServeError::Input(p) => crate::error::Error::Input(p),
            // At the command line "internal" says nothing: the message names what failed.
            ServeError::Internal(m) => crate::error::Error::Usage(m),
            other => crate::error::Error::Usage(other.message()),
        }
    }
}

#[derive(Serialize)]
struct Body {
    error: ErrorBody,
}

/// The JSON error body of every API error.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ErrorBody {
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong.
    pub message: String,
    /// The submission's problems, each `file:line:column: message` with its hint.
    pub problems: Vec<String>,
}

/// An error answered as JSON (`{"error": {status, message, problems}}`).
#[derive(Debug)]
pub struct ApiError(pub ServeError);

impl<E: Into<ServeError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let body = Body {
            error: ErrorBody {
                status: status.as_u16(),
                message: self.0.message(),
                problems: self.0.problems(),
            },
        };
        let mut response = (status, axum::Json(body)).into_response();
        if matches!(self.0, ServeError::Busy) {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        response
    }
}
