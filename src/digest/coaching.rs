//! Digest data: the sentences of customer-facing copy that speak to the audience
//! itself rather than to its customers ("For sales, this removes the most common
//! objection…"), or use a term of the audience's `avoid:` glossary (internal jargon
//! such as "WISMO"). They are taken out of the copy a salesperson forwards, and kept as
//! internal notes, so neither coaching nor jargon reaches a customer.

use super::excerpt::Excerpt;
use crate::markup::body::markdown_to_safe_html;

/// What was taken out of a document's customer copy.
#[derive(Debug, Default, PartialEq)]
pub struct Taken {
    pub sentences: Vec<String>,
    /// The glossary terms those sentences use.
    pub terms: Vec<String>,
}

/// Takes the coaching and jargon sentences out of `excerpts` (dropping an excerpt
/// left empty) and returns them, in order, with the glossary terms they use.
pub fn take_coaching(excerpts: &mut Vec<Excerpt>, audience: &str, avoid: &[String]) -> Taken {
    let mut taken = Vec::new();
    for excerpt in excerpts.iter_mut() {
        let (kept, coaching) = split_copy(&excerpt.markdown, audience, avoid);
        if coaching.is_empty() {
            continue;
        }
        taken.extend(coaching);
        excerpt.html = markdown_to_safe_html(&kept);
        excerpt.markdown = kept;
    }
    excerpts.retain(|e| !e.markdown.trim().is_empty());
    let terms = avoid
        .iter()
        .filter(|term| taken.iter().any(|s| uses_term(s, term)))
        .cloned()
        .collect();
    Taken {
        sentences: taken,
        terms,
    }
}

/// The Markdown without its coaching sentences, and those sentences. Only prose
/// paragraphs are split; lists, tables, quotes and code are left whole.
fn split_copy(markdown: &str, audience: &str, avoid: &[String]) -> (String, Vec<String>) {
    let mut coaching = Vec::new();
    let paragraphs: Vec<String> = markdown
        .split("\n\n")
        .filter_map(|paragraph| {
            if !is_prose(paragraph) {
                return Some(paragraph.to_owned());
            }
            let (kept, taken): (Vec<&str>, Vec<&str>) = sentences(paragraph)
                .into_iter()
                .partition(|s| !addresses(s, audience) && !avoid.iter().any(|t| uses_term(s, t)));
            coaching.extend(taken.iter().map(|s| s.trim().to_owned()));
            let kept = kept.concat();
            let kept = kept.trim();
            (!kept.is_empty()).then(|| kept.to_owned())
        })
        .collect();
    (paragraphs.join("\n\n"), coaching)
}

fn is_prose(paragraph: &str) -> bool {
    let first = paragraph.trim_start();
    !(first.is_empty()
        || first.starts_with(['-', '*', '+', '|', '>', '#', '`', '<', ' ', '\t'])
        || first
            .split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok()))
}

/// Sentences with the space after each: split after `.`, `!` or `?` followed by a
/// space (a closing quote or bracket stays with its sentence).
fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = paragraph.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ends = matches!(b, b'.' | b'!' | b'?' | b'"' | b')')
            && matches!(bytes.get(i + 1), Some(b' ' | b'\n'))
            && (b != b'"' && b != b')' || i > 0 && matches!(bytes[i - 1], b'.' | b'!' | b'?'));
        if ends {
            out.push(&paragraph[start..=i + 1]);
            start = i + 2;
        }
    }
    if start < paragraph.len() {
        out.push(&paragraph[start..]);
    }
    out
}

/// A sentence that speaks to the audience as a team: `For sales, …`, `the sales
/// team`, `Sales: …`, `sales reps`, `sales should`. A customer-facing sentence may
/// mention the word otherwise ("more sales") and stays.
fn addresses(sentence: &str, audience: &str) -> bool {
    let s = sentence.trim().to_lowercase();
    let a = audience.to_lowercase();
    s.starts_with(&format!("{a}:"))
        || s.starts_with(&format!("{a},"))
        || [
            format!("for {a},"),
            format!("for {a} "),
            format!("{a} team"),
            format!("{a} reps"),
            format!("{a} should"),
            format!("{a} can "),
        ]
        .iter()
        .any(|phrase| s.starts_with(phrase.as_str()) || s.contains(&format!(" {phrase}")))
}

/// The term as a whole word (or words), in any case: `WISMO` in "fewer WISMO
/// tickets", not in "WISMOs"… nor `NRR` in "NRRT".
fn uses_term(sentence: &str, term: &str) -> bool {
    let sentence = sentence.to_lowercase();
    let term = term.to_lowercase();
    if term.is_empty() {
        return false;
    }
    sentence.match_indices(&term).any(|(at, _)| {
        let before = sentence[..at].chars().next_back();
        let after = sentence[at + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_coaching_sales_leaves_the_customer_copy() {
        let text = "Connect your stack. Reliable webhooks instead of CSV files. For sales, this removes the most common objection (\"do you have an API?\").";
        let (kept, taken) = split_copy(text, "sales", &[]);
        assert_eq!(
            kept,
            "Connect your stack. Reliable webhooks instead of CSV files."
        );
        assert_eq!(
            taken,
            ["For sales, this removes the most common objection (\"do you have an API?\")."]
        );
    }

    #[test]
    fn customer_copy_that_only_mentions_the_word_stays() {
        let text =
            "Turn refunds into more sales. Keep the sale.\n\n- For sales, a list item stays whole.";
        let (kept, taken) = split_copy(text, "sales", &[]);
        assert_eq!(kept, text);
        assert!(taken.is_empty());
    }

    #[test]
    fn a_sentence_with_a_glossary_term_leaves_the_customer_copy() {
        let avoid = ["WISMO".to_owned()];
        let text = "Your tracking page, your brand. Early merchants saw 22% fewer wismo tickets.";
        let (kept, taken) = split_copy(text, "sales", &avoid);
        assert_eq!(kept, "Your tracking page, your brand.");
        assert_eq!(taken, ["Early merchants saw 22% fewer wismo tickets."]);
        assert!(!uses_term("WISMOs are down.", "WISMO"));
    }

    #[test]
    fn the_sales_team_is_addressed_anywhere_in_a_sentence() {
        assert!(addresses("Tell the sales team first.", "sales"));
        assert!(addresses("Sales: lead with savings.", "sales"));
        assert!(!addresses("Wholesales grow.", "sales"));
    }
}
