//! `anfang serve`: the review portal and its API, on the same library as the command line.
//!
//! ```text
//! browser ─► pages (templates/web/*.j2, cookie session + CSRF) ─┐
//! approval system ─► api (/api/v1, bearer tokens) ─────────────┼─► policy ─► db (SQLite | PostgreSQL)
//!                                                               ├─► checker (bounded pool) ─► the library
//!                                                               └─► store (files by SHA-256), audit log
//! ```
//!
//! | module | job |
//! |---|---|
//! | `config` | where the data lives, limits, worker counts |
//! | `db`, `migrate` | one schema on SQLite and PostgreSQL: the pool, the write lock; versioned migrations run on start |
//! | `store` | every uploaded or issued file kept once, by SHA-256, written atomically |
//! | `auth` | argon2 passwords, sessions, API tokens, CSRF; the caller of a request |
//! | `policy` | who may see and do what (role × organisation × region) |
//! | `repo` | the workflow's rows: organisations, users, projects, rounds, documents, waivers |
//! | `upload` | multipart bodies and zip bundles → confined file lists, within limits |
//! | `checker` | the library's check on a bounded worker pool with a timeout |
//! | `acceptance` | checklists of approved rounds, acceptance records from filled sheets |
//! | `workflow` | submit a round, issue a document, grant a waiver: each one transaction |
//! | `audit` | the append-only, hash-chained audit log and its verification |
//! | `api`, `openapi` | JSON over HTTP and its OpenAPI document |
//! | `pages`, `web` | the server-rendered pages |

mod acceptance;
mod api;
mod app;
mod audit;
mod auth;
mod checker;
mod config;
mod db;
mod error;
mod migrate;
mod openapi;
mod pages;
mod policy;
mod repo;
mod store;
mod upload;
mod web;
mod workflow;

use std::io::Write;

pub use config::Config;

use crate::error::Error;

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("anfang-serve")
        .build()
        .map_err(|e| Error::Usage(format!("could not start the server's runtime: {e}")))
}

/// Runs the server until interrupted (Ctrl-C or SIGTERM). Prints the address and, on the first
/// start, the administrator's one-time sign-in link.
pub fn run(config: Config, out: &mut dyn Write) -> Result<u8, Error> {
    runtime()?.block_on(app::serve(config, out))
}

/// `anfang serve audit verify`: recomputes the audit log's hash chain.
pub fn audit_verify(config: Config, out: &mut dyn Write) -> Result<u8, Error> {
    runtime()?.block_on(async move {
        let db = db::Db::open(&config).await?;
        let report = audit::verify(&db).await?;
        let _ = writeln!(out, "{}", report.text());
        Ok(if report.intact() { 0 } else { 1 })
    })
}

/// `anfang serve token --user NAME`: a new API token for a user, printed once.
pub fn create_token(
    config: Config,
    username: &str,
    label: &str,
    out: &mut dyn Write,
) -> Result<u8, Error> {
    runtime()?.block_on(async move {
        let db = db::Db::open(&config).await?;
        let Some(user) = repo::user_by_name(&db, username).await? else {
            return Err(Error::Usage(format!(
                "no user `{username}` in {}",
                config.database_display()
            )));
        };
        let token = workflow::create_token(&db, &user, label, "command line").await?;
        let _ = writeln!(out, "{token}");
        Ok(0)
    })
}
