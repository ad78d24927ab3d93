//! Model: the order documents are listed in by ID, the way people read IDs (`PRD-2`
//! before `PRD-10`). The site's lists, boards and graph and every digest use it; the
//! workspace ranks every document by it once (see [`super::Workspace::id_rank`]).

use std::sync::Arc;

use super::{DocIdx, Document};

/// Splits text into runs so that digit runs compare as numbers, letters case-blind.
fn natural_key(text: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let split = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(split);
        let digits_end = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (digits, tail) = tail.split_at(digits_end);
        key.push((word.to_lowercase(), digits.parse().unwrap_or(0)));
        rest = tail;
    }
    key
}

/// Each document's place in ID order, by index: by ID the way people read them (`PRD-2`
/// before `PRD-10`), a document without an ID by its path among them, ties by path.
/// Paths are unique, so no two documents share a rank.
pub(crate) fn id_ranks(docs: &[Arc<Document>]) -> Vec<usize> {
    let keys: Vec<Vec<(String, u64)>> = docs.iter().map(|d| natural_key(d.label())).collect();
    let mut order: Vec<DocIdx> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| docs[a].path.cmp(&docs[b].path))
    });
    let mut ranks = vec![0; docs.len()];
    for (rank, idx) in order.into_iter().enumerate() {
        ranks[idx] = rank;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_workspace::{prd, workspace};

    #[test]
    fn digit_runs_compare_as_numbers() {
        assert!(natural_key("PRD-2") < natural_key("PRD-10"));
        assert!(natural_key("prd-2") == natural_key("PRD-2"));
        assert!(natural_key("OBJ-1") < natural_key("PRD-1"));
    }

    #[test]
    fn documents_rank_by_id_as_people_read_them() {
        let files = [
            prd("PRD-10", ""),
            prd("PRD-2", ""),
            prd("PRD-1", ""),
            ("notes.md".into(), "# Notes\n".into()),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (&**p, &**t)).collect();
        let ws = workspace(&files);
        let mut docs: Vec<DocIdx> = (0..ws.docs.len()).rev().collect();
        ws.sort_by_id(&mut docs);
        let labels: Vec<&str> = docs.iter().map(|&i| ws.docs[i].label()).collect();
        assert_eq!(labels, ["notes.md", "PRD-1", "PRD-2", "PRD-10"]);
    }
}
