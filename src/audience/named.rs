//! Whether a text names a document ID: the one whole-word matcher every output uses to
//! keep a hidden document's ID out of what it prints (a diagnostic's message, a help
//! line, a rebuild error).
//!
//! An ID is named where it stands as a word: no letter, digit, `-` or `_` right before
//! it, and right after it the end of the word, a `.`, or only `-`/`.` up to the end of
//! the word. So `PRD-1` is named in "PRD-1 → PRD-9", "(`PRD-1`)", "PRD-1." and
//! "PRD-1.md", and not in "PRD-10", "XPRD-1" or "PRD-1-2". When in doubt it matches:
//! a dropped diagnostic costs a line, a leaked ID cannot be taken back.

/// Whether `text` names `id` (see the module docs).
pub fn names_id(text: &str, id: &str) -> bool {
    mentioned(text).any(|word| word == id)
}

/// Every stretch of `text` that would name an ID if it were one, so that a set of IDs
/// is checked with one pass over the text.
pub(super) fn mentioned(text: &str) -> impl Iterator<Item = &str> {
    runs(text).flat_map(|run| {
        let dots = || run.match_indices('.').map(|(at, _)| at);
        // An ID starts at the start of the word or after a dot, and ends before a dot or
        // anywhere in the word's trailing `-`/`.` (all ASCII, so on char boundaries).
        let starts: Vec<usize> = std::iter::once(0).chain(dots().map(|at| at + 1)).collect();
        let trailing = run.trim_end_matches(['.', '-']).len();
        let ends: Vec<usize> = dots().chain(trailing..=run.len()).collect();
        starts.into_iter().flat_map(move |start| {
            ends.clone()
                .into_iter()
                .filter(move |&end| end > start)
                .map(move |end| &run[start..end])
        })
    })
}

/// The words of `text`: maximal runs of letters, digits, `-`, `_` and `.`.
fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .filter(|run| !run.is_empty())
}
