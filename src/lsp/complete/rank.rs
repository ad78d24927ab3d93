//! Narrowing a completion list to the word being typed: labels that start with it, then
//! labels that contain it, then labels that have its letters in order (ignoring case),
//! at most [`MAX_ITEMS`] of them. A big workspace has thousands of IDs; sending them all
//! on every `[[` makes the editor (and the JSON) the slow part.

use super::Candidate;

/// The most candidates one answer carries. When more match, the answer says it is
/// incomplete and the editor asks again as the user types.
pub const MAX_ITEMS: usize = 100;

/// The candidates that match what was typed, best first, and whether some were left out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ranked {
    pub candidates: Vec<Candidate>,
    pub incomplete: bool,
}

/// How well a label matches the typed word: lower is better, `None` is no match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    Prefix,
    Substring,
    Subsequence,
}

/// How `label` matches `typed` (already lowercased), ignoring case.
pub fn matches(label: &str, typed: &str) -> Option<Match> {
    if typed.is_empty() {
        return Some(Match::Prefix);
    }
    let label = label.to_lowercase();
    if label.starts_with(typed) {
        return Some(Match::Prefix);
    }
    if label.contains(typed) {
        return Some(Match::Substring);
    }
    let mut rest = label.chars();
    typed
        .chars()
        .all(|wanted| rest.any(|c| c == wanted))
        .then_some(Match::Subsequence)
}

/// The candidates matching `typed`, prefix matches first, then substring, then
/// subsequence matches, each group in the order given; at most `max` of them.
pub fn rank(candidates: Vec<Candidate>, typed: &str, max: usize) -> Ranked {
    let typed = typed.to_lowercase();
    let mut kept: Vec<(Match, Candidate)> = candidates
        .into_iter()
        .filter_map(|c| matches(&c.label, &typed).map(|m| (m, c)))
        .collect();
    // Stable: within a group, the producer's order (lifecycle order, natural ID order).
    kept.sort_by_key(|(m, _)| *m);
    let incomplete = kept.len() > max;
    kept.truncate(max);
    Ranked {
        candidates: kept.into_iter().map(|(_, c)| c).collect(),
        incomplete,
    }
}

/// The key of the natural order of IDs: by prefix, then by number (`PRD-2` before
/// `PRD-10`), then as text. `PRD-012` → (`PRD-`, 2 significant digits, `12`, `PRD-012`).
pub fn natural_key(id: &str) -> (&str, usize, &str, &str) {
    let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = id[stem.len()..].trim_start_matches('0');
    (stem, number.len(), number, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::complete::What;

    fn candidate(label: &str) -> Candidate {
        Candidate {
            label: label.to_owned(),
            detail: String::new(),
            documentation: None,
            what: What::Id,
            replace: 0..0,
        }
    }

    fn labels(ranked: &Ranked) -> Vec<&str> {
        ranked.candidates.iter().map(|c| c.label.as_str()).collect()
    }

    #[test]
    fn prefix_matches_come_before_substring_and_subsequence_matches() {
        let all = ["OBJ-12", "PRD-12", "ADR-1", "PRD-3", "RPD-9"].map(candidate);
        let ranked = rank(all.to_vec(), "prd", 10);
        assert_eq!(labels(&ranked), ["PRD-12", "PRD-3"]);
        let ranked = rank(all.to_vec(), "d-1", 10);
        assert_eq!(labels(&ranked), ["PRD-12", "ADR-1"]);
        let ranked = rank(all.to_vec(), "p12", 10);
        assert_eq!(labels(&ranked), ["PRD-12"]);
        let ranked = rank(all.to_vec(), "12", 10);
        assert_eq!(labels(&ranked), ["OBJ-12", "PRD-12"]);
        // `r` starts RPD-9, is inside PRD-12, ADR-1 and PRD-3.
        let ranked = rank(all.to_vec(), "R", 10);
        assert_eq!(labels(&ranked), ["RPD-9", "PRD-12", "ADR-1", "PRD-3"]);
        assert!(!ranked.incomplete);
    }

    #[test]
    fn a_long_list_is_cut_and_says_so() {
        let all: Vec<Candidate> = (1..=250).map(|n| candidate(&format!("PRD-{n}"))).collect();
        let ranked = rank(all.clone(), "", 100);
        assert_eq!(ranked.candidates.len(), 100);
        assert!(ranked.incomplete);
        assert_eq!(labels(&ranked)[..2], ["PRD-1", "PRD-2"]);
        // Exactly as many as fit: complete.
        let ranked = rank(all[..100].to_vec(), "", 100);
        assert!(!ranked.incomplete);
        // Upper or lower case alike; the numbers with a 2 and later a 4 come last.
        let ranked = rank(all, "Prd-24", 100);
        let mut expected: Vec<String> = vec!["PRD-24".to_owned()];
        expected.extend((240..=249).map(|n| format!("PRD-{n}")));
        expected.extend([124, 204, 214, 224, 234].map(|n| format!("PRD-{n}")));
        assert_eq!(labels(&ranked), expected);
        assert!(!ranked.incomplete);
    }

    #[test]
    fn ids_sort_by_prefix_then_number() {
        let mut ids = vec!["PRD-10", "ADR-2", "PRD-9", "PRD-009", "PRD-1", "X"];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(ids, ["ADR-2", "PRD-1", "PRD-009", "PRD-9", "PRD-10", "X"]);
    }
}
