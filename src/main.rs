//! The `anfang` command.

use std::process::ExitCode;

fn main() -> ExitCode {
    let code = anfang::cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        // Not locked: batch workers and the progress bar write to stderr from other threads.
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}
