//! The append-only audit log: every sign-in, upload, check, issue and waiver, with who, when and
//! the digests involved. Entry `n` carries the hash of entry `n − 1` and its own hash over both,
//! so an edited, removed or inserted entry breaks the chain where it happened
//! (`anfang serve audit verify`). Entries are written in the same transaction as what they
//! record, under the write lock, so the chain has one order across instances; triggers refuse
//! UPDATE and DELETE on the table.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use sqlx::{Any, Row, Transaction};

use super::db::{Db, now};
use super::error::ServeError;
use super::repo::iso;
use crate::ingest::sha256_hex;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry's hash: SHA-256 over the previous hash and the entry's fields, as a JSON array.
pub fn entry_hash(
    prev: &str,
    seq: i64,
    at: i64,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
) -> String {
    let canonical = serde_json::json!([prev, seq, at, actor, action, subject, details]);
    sha256_hex(canonical.to_string().as_bytes())
}

/// Appends an entry inside the caller's (write) transaction.
pub async fn append(
    tx: &mut Transaction<'static, Any>,
    actor: &str,
    action: &str,
    subject: &str,
    details: &Value,
) -> Result<(), ServeError> {
    let last = sqlx::query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?;
    let (prev_seq, prev_hash) = match last {
        Some(r) => (r.try_get::<i64, _>("seq")?, r.try_get::<String, _>("hash")?),
        None => (0, GENESIS.to_owned()),
    };
    let seq = prev_seq + 1;
    let at = now();
    let details = details.to_string();
    let hash = entry_hash(&prev_hash, seq, at, actor, action, subject, &details);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(seq)
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(details)
    .bind(prev_hash)
    .bind(hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One entry as the API shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AuditEntry {
    /// 1, 2, …
    pub seq: i64,
    /// When (UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// sign_in, upload, check, issue, waiver, …
    pub action: String,
    /// What it concerned (`project/3/round/2`, …).
    pub subject: String,
    /// Digests and other details.
    pub details: Value,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// The newest entries, newest first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, ServeError> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log \
         ORDER BY seq DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let details: String = r.try_get("details")?;
            Ok(AuditEntry {
                seq: r.try_get("seq")?,
                at: iso(r.try_get("at")?),
                actor: r.try_get("actor")?,
                action: r.try_get("action")?,
                subject: r.try_get("subject")?,
                details: serde_json::from_str(&details).unwrap_or(Value::String(details)),
                prev_hash: r.try_get("prev_hash")?,
                hash: r.try_get("hash")?,
            })
        })
        .collect()
}

/// What verification found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Verification {
    /// Entries read.
    pub entries: i64,
    /// The last entry's hash (publish it to make later rewriting detectable too).
    pub head: String,
    /// Every break in the chain, by entry.
    pub problems: Vec<String>,
}

impl Verification {
    /// Whether the chain is intact.
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }

    /// For the terminal.
    pub fn text(&self) -> String {
        if self.intact() {
            format!(
                "audit log intact: {} entries, head {}",
                self.entries, self.head
            )
        } else {
            format!(
                "audit log BROKEN: {} entries, {} problem(s):\n  {}",
                self.entries,
                self.problems.len(),
                self.problems.join("\n  ")
            )
        }
    }
}

/// Recomputes the whole chain.
pub async fn verify(db: &Db) -> Result<Verification, ServeError> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log \
         ORDER BY seq",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    let mut problems = Vec::new();
    for r in &rows {
        let seq: i64 = r.try_get("seq")?;
        let prev: String = r.try_get("prev_hash")?;
        let hash: String = r.try_get("hash")?;
        if seq != expected_seq {
            problems.push(format!(
                "entry {seq}: expected entry {expected_seq} here (an entry was removed or inserted)"
            ));
        }
        if prev != expected_prev {
            problems.push(format!(
                "entry {seq}: its previous-hash is not the hash of the entry before it (the chain was cut here)"
            ));
        }
        let recomputed = entry_hash(
            &prev,
            seq,
            r.try_get("at")?,
            &r.try_get::<String, _>("actor")?,
            &r.try_get::<String, _>("action")?,
            &r.try_get::<String, _>("subject")?,
            &r.try_get::<String, _>("details")?,
        );
        if recomputed != hash {
            problems.push(format!(
                "entry {seq}: its content does not match its hash (it was edited)"
            ));
        }
        expected_prev = hash;
        expected_seq = seq + 1;
    }
    Ok(Verification {
        entries: i64::try_from(rows.len()).unwrap_or(i64::MAX),
        head: expected_prev,
        problems,
    })
}
