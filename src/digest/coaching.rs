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

/// The `avoid:` terms `text` uses (a title, a release name), in glossary order: a
/// customer-facing text that uses one must not be forwarded.
pub fn terms_in(text: &str, avoid: &[String]) -> Vec<String> {
    avoid
        .iter()
        .filter(|term| uses_term(text, term))
        .cloned()
        .collect()
}

/// The Markdown without its coaching and jargon, and what was taken. Prose paragraphs
/// lose the sentences that coach the audience or use a glossary term. Lists, tables,
/// quotes and code are not prose: coaching there stays, but jargon does not reach a
/// customer in any of them, so a list item or table row with a term goes, and a
/// quote, code block or table header with one takes its whole block.
fn split_copy(markdown: &str, audience: &str, avoid: &[String]) -> (String, Vec<String>) {
    let mut coaching = Vec::new();
    let paragraphs: Vec<String> = markdown
        .split("\n\n")
        .filter_map(|paragraph| {
            if !is_prose(paragraph) {
                let (kept, taken) = split_block(paragraph, avoid);
                coaching.extend(taken);
                return (!kept.trim().is_empty()).then_some(kept);
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

/// A block that is not prose, without the items that use a glossary term: list items
/// (with their continuation lines) and table rows one by one; anything else, or a
/// table whose header uses a term, as a whole.
fn split_block(block: &str, avoid: &[String]) -> (String, Vec<String>) {
    let jargon = |text: &str| avoid.iter().any(|t| uses_term(text, t));
    if !jargon(block) {
        return (block.to_owned(), Vec::new());
    }
    let first = block.trim_start();
    let indent = block.len() - first.len();
    let is_table = first.starts_with('|');
    let itemized = is_table || is_list_item(first);
    let header_has_term = is_table && block.lines().take(2).any(jargon);
    if !itemized || header_has_term {
        return (String::new(), vec![block.trim().to_owned()]);
    }
    // Items at the block's own indent: a deeper line continues the item above it.
    let mut items: Vec<String> = Vec::new();
    for line in block.split_inclusive('\n') {
        let starts_item = line.len() - line.trim_start().len() <= indent
            && (is_table || is_list_item(line.trim_start()));
        match items.last_mut() {
            Some(item) if !starts_item => item.push_str(line),
            _ => items.push(line.to_owned()),
        }
    }
    let (taken, kept): (Vec<String>, Vec<String>) =
        items.into_iter().partition(|item| jargon(item));
    let taken = taken
        .iter()
        .map(|item| list_marker_stripped(item.trim()).to_owned())
        .collect();
    let kept = kept.concat();
    // A table with only its header left says nothing.
    if is_table && kept.lines().count() <= 2 {
        return (String::new(), taken);
    }
    (kept.trim_end().to_owned(), taken)
}

/// `- x`, `* x`, `+ x`, `1. x` or `1) x`.
fn is_list_item(line: &str) -> bool {
    list_marker_stripped(line).len() < line.len()
}

fn list_marker_stripped(line: &str) -> &str {
    if let Some(rest) = line
        .strip_prefix(['-', '*', '+'])
        .and_then(|r| r.strip_prefix(' '))
    {
        return rest;
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match line[digits..].strip_prefix(['.', ')']) {
        Some(rest) if digits > 0 && rest.starts_with(' ') => rest.trim_start(),
        _ => line,
    }
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
    fn jargon_in_a_list_item_or_table_row_takes_only_that_item() {
        let avoid = ["WISMO".to_owned()];
        let text = "- Branded emails\n- Fewer WISMO tickets\n  across every carrier\n- Store credit\n\n| Metric | Result |\n|---|---|\n| WISMO | -22% |\n| Returns | -10% |";
        let (kept, taken) = split_copy(text, "sales", &avoid);
        assert_eq!(
            kept,
            "- Branded emails\n- Store credit\n\n| Metric | Result |\n|---|---|\n| Returns | -10% |"
        );
        assert_eq!(
            taken,
            [
                "Fewer WISMO tickets\n  across every carrier",
                "| WISMO | -22% |"
            ]
        );
    }

    #[test]
    fn jargon_in_a_quote_or_a_table_header_takes_the_whole_block() {
        let avoid = ["WISMO".to_owned()];
        let text = "Keep the sale.\n\n> \"Our WISMO queue halved.\"\n\n| WISMO | Before |\n|---|---|\n| Tickets | 40 |\n\n1. Only WISMO";
        let (kept, taken) = split_copy(text, "sales", &avoid);
        assert_eq!(kept, "Keep the sale.");
        assert_eq!(taken.len(), 3, "{taken:?}");
        assert_eq!(taken[2], "Only WISMO");
    }

    #[test]
    fn a_title_is_checked_against_the_glossary_as_whole_words() {
        let avoid = ["WISMO".to_owned(), "deals that stall".to_owned()];
        assert_eq!(terms_in("Proactive wismo deflection", &avoid), ["WISMO"]);
        assert!(terms_in("WISMOs and deals that stalled", &avoid).is_empty());
    }

    #[test]
    fn the_sales_team_is_addressed_anywhere_in_a_sentence() {
        assert!(addresses("Tell the sales team first.", "sales"));
        assert!(addresses("Sales: lead with savings.", "sales"));
        assert!(!addresses("Wholesales grow.", "sales"));
    }
}
