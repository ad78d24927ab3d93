//! Integration tests: the real `spex` binary on real folders.

mod adoption;
mod architecture;
mod bad_input;
mod blowups;
mod browser;
mod cdp;
mod check;
mod completions;
mod config;
mod conventions;
mod digest;
mod digest_delivery;
mod export;
mod first_steps;
mod fixtures;
mod git;
mod git_repo;
mod health;
mod init;
// Unix only: the fixture holds a symbolic link.
#[cfg(unix)]
mod leak;
mod leaks;
mod link_contrast;
mod links;
mod list;
mod llms_txt;
mod lsp;
mod mcp;
mod mv;
mod new;
mod out_safety;
mod readme;
mod rules;
mod schema;
mod serve;
mod serve_trust;
mod site;
mod static_server;
mod support;
mod templates;
mod text_contrast;
mod vscode;
mod watch;
mod workflows;
