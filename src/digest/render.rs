//! Digests as Markdown (Tera templates `digest-<audience>.md`, else `digest.md`), as
//! email-friendly HTML (the Markdown, sanitized and inline-styled, inside `digest.html`:
//! one file, no script, no external assets), or as JSON.

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
}

impl DigestFormat {
    pub fn extension(self) -> &'static str {
        match self {
            DigestFormat::Markdown => "md",
            DigestFormat::Html => "html",
            DigestFormat::Json => "json",
        }
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
        // Plain data of strings, numbers and lists: serialization cannot fail.
        return Ok(serde_json::to_string_pretty(digest).expect("digest serializes") + "\n");
    }
    let markdown = markdown(templates, digest, template)?;
    match format {
        DigestFormat::Markdown => Ok(markdown),
        _ => {
            let mut context = Context::new();
            context.insert("d", digest);
            context.insert("body", &inline_styles(&markdown_to_safe_html(&markdown)));
            // The first heading names the digest: the page (and e-mail subject) title.
            let title = markdown
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .map_or_else(|| markdown.lines().next().unwrap_or_default(), str::trim);
            context.insert("title", title);
            context.insert("generator", concat!("spex ", env!("CARGO_PKG_VERSION")));
            let name = template
                .map(|t| format!("{t}.html"))
                .filter(|n| templates.has(n))
                .unwrap_or_else(|| pick(templates, &digest.audience, "html"));
            templates.render(&name, &context)
        }
    }
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
