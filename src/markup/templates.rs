//! Tera templates: the defaults are embedded in the binary (so spex works from any folder
//! with nothing beside it), and a workspace's `templates/` folder overrides any of them by
//! name. Built-ins are registered under `builtin/` and found through Tera's fallback
//! prefixes, so an override can still extend the original (`{% extends "builtin/doc.html" %}`).

use std::path::Path;

use tera::{Context, Tera};

use crate::diag::{Diagnostic, Files, Rule, Span};

/// Every built-in site template, by name (embedded from `templates/site/`).
pub const BUILTIN: &[(&str, &str)] = crate::embedded::SITE_TEMPLATES.files;

const BUILTIN_PREFIX: &str = "builtin/";
/// Where workspace overrides live, relative to the workspace root.
pub const OVERRIDE_DIR: &str = "templates";

/// The template engine with built-ins and overrides loaded.
pub struct Templates {
    tera: Tera,
    /// Texts of override files, so template diagnostics can show source lines.
    pub files: Files,
}

impl Templates {
    /// Loads the built-ins plus the overrides in `root/templates` (when `root` is given).
    /// A broken override is a diagnostic naming its file and line; the built-in is used
    /// in its place so the rest can still be checked.
    pub fn load(root: Option<&Path>, builtin: &[(&str, &str)]) -> (Templates, Vec<Diagnostic>) {
        Templates::load_with(root, builtin, |_| {})
    }

    /// Like `load`, with a chance to register filters before templates are parsed.
    pub fn load_with(
        root: Option<&Path>,
        builtin: &[(&str, &str)],
        setup: impl FnOnce(&mut Tera),
    ) -> (Templates, Vec<Diagnostic>) {
        let mut tera = Tera::default();
        setup(&mut tera);
        // Called before any template is added, as Tera requires: cannot fail.
        tera.set_fallback_prefixes([BUILTIN_PREFIX])
            .expect("no templates added yet");
        let prefixed: Vec<(String, &str)> = builtin
            .iter()
            .map(|(name, text)| (format!("{BUILTIN_PREFIX}{name}"), *text))
            .collect();
        let mut diagnostics = Vec::new();
        if let Err(e) = tera.add_raw_templates(prefixed.iter().map(|(n, t)| (n.as_str(), *t))) {
            diagnostics.push(template_diagnostic(&e, &Files::default()));
        }
        let mut files = Files::default();
        if let Some(dir) = root.map(|r| r.join(OVERRIDE_DIR)).filter(|d| d.is_dir()) {
            for (name, text) in read_overrides(&dir, &mut diagnostics) {
                if belongs_to_another_engine(&name, builtin) {
                    continue;
                }
                let file = format!("{OVERRIDE_DIR}/{name}");
                files.insert(&file, text.as_str().into());
                if let Err(e) = tera.add_raw_template(&name, &text) {
                    diagnostics.push(template_diagnostic(&e, &files));
                }
            }
        }
        (Templates { tera, files }, diagnostics)
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Values every page sees (`site`).
    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
    }

    /// Renders `name`; a failure becomes a diagnostic pointing into the template.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Box<Diagnostic>> {
        self.tera
            .render(name, context)
            .map_err(|e| Box::new(template_diagnostic(&e, &self.files)))
    }

    /// Renders `name` onto the end of `out`, so that a caller rendering many pages can
    /// keep one buffer instead of allocating and growing a string per page.
    pub fn render_into(
        &self,
        name: &str,
        context: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Box<Diagnostic>> {
        self.tera
            .render_to(name, context, out)
            .map_err(|e| Box::new(template_diagnostic(&e, &self.files)))
    }
}

/// Whether an override replaces a built-in of the other engine (the site's `doc.html`
/// while loading the digests', or the reverse). A workspace has one `templates/` folder
/// for both; such a file is not this engine's to compile, and may extend a `builtin/`
/// template this engine does not have. Other files (partials, templates an audience
/// names) are loaded by both.
fn belongs_to_another_engine(name: &str, builtin: &[(&str, &str)]) -> bool {
    let ours = |n: &str| builtin.iter().any(|(b, _)| *b == n);
    !ours(name)
        && crate::embedded::TEMPLATE_DIRS
            .iter()
            .any(|dir| dir.files.iter().any(|(b, _)| *b == name))
}

/// `templates/**` files, named by their path inside the folder.
fn read_overrides(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => out.push((name, text)),
            Err(e) => diagnostics.push(Diagnostic::new(
                Rule::Template,
                format!("cannot read template `{name}`: {e}"),
                Span::file_start(format!("{OVERRIDE_DIR}/{name}")),
            )),
        }
    }
    out
}

/// Turns a Tera error into a diagnostic at the template line it names.
fn template_diagnostic(error: &tera::Error, files: &Files) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let message = match report {
        Some(r) => r.message().to_owned(),
        None => full_message(error),
    };
    let (file, range) = match report {
        Some(r) => {
            let name = r.filename().strip_prefix(BUILTIN_PREFIX).map_or_else(
                || format!("{OVERRIDE_DIR}/{}", r.filename()),
                |builtin| format!("<built-in template {builtin}>"),
            );
            let range = r.span().range.clone();
            // Only point into text we have; Tera's range is relative to that template.
            let range = if files.text(&name).is_some_and(|t| range.end <= t.len()) {
                range
            } else {
                0..0
            };
            (name, range)
        }
        None => ("templates".to_owned(), 0..0),
    };
    Diagnostic::new(
        Rule::Template,
        format!("template error: {message}"),
        Span::new(file, range),
    )
}

fn full_message(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &[(&str, &str)] = &[
        (
            "base.html",
            "<main>{% block main %}{% endblock main %}</main>",
        ),
        (
            "page.html",
            r#"{% extends "base.html" %}{% block main %}{{ title }}{% endblock main %}"#,
        ),
    ];

    fn context() -> Context {
        let mut context = Context::new();
        context.insert("title", "<script>x</script>");
        context
    }

    #[test]
    fn built_ins_render_with_autoescape() {
        let (templates, diagnostics) = Templates::load(None, BASE);
        assert!(diagnostics.is_empty());
        assert_eq!(
            templates.render("page.html", &context()).unwrap(),
            "<main>&lt;script&gt;x&lt;/script&gt;</main>"
        );
    }

    #[test]
    fn workspace_templates_override_by_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/base.html"),
            "<div>{% block main %}{% endblock main %}</div>",
        )
        .unwrap();
        let (templates, diagnostics) = Templates::load(Some(dir.path()), BASE);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(
            templates
                .render("page.html", &context())
                .unwrap()
                .starts_with("<div>")
        );
    }

    #[test]
    fn a_broken_override_is_a_diagnostic_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/page.html"),
            "line one\n{% if %}\n",
        )
        .unwrap();
        let (templates, diagnostics) = Templates::load(Some(dir.path()), BASE);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].primary.file, "templates/page.html");
        let position = templates
            .files
            .position("templates/page.html", diagnostics[0].primary.range.start);
        assert_eq!(position.line, 2);
    }
}
