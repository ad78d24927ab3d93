//! spex.yaml text → [`Config`], reporting every problem at its line.

use std::collections::BTreeMap;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::audience_spec::{builtin_audiences, decode_audiences};
use super::field_spec::record_fields;
use super::reader::Reader;
use super::schema::{FieldSpec, FieldType, IdFormat, IdPattern, IdSpec, KindSpec, Role};
use super::{Config, Level, RuleSetting, SiteConfig};
use crate::diag::{Diagnostic, Rule, Span, suggestion_help};
use crate::parse::yaml::{Node, YamlError, parse_yaml};

/// The built-in kinds, written in the same syntax as a workspace's `kinds:`.
pub const BUILTIN_KINDS_YAML: &str = include_str!("builtin_kinds.yaml");

const TOP_KEYS: [&str; 7] = [
    "site",
    "output",
    "exclude",
    "rules",
    "docs_url",
    "audiences",
    "kinds",
];
const SITE_KEYS: [&str; 3] = ["title", "base_url", "max_attachment_size"];
const KIND_KEYS: [&str; 5] = ["description", "role", "id", "paths", "fields"];
const ID_KEYS: [&str; 3] = ["field", "format", "pattern"];

/// Parses a workspace config (`text` may be empty) over the built-in defaults.
pub fn parse_config(text: &str, file: &str) -> (Config, Vec<Diagnostic>) {
    let mut config = defaults();
    let builtin_kind_names: Vec<String> = config.kinds.keys().cloned().collect();

    let mut r = Reader::new(file);
    let root = match parse_yaml(text) {
        Ok(root) => root,
        Err(e) => return (config, vec![yaml_error(file, e)]),
    };
    for (key, value) in r.keyed(&root, "spex.yaml", &TOP_KEYS) {
        match key {
            "site" => decode_site(&mut r, value, &mut config.site),
            "output" => decode_output(&mut r, value, &mut config.output),
            "exclude" => {
                let (globs, set) = glob_set(&mut r, value, "an exclude glob");
                config.exclude = globs;
                config.exclude_set = set;
            }
            "rules" => decode_rules(&mut r, value, &mut config.rules),
            "docs_url" => config.docs_url = decode_docs_url(&mut r, value),
            "audiences" => decode_audiences(&mut r, value, &mut config.audiences),
            "kinds" => decode_kinds(&mut r, value, &mut config.kinds),
            _ => {}
        }
    }

    // Reference fields may name any kind, including ones defined later in the file.
    let mentions = std::mem::take(&mut r.kind_mentions);
    for (name, range) in mentions {
        if !config.kinds.contains_key(&name) {
            let help = suggestion_help(&name, config.kinds.keys().map(String::as_str));
            r.error(range, format!("unknown kind `{name}`")).help = help;
        }
    }
    // A user kind named like a built-in one replaces it, keeping its role.
    for name in builtin_kind_names {
        if let Some(kind) = config.kinds.get_mut(&name)
            && kind.role.is_none()
        {
            Arc::make_mut(kind).role = Role::parse(&name);
        }
    }
    (config, r.diagnostics)
}

/// The config of a workspace without spex.yaml: the built-in audiences and kinds.
fn defaults() -> Config {
    let mut config = Config {
        site: SiteConfig::default(),
        output: "_site".into(),
        exclude: Vec::new(),
        exclude_set: GlobSet::empty(),
        rules: BTreeMap::new(),
        docs_url: None,
        audiences: builtin_audiences(),
        kinds: BTreeMap::new(),
    };
    // The built-in kinds go through the same decoder; a test keeps them error-free.
    let mut builtin = Reader::new("<built-in kinds>");
    if let Ok(node) = parse_yaml(BUILTIN_KINDS_YAML) {
        decode_kinds(&mut builtin, &node, &mut config.kinds);
    }
    debug_assert!(builtin.diagnostics.is_empty(), "{:?}", builtin.diagnostics);
    config
}

/// spex.yaml is not YAML spex can read: the one diagnostic about it.
fn yaml_error(file: &str, e: YamlError) -> Diagnostic {
    let help = e.help();
    let mut d = Diagnostic::new(Rule::Config, e.message, Span::new(file, e.offset..e.end));
    if let Some(help) = help {
        d = d.with_help(help);
    }
    if let Some(first) = e.first {
        d = d.with_label(Span::new(file, first), "first defined here");
    }
    d
}

fn decode_output(r: &mut Reader, value: &Node, output: &mut String) {
    let Some(out) = r.string(value, "`output`") else {
        return;
    };
    match output_problem(&out) {
        // The build deletes what it no longer writes inside this folder, so it must
        // stay a folder of its own inside the workspace.
        Some(why) => {
            r.error(value.span.clone(), format!("`output: {out}` {why}"))
                .help = Some(
                "use a relative path inside the workspace, such as `_site`, or pass `--out`".into(),
            );
        }
        None => *output = out,
    }
}

/// Why `output` is not a plain relative folder inside the workspace, if it is not.
fn output_problem(out: &str) -> Option<&'static str> {
    let path = std::path::Path::new(out);
    if out.trim().is_empty() {
        Some("is empty")
    } else if path.has_root() || out.contains(':') {
        Some("must be a relative path, not an absolute one")
    } else if path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        Some("must not contain `..`: it would point outside the workspace")
    } else if path
        .components()
        .all(|c| matches!(c, std::path::Component::CurDir))
    {
        Some("names the workspace itself")
    } else {
        None
    }
}

fn decode_site(r: &mut Reader, node: &Node, site: &mut SiteConfig) {
    for (key, value) in r.keyed(node, "`site`", &SITE_KEYS) {
        let Some(text) = r.string(value, &format!("`site.{key}`")) else {
            continue;
        };
        match key {
            "title" => site.title = text,
            "base_url" => {
                site.base_url = if text.ends_with('/') {
                    text
                } else {
                    text + "/"
                };
            }
            "max_attachment_size" => match super::parse_byte_size(&text) {
                Some(bytes) => site.max_attachment_size = bytes,
                None => {
                    r.error(
                        value.span.clone(),
                        format!("`site.max_attachment_size` must be a size, found `{text}`"),
                    )
                    .help = Some(
                        "write a number of bytes with a unit, e.g. `50MiB` or `200 MB`".into(),
                    );
                }
            },
            _ => {}
        }
    }
}

/// `docs_url`: where the rule docs live. Output shows it to people and tools far from
/// the workspace (code scanning), so only an absolute URL makes sense.
fn decode_docs_url(r: &mut Reader, node: &Node) -> Option<String> {
    let url = r.string(node, "`docs_url`")?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url)
    } else {
        r.error(
            node.span.clone(),
            format!("`docs_url: {url}` is not an absolute URL"),
        )
        .help = Some("write it with its scheme, e.g. `https://specs.example.com/rules/`".into());
        None
    }
}

fn decode_rules(r: &mut Reader, node: &Node, rules: &mut BTreeMap<Rule, RuleSetting>) {
    for (key, value) in r.map(node, "`rules`") {
        let Some(name) = r.key(key) else { continue };
        let Some(rule) = Rule::from_name(name) else {
            let help = suggestion_help(name, Rule::ALL.iter().map(|r| r.name()))
                .unwrap_or_else(|| "`spex rules` lists them all".into());
            r.error(key.span.clone(), format!("unknown rule `{name}`"))
                .help = Some(help);
            continue;
        };
        let mut setting = RuleSetting::default();
        if let crate::parse::yaml::Value::Map(_) = value.value {
            for (k, v) in r.keyed(value, &format!("rule `{name}`"), &["severity", "days"]) {
                match k {
                    "severity" => {
                        setting.level = r.one_of(v, "severity", &Level::NAMES, Level::parse)
                    }
                    "days" => {
                        setting.days = r.number(v, "`days`").and_then(|d| {
                            if d >= 1.0 && d.fract() == 0.0 {
                                Some(d as u32)
                            } else {
                                r.error(
                                    v.span.clone(),
                                    "`days` must be a whole number of days, at least 1",
                                );
                                None
                            }
                        })
                    }
                    _ => {}
                }
            }
        } else {
            setting.level = r.one_of(value, "severity", &Level::NAMES, Level::parse);
        }
        rules.insert(rule, setting);
    }
}

fn decode_kinds(r: &mut Reader, node: &Node, kinds: &mut BTreeMap<String, Arc<KindSpec>>) {
    for (key, value) in r.map(node, "`kinds`") {
        let Some(name) = r.key(key) else { continue };
        if !is_kind_name(name) {
            r.error(key.span.clone(), format!("invalid kind name `{name}`"))
                .help = Some("use lowercase letters, digits, `-` and `_`".into());
            continue;
        }
        if let Some(kind) = decode_kind(r, name, value) {
            kinds.insert(name.to_owned(), Arc::new(kind));
        }
    }
}

fn is_kind_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn decode_kind(r: &mut Reader, name: &str, node: &Node) -> Option<KindSpec> {
    let what = format!("kind `{name}`");
    let mut kind = KindSpec {
        name: name.to_owned(),
        role: None,
        description: None,
        id: IdSpec {
            field: "id".into(),
            format: IdFormat::String,
            pattern: None,
        },
        path_globs: Vec::new(),
        paths: GlobSet::empty(),
        fields: BTreeMap::new(),
    };
    for (key, value) in r.keyed(node, &what, &KIND_KEYS) {
        match key {
            "description" => kind.description = r.string(value, "`description`"),
            "role" => kind.role = r.one_of(value, "role", &Role::NAMES, Role::parse),
            "id" => kind.id = decode_id(r, value, &what)?,
            "paths" => (kind.path_globs, kind.paths) = glob_set(r, value, "a path glob"),
            "fields" => kind.fields = record_fields(r, Some(value), name),
            _ => {}
        }
    }
    // Any document can be confidential: a kind that does not declare the field still
    // accepts it, so `confidential: true` on a decision is honoured and not reported
    // as an unknown field (the audience policy reads it from every kind).
    kind.fields
        .entry("confidential".into())
        .or_insert_with(|| FieldSpec::of(FieldType::Bool));
    Some(kind)
}

fn decode_id(r: &mut Reader, node: &Node, what: &str) -> Option<IdSpec> {
    let mut id = IdSpec {
        field: "id".into(),
        format: IdFormat::String,
        pattern: None,
    };
    for (key, value) in r.keyed(node, &format!("the id of {what}"), &ID_KEYS) {
        match key {
            "field" => id.field = r.string(value, "`id.field`")?,
            "format" => {
                id.format = r.one_of(value, "ID format", &["string", "integer"], |s| match s {
                    "string" => Some(IdFormat::String),
                    "integer" => Some(IdFormat::Integer),
                    _ => None,
                })?
            }
            "pattern" => {
                let text = r.string(value, "`id.pattern`")?;
                match IdPattern::parse(&text) {
                    Some(p) => id.pattern = Some(p),
                    None => {
                        r.error(value.span.clone(), format!("invalid ID pattern `{text}`"))
                            .help = Some(
                            "write the pattern with one `{n}` for the number, like `PRD-{n}`"
                                .into(),
                        );
                        return None;
                    }
                }
            }
            _ => {}
        }
    }
    Some(id)
}

/// Compiles globs, reporting each bad one at its position.
fn glob_set(r: &mut Reader, node: &Node, what: &str) -> (Vec<String>, GlobSet) {
    let mut builder = GlobSetBuilder::new();
    let mut globs = Vec::new();
    for (glob, range) in r.strings(node, what) {
        match Glob::new(&glob) {
            Ok(g) => {
                builder.add(g);
                globs.push(glob);
            }
            Err(e) => {
                r.error(range, format!("invalid glob `{glob}`: {}", e.kind()));
            }
        }
    }
    // Every glob was compiled above, so building the set cannot fail.
    let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
    (globs, set)
}

#[cfg(test)]
mod tests;
