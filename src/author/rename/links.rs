//! Relative Markdown links after a move: the destination that reaches the same file from
//! a document's (new) folder, changed as little as it can be: kept when it still reaches
//! the file, else only its file name changed when that is enough, else written afresh in
//! the style of the old one (root-absolute `/…`, a leading `./`, the `#anchor` or
//! `?query` kept as written). Changing no more than needed is what makes a move and the
//! move back give the same bytes.

use crate::model::LinkTarget;
use crate::resolve::resolve_link;

/// `old_dest`, as written in the document at `from`, rewritten to reach `target` (both
/// paths workspace-relative).
pub fn rewritten_dest(from: &str, old_dest: &str, target: &str) -> String {
    let reaches = |dest: &str| matches!(resolve_link(from, dest), LinkTarget::File { path, .. } if path == target);
    if reaches(old_dest) {
        return old_dest.to_owned();
    }
    let suffix_at = old_dest.find(['#', '?']).unwrap_or(old_dest.len());
    let (path_part, suffix) = old_dest.split_at(suffix_at);
    let new_name = target.rsplit('/').next().unwrap_or(target);
    let renamed = match path_part.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{}{suffix}", encode(new_name)),
        None => format!("{}{suffix}", encode(new_name)),
    };
    if reaches(&renamed) {
        return renamed;
    }
    let path = if path_part.starts_with('/') {
        format!("/{target}")
    } else {
        let relative = relative_path(folder_of(from), target);
        if path_part.starts_with("./") && !relative.starts_with("../") {
            format!("./{relative}")
        } else {
            relative
        }
    };
    format!("{}{suffix}", encode(&path))
}

fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// The path from folder `from` to file `target`: up to their common folder, then down.
/// Shared by the rename engine and the language server's link-path completion.
pub fn relative_path(from: &str, target: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let (target_folder, file) = to.split_at(to.len() - 1);
    let common = from
        .iter()
        .zip(target_folder)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend_from_slice(&target_folder[common..]);
    parts.extend_from_slice(file);
    parts.join("/")
}

/// Characters a Markdown link destination cannot hold bare (links are percent-decoded
/// when resolved, so the encoded form reaches the same file).
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_climb_to_the_common_folder_and_keep_their_style() {
        assert_eq!(
            rewritten_dest("prds/PRD-1.md", "PRD-2-a.md#goals", "prds/PRD-9-a.md"),
            "PRD-9-a.md#goals"
        );
        assert_eq!(
            rewritten_dest(
                "objectives/OBJ-1.md",
                "../prds/PRD-2.md",
                "specs/old/PRD-2.md"
            ),
            "../specs/old/PRD-2.md"
        );
        assert_eq!(
            rewritten_dest("README.md", "./prds/PRD-2.md", "PRD-2.md"),
            "./PRD-2.md"
        );
        assert_eq!(
            rewritten_dest("a/b/c.md", "/prds/PRD-2.md?x", "p/PRD 2.md"),
            "/p/PRD%202.md?x"
        );
    }
}
