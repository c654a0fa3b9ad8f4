//! `anfang serve`: the review portal and API (see `crate::serve`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::error::Error;
use crate::serve::Config;

/// Options of `anfang serve` and its subcommands.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = false)]
pub struct ServeArgs {
    #[command(subcommand)]
    command: Option<ServeCommand>,
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080", global = true)]
    listen: String,
    /// The data folder: the SQLite database (unless --database) and the uploaded and issued
    /// files. Instances sharing a PostgreSQL database share this folder too.
    #[arg(long, default_value = "anfang-data", global = true)]
    data: PathBuf,
    /// `postgres://USER@HOST/DB` to share one database between instances, or `sqlite://FILE`;
    /// default: `sqlite://DATA/anfang.db`.
    #[arg(long, global = true)]
    database: Option<String>,
    /// Checks that run at once (default: the number of cores).
    #[arg(long)]
    workers: Option<usize>,
    /// Checks that may wait for a worker; more are answered 503 with Retry-After.
    #[arg(long, default_value_t = 256)]
    queue: usize,
    /// The longest a check may take, in seconds.
    #[arg(long, default_value_t = 60)]
    check_timeout: u64,
    /// The address users reach this instance at (behind a proxy), for the links it prints.
    #[arg(long)]
    public_url: Option<String>,
}

#[derive(Debug, Subcommand)]
enum ServeCommand {
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print a new API token for a user (for the approval system, or a first script).
    Token {
        /// The user's sign-in name.
        #[arg(long)]
        user: String,
        /// What the token is for.
        #[arg(long, default_value = "command line")]
        label: String,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain; exit 0 when intact, 1 when an entry was edited, removed or
    /// inserted.
    Verify,
}

pub fn run(args: ServeArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let mut config = Config::new(args.data);
    config.listen = args.listen;
    config.database = args.database;
    if let Some(w) = args.workers {
        config.workers = w.max(1);
    }
    config.queue = args.queue;
    config.check_timeout = std::time::Duration::from_secs(args.check_timeout.max(1));
    config.public_url = args.public_url.map(|u| u.trim_end_matches('/').to_owned());
    match args.command {
        None => crate::serve::run(config, out),
        Some(ServeCommand::Audit {
            command: AuditCommand::Verify,
        }) => crate::serve::audit_verify(config, out),
        Some(ServeCommand::Token { user, label }) => {
            crate::serve::create_token(config, &user, &label, out)
        }
    }
}
