//! Integration tests: the real `spex` binary on real folders.

mod bad_input;
mod browser;
mod cdp;
mod check;
mod digest;
mod fixtures;
mod git;
mod git_repo;
mod out_safety;
mod readme;
mod serve;
mod site;
mod static_server;
mod support;
mod watch;
