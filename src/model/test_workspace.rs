//! Test support: a workspace compiled for real from a few `(path, text)` files, with the
//! built-in kinds, so the model's views are tested on what resolve really produces.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::Workspace;
use crate::config::Config;
use crate::load::Source;
use crate::parse::parse_doc;

pub fn workspace(files: &[(&str, &str)]) -> Workspace {
    let parsed = files
        .iter()
        .map(|(path, text)| {
            parse_doc(&Source {
                path: (*path).into(),
                text: (*text).into(),
                encoding_problem: None,
            })
        })
        .collect();
    let listed: BTreeSet<String> = files.iter().map(|(p, _)| (*p).to_owned()).collect();
    crate::resolve::resolve(&Arc::new(Config::builtin()), parsed, listed).0
}

/// A PRD file with this ID and these extra front-matter lines.
pub fn prd(id: &str, front_matter: &str) -> (String, String) {
    (
        format!("prds/{id}.md"),
        format!("---\nid: {id}\ntitle: {id}\nowner: ann\n{front_matter}---\n# {id}\n"),
    )
}
