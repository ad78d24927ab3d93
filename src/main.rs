//! The `spex` binary: parse arguments, run, exit.

fn main() -> std::process::ExitCode {
    spex::cli::run()
}
