//! Digests as Slack messages (`--format slack`): the rendered Markdown turned into one
//! Block Kit message per audience, for an incoming webhook. Slack's documented limits
//! are kept: at most 50 blocks, a header's text at most 150 characters, a section's at
//! most 3,000. Links that are not absolute URLs would be dead in Slack: their text stays.

use serde_json::{Value, json};

use super::Digest;
use super::links::is_absolute_url;

/// Blocks in one message.
pub const MAX_BLOCKS: usize = 50;
/// Characters of a header block's text.
pub const MAX_HEADER: usize = 150;
/// Characters of a section block's text.
pub const MAX_SECTION: usize = 3000;

/// The message: a header with the digest's title, its health as context, then the
/// body in sections (one per heading, split where a section would be too long).
pub fn message(digest: &Digest, title: &str, markdown: &str) -> Value {
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(title, MAX_HEADER), "emoji": false}}),
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(&context_line(digest))}]}),
    ];
    let sections = sections(markdown);
    let room = MAX_BLOCKS - blocks.len();
    let (shown, left) = if sections.len() > room {
        // The last block says what did not fit, rather than Slack refusing the message.
        (&sections[..room - 1], sections.len() - (room - 1))
    } else {
        (&sections[..], 0)
    };
    blocks.extend(
        shown
            .iter()
            .map(|text| json!({"type": "section", "text": {"type": "mrkdwn", "text": text}})),
    );
    if left > 0 {
        blocks.push(json!({"type": "context", "elements": [{"type": "mrkdwn", "text": format!("… and {left} more parts: read the full digest.")}]}));
    }
    json!({
        // What notifications and clients without blocks show.
        "text": format!("{title}: {}", digest.health.headline()),
        "blocks": blocks,
    })
}

/// `Health: 9 on track · 6 not approved · as of 2026-12-06`.
fn context_line(digest: &Digest) -> String {
    let mut line = format!("Health: {}", digest.health.headline());
    if let Some(head) = &digest.head {
        line.push_str(&format!(" · as of {}", head.date));
    }
    line
}

/// The body below the first heading as section texts in Slack's mrkdwn, each within
/// [`MAX_SECTION`]: a new section at each heading, and where one would grow too long.
fn sections(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let text = current.trim_matches('\n');
        if !text.is_empty() {
            out.push(text.to_owned());
        }
        current.clear();
    };
    for line in markdown
        .lines()
        .skip_while(|l| !l.starts_with("# "))
        .skip(1)
    {
        let (is_heading, text) = match line.trim_start_matches('#') {
            rest if line.starts_with('#') && rest.starts_with(' ') => (true, rest.trim()),
            _ => (false, line),
        };
        let converted = if is_heading {
            format!("*{}*", mrkdwn(text))
        } else {
            mrkdwn_line(text)
        };
        if is_heading || current.chars().count() + converted.chars().count() + 1 > MAX_SECTION {
            flush(&mut current, &mut out);
        }
        // A single line longer than a section is cut; the rest is in the full digest.
        current.push_str(&cut(&converted, MAX_SECTION));
        current.push('\n');
    }
    flush(&mut current, &mut out);
    out
}

/// One body line: list bullets as Slack shows them, then the inline conversion.
fn mrkdwn_line(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    match rest.strip_prefix("- ").or_else(|| rest.strip_prefix("* ")) {
        Some(item) if indent == 0 => format!("• {}", mrkdwn(item)),
        Some(item) => format!("    ◦ {}", mrkdwn(item)),
        None => format!("{}{}", " ".repeat(indent), mrkdwn(rest)),
    }
}

/// Inline Markdown to mrkdwn: `[text](url)` → `<url|text>` (text alone for a relative
/// URL), `**bold**` → `*bold*`, backslash escapes undone, `&<>` escaped.
fn mrkdwn(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = find_unescaped(rest, '[') {
        let Some((label, url, after)) = link_at(&rest[open..]) else {
            out.push_str(&plain(&rest[..=open]));
            rest = &rest[open + 1..];
            continue;
        };
        out.push_str(&plain(&rest[..open]));
        let label = plain(label);
        if is_absolute_url(url) {
            out.push_str(&format!(
                "<{}|{}>",
                url.replace('|', "%7C").replace('>', "%3E"),
                label.replace('|', "¦")
            ));
        } else {
            out.push_str(&label);
        }
        rest = after;
    }
    out.push_str(&plain(rest));
    out
}

/// `[label](url)` at the start of `s`: the label, the URL and what follows.
fn link_at(s: &str) -> Option<(&str, &str, &str)> {
    let close = find_unescaped(s, ']')?;
    let after = s[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    Some((&s[1..close], &after[..end], &after[end + 1..]))
}

fn find_unescaped(s: &str, wanted: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == wanted && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// Text outside links: Markdown escapes undone, bold as Slack writes it, `&<>` escaped.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                let next = chars.next().unwrap_or('\\');
                out.push_str(&escape(&next.to_string()));
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push('*');
            }
            c => out.push_str(&escape(&c.to_string())),
        }
    }
    out
}

/// Slack's three control characters in text.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// At most `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_bold_and_escapes_become_mrkdwn() {
        assert_eq!(
            mrkdwn("**[PRD\\-1 A & B](https://x.test/p?a=1)** · [local](../prds/p.md) <b>"),
            "*<https://x.test/p?a=1|PRD-1 A &amp; B>* · local &lt;b&gt;"
        );
    }

    #[test]
    fn long_bodies_are_split_within_the_section_limit() {
        let body = format!("# T\n\n## Part\n\n{}", "- a line of text\n".repeat(400));
        let parts = sections(&body);
        assert!(parts.len() > 2, "{}", parts.len());
        assert!(parts.iter().all(|p| p.chars().count() <= MAX_SECTION));
        assert!(parts[0].starts_with("*Part*"));
    }

    #[test]
    fn a_long_header_is_cut() {
        let long = "x".repeat(200);
        assert_eq!(cut(&long, MAX_HEADER).chars().count(), MAX_HEADER);
    }
}
