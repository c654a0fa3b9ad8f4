//! The server: state shared by every request, the routes, start and graceful stop.

use std::io::Write;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::{get, post, put};

use super::checker::Checker;
use super::config::Config;
use super::db::Db;
use super::store::Store;
use super::web::Web;
use super::{api, openapi, pages, workflow};
use crate::error::Error;

/// What every request shares.
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The file store.
    pub store: Store,
    /// The worker pool.
    pub checker: Checker,
    /// The configuration.
    pub config: Config,
    /// The page templates.
    pub web: Web,
}

/// The state as handlers receive it.
pub type Shared = Arc<AppState>;

/// Opens the database and the store and compiles the standard.
pub async fn state(config: Config) -> Result<Shared, Error> {
    let db = Db::open(&config).await?;
    let store = Store::open(&config.data).map_err(|e| {
        Error::Usage(format!(
            "could not open the file store in {}: {e}",
            config.data.display()
        ))
    })?;
    let editions = crate::standard::load_editions(crate::standard::embedded::DEFAULT_STANDARD)
        .map_err(Error::Standard)?;
    // Checks lay their files out in a private local folder (never the shared data folder that
    // several instances may use); each check removes its own.
    let work = std::env::temp_dir().join(format!("anfang-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| Error::Usage(format!("{}: {e}", work.display())))?;
    let checker = Checker::new(
        editions,
        config.workers,
        config.queue,
        config.check_timeout,
        work,
    );
    Ok(Arc::new(AppState {
        db,
        store,
        checker,
        web: Web::new(),
        config,
    }))
}

/// Every route.
pub fn router(state: Shared) -> Router {
    let limit = state.config.limits.request_bytes;
    Router::new()
        .route("/healthz", get(api::health))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/v1/check", post(api::check))
        .route("/api/v1/me", get(api::me))
        .route(
            "/api/v1/projects",
            get(api::projects).post(api::create_project),
        )
        .route("/api/v1/projects/{id}", get(api::project))
        .route(
            "/api/v1/projects/{id}/rounds",
            get(api::rounds).post(api::submit_round),
        )
        .route(
            "/api/v1/projects/{id}/waivers",
            get(api::waivers).post(api::grant_waiver),
        )
        .route("/api/v1/rounds/{id}", get(api::round))
        .route("/api/v1/rounds/{id}/report", get(api::report))
        .route("/api/v1/rounds/{id}/diff", get(api::diff))
        .route("/api/v1/rounds/{id}/remarks", put(api::remarks))
        .route("/api/v1/rounds/{id}/opinion", post(api::issue_opinion))
        .route(
            "/api/v1/rounds/{id}/checklist/{format}",
            get(api::checklist),
        )
        .route(
            "/api/v1/rounds/{id}/acceptance",
            post(api::issue_acceptance),
        )
        .route("/api/v1/documents/{id}", get(api::document))
        .route("/api/v1/documents/{id}/{format}", get(api::download))
        .route("/api/v1/dashboard", get(api::dashboard))
        .route(
            "/api/v1/organisations",
            get(api::organisations).post(api::create_organisation),
        )
        .route("/api/v1/users", get(api::users).post(api::create_user))
        .route("/api/v1/audit", get(api::audit))
        .route("/api/v1/audit/verify", get(api::audit_verify))
        .merge(pages::routes())
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Starts the server and serves until interrupted.
pub async fn serve(config: Config, out: &mut dyn Write) -> Result<u8, Error> {
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| Error::Usage(format!("--listen {}: {e}", config.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("--listen {}: {e}", config.listen)))?;
    let state = state(config).await?;
    let base = state
        .config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    // The administrator exists before the address is printed: a script that waits for the
    // address can use it at once.
    let bootstrap = workflow::bootstrap(&state.db).await?;
    let _ = writeln!(
        out,
        "anfang serve: listening on {base} (database {}, files in {})",
        state.config.database_display(),
        state.config.data.join("blobs").display()
    );
    if let Some(b) = bootstrap {
        let _ = writeln!(
            out,
            "first start: created the administrator `{}`; sign in once within 24 hours at\n  \
             {base}/login/once/{}\n(the link sets the password; it works only once)",
            b.username, b.link_token
        );
    }
    let _ = out.flush();
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| Error::Usage(format!("the server stopped: {e}")))?;
    Ok(0)
}
