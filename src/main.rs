//! The `spex` binary: parse arguments, run, exit.

// A build allocates millions of small strings from several threads; mimalloc is faster
// than the system allocator at that and returns freed memory instead of keeping it
// fragmented per thread (peak RSS at 10,000 documents: see the README's performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    spex::cli::run()
}
