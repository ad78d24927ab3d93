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
    names_any(text, |word| word == id)
}

/// Whether `text` names an ID `is_id` accepts: every stretch of the text that would name
/// an ID if it were one is offered, so a set of IDs is checked in one pass over the text.
pub(super) fn names_any(text: &str, mut is_id: impl FnMut(&str) -> bool) -> bool {
    runs(text).any(|run| {
        // Most words are plain (`PRD-12`, `depends`): the word itself is the one stretch.
        if !run.contains('.') && !run.ends_with('-') {
            return is_id(run);
        }
        // An ID starts at the start of the word or after a dot, and ends before a dot or
        // anywhere in the word's trailing `-`/`.` (all ASCII, so on char boundaries).
        let dots = || run.match_indices('.').map(|(at, _)| at);
        let trailing = run.trim_end_matches(['.', '-']).len();
        std::iter::once(0)
            .chain(dots().map(|at| at + 1))
            .any(|start| {
                dots()
                    .chain(trailing..=run.len())
                    .filter(|&end| end > start)
                    .any(|end| is_id(&run[start..end]))
            })
    })
}

/// The words of `text`: maximal runs of letters, digits, `-`, `_` and `.`.
fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .filter(|run| !run.is_empty())
}
