//! The command line. Everything is written through the given writers, so every command can be
//! tested into a buffer; only this layer knows exit codes.

mod accept;
pub(crate) mod batch;
mod check;
mod diff;
mod extract;
mod help_zh;
pub(crate) mod info;
mod output;
mod print;
#[cfg(feature = "serve")]
mod serve;

pub use info::{CATALOGUE, catalogue_rows};

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::date::Date;
use crate::error::Error;
use crate::i18n::Lang;
use crate::standard::CompiledStandard;

/// anfang (安防) checks residential-community security designs against the smart-secure
/// community standard (智慧安防小区) and writes the review opinion (审查意见书).
///
/// Start with `anfang init` (a commented starter submission), then `anfang check FILE`.
/// Exit codes: 0 compliant (通过), 1 not compliant (基本通过 / 需补正 / 不通过), 2 usage or input error.
#[derive(Debug, Parser)]
#[command(name = "anfang", version = version(), about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Colour labels on a terminal: auto (when writing to a terminal and NO_COLOR is not set),
    /// always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set or TERM is dumb.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (or is not) a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        }
    }
}

/// `anfang --version`: the version and the standard editions built in (read from each
/// `standard.yaml`'s `edition:` line, without compiling the standards).
fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(version_text)
}

fn version_text() -> String {
    let standards: Vec<String> = crate::standard::embedded::standard_ids()
        .into_iter()
        .map(|id| {
            let mut editions: Vec<String> = crate::standard::embedded::standard_files(&id)
                .into_iter()
                .filter(|(path, _)| path.ends_with("standard.yaml"))
                .filter_map(|(_, text)| {
                    text.lines().find_map(|l| {
                        l.strip_prefix("edition:")
                            .map(|e| e.trim().trim_matches('"').to_owned())
                    })
                })
                .collect();
            editions.sort();
            format!("{id} {}", editions.join(", "))
        })
        .collect();
    format!(
        "{} (built-in standards: {})",
        env!("CARGO_PKG_VERSION"),
        standards.join("; ")
    )
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check submissions against the standard and write the review opinion (审查).
    Check(check::CheckArgs),
    /// Check a folder of submissions in parallel: one report each, a summary and a dashboard.
    ///
    /// Writes into OUTDIR: `reports/…` (one report per submission, the input's folders mirrored),
    /// `summary.json`, `summary.csv` (UTF-8 with BOM, for Excel) and `dashboard.html`. A file that
    /// cannot be checked is listed as an error and the rest are still checked. Running again into
    /// the same OUTDIR reuses every report whose input, attachments, standard and options are
    /// unchanged (`--fresh` checks everything again). Exit code: 2 if any input could not be
    /// checked, else 1 if any submission is not compliant, else 0.
    Batch(batch::BatchArgs),
    /// Compare two rounds of a submission (reports or submissions): fixed, still failing, newly
    /// failing, changed waivers.
    ///
    /// OLD and NEW are JSON reports of `anfang check --format json`, or submissions (both are then
    /// checked with the same standard). Rounds checked against different standards or editions
    /// are refused unless `--allow-different-standard`. Exit code: 0 when the new round passes,
    /// 1 when it does not, 2 on an input or usage error.
    Diff(diff::DiffArgs),
    /// Validate submissions against the submission schema only (no rules).
    Validate {
        /// Submission files (.yaml, .yml, .json, .toml).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the submission JSON Schema (for editor completion).
    Schema {
        /// Print the JSON Schema of `check --format json` reports instead.
        #[arg(long)]
        report: bool,
    },
    /// Write a commented starter submission (Chinese comments with English).
    Init {
        /// Where to write it (`-` for standard output).
        #[arg(default_value = "submission.yaml")]
        path: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// List the standard's rules, one per line, starting with the id.
    Rules(info::RulesArgs),
    /// Explain one rule: what it checks, why, its clause, parameters and examples.
    Explain(info::ExplainArgs),
    /// Write the on-site acceptance checklist (现场核查表) of an approved design: HTML to print,
    /// or XLSX / CSV to fill in and give back to `anfang accept`.
    Checklist(accept::ChecklistArgs),
    /// Compare what was built with the approved design and write the acceptance record
    /// (验收记录): deviations, scores by part, conclusion 通过 / 基本通过 / 不通过, rectifications.
    Accept(accept::AcceptArgs),
    /// Read a design document (PDF) and equipment lists into a draft submission, each value
    /// with the page and line it came from.
    Extract(extract::ExtractArgs),
    /// Run the review portal and its API (http://127.0.0.1:8080, data in ./anfang-data).
    ///
    /// Applicants upload submissions, reviewers issue review opinions, inspectors issue
    /// acceptance records, in a browser; the approval system calls `POST /api/v1/check` (OpenAPI
    /// at /api/openapi.json). The first start creates the administrator and prints a one-time
    /// sign-in link. `--database postgres://…` lets several instances share one database.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
    /// Tools for standard authors.
    Standards {
        #[command(subcommand)]
        command: StandardsCommand,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell): e.g.
    /// `anfang completions bash > /etc/bash_completion.d/anfang`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `anfang man > anfang.1; man ./anfang.1`.
    Man,
    /// Internal: extract one PDF's text as JSON (run by anfang itself in a child process).
    #[command(name = "__extract-pdf", hide = true)]
    ExtractPdf {
        /// The PDF.
        path: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum StandardsCommand {
    /// Run every rule's pass and fail examples; fails on any unexpected outcome.
    Test(StandardDir),
    /// Check a standard folder: ids, docs in both languages, citations, unused parameters.
    Lint(StandardDir),
}

#[derive(Debug, Args)]
struct StandardDir {
    /// The standard folder (default: the built-in reference standard).
    dir: Option<PathBuf>,
    /// The date examples' waivers are judged on (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<Date>,
}

/// Options shared by commands that use a standard.
#[derive(Debug, Args, Clone)]
pub struct StandardArgs {
    /// A standard folder, or the id of a built-in standard.
    #[arg(long, default_value = crate::standard::embedded::DEFAULT_STANDARD)]
    pub standard: String,
    /// Language of messages and documents.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Apply this edition instead of the one in force on the filing date.
    #[arg(long)]
    pub edition: Option<String>,
}

/// Where a submission's attachments may be read from.
#[derive(Debug, Args, Clone, Default)]
pub struct AttachmentArgs {
    /// Also read attachments under this folder (repeatable). Otherwise an attachment must lie
    /// in the submission's folder, after resolving symlinks.
    #[arg(long = "allow-outside-attachments", value_name = "DIR")]
    pub allow_outside: Vec<PathBuf>,
}

impl AttachmentArgs {
    /// The policy the folders name (each must exist).
    pub fn policy(&self) -> Result<crate::ingest::attachment::Policy, Error> {
        crate::ingest::attachment::Policy::allowing(&self.allow_outside).map_err(Error::Usage)
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style findings with the source line.
    Terminal,
    /// The JSON report (schema: `anfang schema --report`).
    Json,
    /// The review opinion in Markdown.
    Markdown,
    /// The review opinion as a self-contained HTML page.
    Html,
    /// The review opinion as a printable PDF (needs `--output`; built with `--features pdf`).
    Pdf,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Terminal => "txt",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
        }
    }
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

/// Loads every edition of the standard named by `--standard` (a folder, or a built-in id).
pub(crate) fn load_editions(name: &str) -> Result<crate::standard::Editions, Error> {
    crate::standard::load_editions(name).map_err(Error::Standard)
}

/// Every edition of `--standard`, once `--edition` (when given) is known to name one of them.
pub(crate) fn editions_for(args: &StandardArgs) -> Result<crate::standard::Editions, Error> {
    let editions = load_editions(&args.standard)?;
    if let Some(e) = &args.edition {
        editions.named(e).map_err(Error::Usage)?;
    }
    Ok(editions)
}

/// The templates of `--templates DIR`, which must be a folder: a mistyped path would otherwise
/// fall back to the built-in templates without a word.
pub(crate) fn templates_from(
    dir: &Option<PathBuf>,
) -> Result<crate::report::template::Templates, Error> {
    if let Some(t) = dir
        && !t.is_dir()
    {
        return Err(Error::Usage(format!(
            "--templates {}: not a folder",
            t.display()
        )));
    }
    Ok(crate::report::template::Templates { dir: dir.clone() })
}

/// The one edition a command without submissions works on: `--edition`, else the newest.
pub(crate) fn load_standard(args: &StandardArgs) -> Result<CompiledStandard, Error> {
    let editions = load_editions(&args.standard)?;
    match &args.edition {
        Some(e) => editions.named(e).cloned().map_err(Error::Usage),
        None => editions
            .latest()
            .cloned()
            .ok_or_else(|| Error::Usage(format!("{}: no edition", args.standard))),
    }
}

thread_local! {
    /// How this run writes problems: language and whether standard error gets colour.
    static DIAGNOSTICS: std::cell::Cell<(Lang, bool)> = const { std::cell::Cell::new((Lang::Zh, false)) };
}

fn write_problems(err: &mut dyn Write, problems: &[crate::diagnostic::Problem]) {
    use crate::diagnostic::{MAX_PROBLEMS, thousands};
    let (lang, color) = DIAGNOSTICS.with(std::cell::Cell::get);
    for p in problems.iter().take(MAX_PROBLEMS) {
        let mut s = String::new();
        let _ = p.render_in(&mut s, lang, color);
        let _ = write!(err, "{s}");
    }
    if problems.len() > MAX_PROBLEMS {
        let more = thousands(problems.len() - MAX_PROBLEMS);
        let _ = match lang {
            Lang::Zh => writeln!(err, "…… 另有 {more} 个问题"),
            Lang::En => writeln!(err, "… and {more} more problems"),
        };
    }
}

/// Lets go of what a command read and made from one file. The last file's data is left for
/// the process's exit to reclaim: freeing a large submission's tens of thousands of values one
/// by one, just before exiting, was 3 % of a `validate` of the 5,000-household sample's JSON
/// (callgrind). Earlier files' data is freed, so a command over many files holds one file's
/// data at a time.
fn release<T>(data: T, last: bool) {
    if last {
        std::mem::forget(data);
    } else {
        drop(data);
    }
}

/// Writes notes about the input (values read by their label) to standard error.
fn write_notes(err: &mut dyn Write, notes: &[crate::diagnostic::Problem]) {
    let (lang, color) = DIAGNOSTICS.with(std::cell::Cell::get);
    for p in notes {
        let mut s = String::new();
        let _ = p.render_note(&mut s, lang, color);
        let _ = write!(err, "{s}");
    }
}

/// The language of messages about the command line and the inputs: `--lang` when given, else
/// the locale (LC_ALL, LC_MESSAGES, LANG: `zh…` Chinese, another language English), else
/// Chinese, the language of the documents.
fn diagnostics_lang<T: AsRef<std::ffi::OsStr>>(args: &[T]) -> Lang {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect();
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_owned()),
            None if a == "--lang" => args.get(i + 1).cloned(),
            None => None,
        };
        match value.as_deref() {
            Some("en") => return Lang::En,
            Some("zh") => return Lang::Zh,
            _ => {}
        }
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_ascii_lowercase();
            if v == "c" || v == "posix" || v.starts_with("c.") {
                return Lang::Zh;
            }
            return if v.starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            };
        }
    }
    Lang::Zh
}

/// Runs the command line; returns the exit code.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let lang = diagnostics_lang(&args);
    let color_err = {
        use std::io::IsTerminal;
        let choice = args
            .iter()
            .position(|a| a == "--color")
            .and_then(|i| args.get(i + 1))
            .and_then(|v| ColorChoice::from_str(&v.to_string_lossy(), true).ok())
            .unwrap_or_default();
        choice.enabled(std::io::stderr().is_terminal())
    };
    DIAGNOSTICS.with(|d| d.set((lang, color_err)));
    // `--help` in the language of the messages.
    let command = {
        use clap::CommandFactory;
        match lang {
            Lang::Zh => help_zh::localise(Cli::command()),
            Lang::En => Cli::command(),
        }
    };
    let parsed = command.try_get_matches_from(&args).and_then(|m| {
        use clap::FromArgMatches;
        Cli::from_arg_matches(&m)
    });
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            if code == 0 {
                let _ = write!(out, "{text}");
            } else {
                let _ = write!(err, "{text}");
            }
            return code;
        }
    };
    let result = match cli.command {
        Command::Check(args) => {
            use std::io::IsTerminal;
            check::run(
                args,
                out,
                err,
                cli.color.enabled(std::io::stdout().is_terminal()),
            )
        }
        Command::Batch(args) => batch::run(args, out, err),
        Command::Diff(args) => diff::run(args, out, err),
        Command::Validate { files } => check::validate(&files, out, err),
        Command::Schema { report } => {
            let schema = if report {
                crate::report::report_schema()
            } else {
                crate::model::schema::submission_schema()
            };
            match serde_json::to_string_pretty(&schema) {
                Ok(s) => {
                    let _ = writeln!(out, "{s}");
                    Ok(0)
                }
                Err(e) => Err(Error::Report(e.to_string())),
            }
        }
        Command::Init { path, force } => info::init(&path, force, out),
        Command::Rules(args) => info::rules(args, out),
        Command::Explain(args) => info::explain(args, out),
        Command::Extract(args) => extract::run(args, out, err),
        Command::Checklist(args) => accept::checklist(args, out),
        Command::Accept(args) => accept::accept(args, out, err),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args, out),
        Command::Standards { command } => match command {
            StandardsCommand::Test(d) => {
                info::standards_test(d.dir.as_deref(), d.as_of.unwrap_or_else(Date::today), out)
            }
            StandardsCommand::Lint(d) => info::standards_lint(d.dir.as_deref(), out),
        },
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "anfang", out);
            Ok(0)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command())
                .render(out)
                .map(|()| 0)
                .map_err(|e| Error::Report(format!("the manual page: {e}")))
        }
        Command::ExtractPdf { path } => {
            Ok(u8::try_from(crate::pdf::child_main(&path, out)).unwrap_or(1))
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            write_problems(err, &e.problems());
            e.exit_code()
        }
    }
}
