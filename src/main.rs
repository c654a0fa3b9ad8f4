//! The `anfang` command.

use std::process::ExitCode;

/// mimalloc rather than the system allocator: a quarter of a check's CPU (issue 16). The PDF
/// extractor's child tells it not to reserve address space ahead (see `pdf::Extractor`), so
/// the child's `RLIMIT_AS` still bounds it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = anfang::cli::run(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        // Not locked: batch workers and the progress bar write to stderr from other threads.
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}
