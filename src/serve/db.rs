//! One schema on SQLite (embedded, the default) and PostgreSQL (several instances), through
//! sqlx's `Any` driver with runtime queries: `$1` placeholders work on both engines.
//!
//! Migrations are versioned and run on start inside one transaction, under the write lock, so
//! two instances starting together do not both apply them. Writes go through [`Db::write`]:
//! a process-wide mutex (SQLite has one writer) plus, on PostgreSQL, a transaction-scoped
//! advisory lock that orders writers across instances (the audit chain needs one order).

use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Connection, Executor, Transaction};
use tokio::sync::{Mutex, MutexGuard};

use super::config::Config;
use super::error::ServeError;

/// The database engine behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// SQLite (one instance).
    Sqlite,
    /// PostgreSQL (several instances may share it).
    Postgres,
}

/// The database.
pub struct Db {
    /// The connection pool.
    pub pool: AnyPool,
    /// Which engine.
    pub engine: Engine,
    write_lock: Mutex<()>,
}

/// A write transaction: commit it, or drop it to roll back.
pub struct Write<'a> {
    /// The transaction.
    pub tx: Transaction<'static, Any>,
    _guard: MutexGuard<'a, ()>,
}

impl Write<'_> {
    /// Makes every change of the transaction durable at once.
    pub async fn commit(self) -> Result<(), ServeError> {
        self.tx.commit().await?;
        Ok(())
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// An advisory-lock key for "the anfang write lock" on PostgreSQL.
const PG_WRITE_LOCK: i64 = 0x616e_6661_6e67;

impl Db {
    /// Connects (creating the data folder and the SQLite file when needed) and migrates.
    pub async fn open(config: &Config) -> Result<Db, ServeError> {
        install_default_drivers();
        let url = config.database_url();
        let engine = if url.starts_with("sqlite:") {
            std::fs::create_dir_all(&config.data).map_err(|e| {
                ServeError::Internal(format!(
                    "could not create the data folder {}: {e}",
                    config.data.display()
                ))
            })?;
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            return Err(ServeError::BadRequest(format!(
                "--database {}: give sqlite://FILE or postgres://USER@HOST/DB",
                config.database_display()
            )));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
            .acquire_timeout(std::time::Duration::from_secs(15))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // WAL: readers never wait for the writer; FULL: a committed round
                        // survives a power cut; a busy writer is waited for, not an error.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|e| {
                ServeError::Internal(format!(
                    "could not open the database {}: {e}",
                    config.database_display()
                ))
            })?;
        let db = Db {
            pool,
            engine,
            write_lock: Mutex::new(()),
        };
        super::migrate::migrate(&db).await?;
        Ok(db)
    }

    /// Starts a write transaction, ordered with every other writer (of every instance).
    pub async fn write(&self) -> Result<Write<'_>, ServeError> {
        let guard = self.write_lock.lock().await;
        let mut tx = self.pool.begin().await?;
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(PG_WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
        }
        Ok(Write { tx, _guard: guard })
    }

    /// Checks the connection (for `/healthz`).
    pub async fn ping(&self) -> Result<(), ServeError> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }
}
