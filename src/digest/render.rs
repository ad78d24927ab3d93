//! Digests as Markdown (Tera templates `digest-<audience>.md`, else `digest.md`), as
//! e-mail-ready HTML (the Markdown, sanitized and inline-styled, inside the table layout
//! of `digest.html`: one file, no script, no external assets), as JSON, as a Slack
//! message (`slack.rs`) or as a whole e-mail (`email.rs`).

use std::path::Path;

use tera::{Context, Kwargs, State};

use super::Digest;
use crate::diag::Diagnostic;
use crate::markup::body::markdown_to_safe_html;
use crate::markup::templates::Templates;

/// The built-in digest templates (embedded from `templates/digest/`).
pub const BUILTIN: &[(&str, &str)] = crate::embedded::DIGEST_TEMPLATES.files;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestFormat {
    Markdown,
    Html,
    Json,
    /// A Slack Block Kit message (JSON) for an incoming webhook.
    Slack,
    /// A complete e-mail (`.eml`): plain text and HTML.
    Email,
}

impl DigestFormat {
    pub fn extension(self) -> &'static str {
        match self {
            DigestFormat::Markdown => "md",
            DigestFormat::Html => "html",
            DigestFormat::Json => "json",
            DigestFormat::Slack => "slack.json",
            DigestFormat::Email => "eml",
        }
    }

    /// The format's name as `--format` spells it, for messages.
    pub fn name(self) -> &'static str {
        match self {
            DigestFormat::Markdown => "Markdown",
            DigestFormat::Html => "HTML",
            DigestFormat::Json => "JSON",
            DigestFormat::Slack => "Slack",
            DigestFormat::Email => "e-mail",
        }
    }

    /// Read away from the workspace (in a mail client or chat), where only absolute
    /// links work.
    pub fn needs_absolute_links(self) -> bool {
        matches!(
            self,
            DigestFormat::Html | DigestFormat::Slack | DigestFormat::Email
        )
    }
}

/// The digest template engine: built-ins plus the workspace's `templates/` overrides.
pub fn load_templates(root: Option<&Path>) -> (Templates, Vec<Diagnostic>) {
    Templates::load_with(root, BUILTIN, |tera| {
        // Escapes Markdown syntax in generated text, but not inside its `code spans`,
        // where a backslash would show.
        tera.register_filter("md", |s: &str, _: Kwargs, _: &State| {
            crate::markup::escape::md_inline(s)
        });
        // Status names are identifiers (`in-progress`); people read "in progress".
        tera.register_filter("human", |s: &str, _: Kwargs, _: &State| human(s));
    })
}

/// Renders one digest. `template` overrides the audience's template name.
pub fn render(
    templates: &Templates,
    digest: &Digest,
    format: DigestFormat,
    template: Option<&str>,
) -> Result<String, Box<Diagnostic>> {
    if format == DigestFormat::Json {
        return Ok(json(digest));
    }
    let markdown = markdown(templates, digest, template)?;
    // The first heading names the digest: the page title, the e-mail subject, the
    // Slack header.
    let title = markdown
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map_or_else(|| markdown.lines().next().unwrap_or_default(), str::trim);
    let title = md_unescape(title);
    match format {
        DigestFormat::Json => Ok(json(digest)),
        DigestFormat::Markdown => Ok(markdown),
        DigestFormat::Slack => {
            let message = super::slack::message(digest, &title, &markdown);
            // Plain data of strings and lists: serialization cannot fail.
            Ok(serde_json::to_string_pretty(&message).expect("message serializes") + "\n")
        }
        DigestFormat::Html => html(templates, digest, template, &title, &markdown),
        DigestFormat::Email => {
            let html = html(templates, digest, template, &title, &markdown)?;
            let now = super::email::now();
            Ok(super::email::message(digest, &title, &markdown, &html, now))
        }
    }
}

fn json(digest: &Digest) -> String {
    // Plain data of strings, numbers and lists: serialization cannot fail.
    serde_json::to_string_pretty(digest).expect("digest serializes") + "\n"
}

/// Markdown text as plain text: `\-` → `-` (the `md` filter's escapes).
fn md_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// The HTML page: the body with inline styles, relative links and images taken out,
/// in `digest.html` (or the audience's own) with a preheader and the health pills.
fn html(
    templates: &Templates,
    digest: &Digest,
    template: Option<&str>,
    title: &str,
    markdown: &str,
) -> Result<String, Box<Diagnostic>> {
    let body = inline_styles(&mail_safe(&markdown_to_safe_html(markdown)));
    let mut context = Context::new();
    context.insert("d", digest);
    context.insert("body", &body);
    context.insert("title", title);
    context.insert("preheader", &preheader(digest));
    context.insert("pills", &pills(digest));
    context.insert("generator", concat!("spex ", env!("CARGO_PKG_VERSION")));
    let name = template
        .map(|t| format!("{t}.html"))
        .filter(|n| templates.has(n))
        .unwrap_or_else(|| pick(templates, &digest.audience, "html"));
    templates.render(&name, &context)
}

/// What a mail client shows beside the subject: the health, then the summary's start.
fn preheader(digest: &Digest) -> String {
    let mut text = format!("Health: {}.", digest.health.headline());
    if let Some(note) = &digest.note {
        let first: String = note
            .split_whitespace()
            .filter(|w| !w.starts_with('#'))
            .take(20)
            .collect::<Vec<_>>()
            .join(" ");
        text.push(' ');
        text.push_str(&first);
    }
    text
}

/// The health counts as coloured pills: (label, background, text colour).
fn pills(digest: &Digest) -> Vec<(String, &'static str, &'static str)> {
    let h = &digest.health;
    [
        (h.slipped, "slipped", "#fde2e1", "#a3201a"),
        (h.at_risk, "at risk", "#fdf0d5", "#8a5a00"),
        (h.not_approved, "not approved", "#e8ebf0", "#3d4757"),
        (h.on_track, "on track", "#dff3e4", "#16652f"),
    ]
    .into_iter()
    .filter(|(n, ..)| *n > 0)
    .map(|(n, what, bg, fg)| (format!("{n} {what}"), bg, fg))
    .collect()
}

/// E-mail and chat are read far from the workspace: a relative link (`../prds/x.md`)
/// would be dead there, so its text stays and the link goes; images go too (they
/// would be fetched from elsewhere, or not at all), leaving their alt text.
pub fn mail_safe(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut open_links: Vec<bool> = Vec::new();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        if tag.starts_with("<a ") || tag == "<a>" {
            let keep = attribute(tag, "href").is_some_and(super::links::is_absolute_url);
            open_links.push(keep);
            if keep {
                out.push_str(tag);
            }
        } else if tag == "</a>" {
            if open_links.pop().unwrap_or(true) {
                out.push_str(tag);
            }
        } else if tag.starts_with("<img") {
            out.push_str(attribute(tag, "alt").unwrap_or_default());
        } else {
            out.push_str(tag);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// The value of `name="…"` in a tag as the sanitizer writes it (double quotes,
/// entities left as they are).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn markdown(
    templates: &Templates,
    digest: &Digest,
    template: Option<&str>,
) -> Result<String, Box<Diagnostic>> {
    if let (Some(changes), Some(since)) = (&digest.changes, &digest.since)
        && changes.empty
    {
        // Nothing to tell: one line, not an empty template.
        return Ok(format!(
            "No changes for {} in {} since `{}` ({}).\n",
            digest.audience,
            crate::markup::escape::md_escape(&digest.site_title),
            since.short_id,
            since.date
        ));
    }
    let mut context = Context::new();
    context.insert("d", digest);
    let name = template
        .map(|t| format!("{t}.md"))
        .filter(|n| templates.has(n))
        .unwrap_or_else(|| pick(templates, &digest.audience, "md"));
    let text = templates.render(&name, &context)?;
    Ok(tidy(&text))
}

/// `in-progress` → `in progress`, `not_started` → `not started`.
pub fn human(status: &str) -> String {
    status.replace(['-', '_'], " ")
}

/// `digest-<audience>.<ext>` when there is one (built in or in the workspace), else
/// the generic `digest.<ext>`.
fn pick(templates: &Templates, audience: &str, ext: &str) -> String {
    let specific = format!("digest-{audience}.{ext}");
    if templates.has(&specific) {
        specific
    } else {
        format!("digest.{ext}")
    }
}

/// Templates leave runs of blank lines where blocks are empty; Markdown needs one.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_start_matches('\n').to_owned()
}

/// E-mail clients drop `<style>` blocks; put the few styles a digest needs on its tags.
fn inline_styles(html: &str) -> String {
    const STYLES: [(&str, &str); 12] = [
        (
            "<h1>",
            "<h1 style=\"font-size:22px;line-height:1.3;margin:0 0 8px;\">",
        ),
        (
            "<h2>",
            "<h2 style=\"font-size:17px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid #dde1e8;\">",
        ),
        ("<h3>", "<h3 style=\"font-size:15px;margin:18px 0 6px;\">"),
        ("<p>", "<p style=\"margin:0 0 10px;\">"),
        ("<ul>", "<ul style=\"margin:0 0 10px;padding-left:20px;\">"),
        ("<ol>", "<ol style=\"margin:0 0 10px;padding-left:20px;\">"),
        ("<li>", "<li style=\"margin:2px 0;\">"),
        (
            "<code>",
            "<code style=\"font-family:Menlo,Consolas,monospace;font-size:13px;background:#f0f2f5;padding:1px 4px;border-radius:3px;\">",
        ),
        (
            "<table>",
            "<table style=\"border-collapse:collapse;width:100%;font-size:14px;margin:0 0 12px;\">",
        ),
        (
            "<th>",
            "<th style=\"text-align:left;border-bottom:2px solid #dde1e8;padding:4px 6px;\">",
        ),
        (
            "<td>",
            "<td style=\"border-bottom:1px solid #eceef2;padding:4px 6px;vertical-align:top;\">",
        ),
        ("<a ", "<a style=\"color:#1f5fd6;\" "),
    ];
    let mut out = html.to_owned();
    for (tag, styled) in STYLES {
        out = out.replace(tag, styled);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mail_safe;

    #[test]
    fn relative_links_and_images_leave_only_their_text() {
        let html = r#"<p><a href="../prds/a.md">A</a> and <a href="https://x.test/b" rel="noopener">B</a> <img src="https://x.test/i.png" alt="chart"></p>"#;
        assert_eq!(
            mail_safe(html),
            r#"<p>A and <a href="https://x.test/b" rel="noopener">B</a> chart</p>"#
        );
    }
}
