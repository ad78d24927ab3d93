//! spex.yaml text → [`Config`], reporting every problem at its line.

use std::collections::BTreeMap;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::audience_spec::{builtin_audiences, decode_audiences};
use super::kind::decode_kinds;
use super::people::decode_people;
use super::reader::{Reader, pointer};
use super::schema::Role;
use super::{Config, Level, RuleSetting, SiteConfig};
use crate::diag::{Diagnostic, LineIndex, Rule, Span, suggestion_help};
use crate::parse::slug::AnchorMatching;
use crate::parse::yaml::{Node, YamlError, parse_yaml};

/// The built-in kinds, written in the same syntax as a workspace's `kinds:`.
pub const BUILTIN_KINDS_YAML: &str = include_str!("builtin_kinds.yaml");

const TOP_KEYS: [&str; 10] = [
    "site",
    "anchors",
    "extensionless_links",
    "output",
    "exclude",
    "rules",
    "docs_url",
    "audiences",
    "kinds",
    "people",
];
const SITE_KEYS: [&str; 5] = [
    "title",
    "base_url",
    "max_attachment_size",
    "repo_url",
    "llms_txt",
];
/// Parses a workspace config (`text` may be empty) over the built-in defaults.
pub fn parse_config(text: &str, file: &str) -> (Config, Vec<Diagnostic>) {
    let mut config = defaults();
    let mut r = Reader::new(file);
    let root = match parse_yaml(text) {
        Ok(root) => root,
        Err(e) => return (config, vec![yaml_error(file, e)]),
    };
    for (key, key_node, value) in r.keyed_entries(&root, "spex.yaml", &TOP_KEYS) {
        if matches!(
            key,
            "output" | "exclude" | "docs_url" | "anchors" | "extensionless_links" | "people"
        ) {
            r.set_at(pointer(&[key]), key_node);
        }
        match key {
            "site" => decode_site(&mut r, value, &mut config.site),
            "anchors" => {
                config.anchors = decode_anchors(&mut r, value);
                config.anchors_from = super::AnchorsFrom::File;
            }
            "extensionless_links" => {
                config.extensionless_links =
                    r.bool(value, "`extensionless_links`").unwrap_or(false);
            }
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
            "people" => config.people = Some(decode_people(&mut r, value)),
            _ => {}
        }
    }

    check_mentions(&mut r, &config);
    let lines = LineIndex::new(text);
    config.origins = r
        .origins
        .drain(..)
        .map(|(at, span)| (at, lines.line_of(span.start) + 1))
        .collect();
    (config, r.diagnostics)
}

/// The config of a workspace without spex.yaml: the built-in audiences and kinds.
fn defaults() -> Config {
    let mut config = Config {
        site: SiteConfig::default(),
        anchors: AnchorMatching::default(),
        anchors_from: super::AnchorsFrom::Default,
        extensionless_links: false,
        output: "_site".into(),
        exclude: Vec::new(),
        exclude_set: GlobSet::empty(),
        rules: BTreeMap::new(),
        docs_url: None,
        audiences: builtin_audiences(),
        kinds: BTreeMap::new(),
        origins: BTreeMap::new(),
        people: None,
    };

    // The built-in kinds go through the same decoder; a test keeps them error-free.
    let mut builtin = Reader::new("<built-in kinds>");
    if let Ok(node) = parse_yaml(BUILTIN_KINDS_YAML) {
        decode_kinds(&mut builtin, &node, &mut config.kinds);
    }
    debug_assert!(builtin.diagnostics.is_empty(), "{:?}", builtin.diagnostics);
    // A built-in kind has the built-in meaning of its name, also when a workspace
    // extends it.
    for (name, kind) in config.kinds.iter_mut() {
        Arc::make_mut(kind).role = Role::parse(name);
    }
    config
}

/// `anchors: exact | github`: how link fragments are matched to headings.
fn decode_anchors(r: &mut Reader, value: &Node) -> AnchorMatching {
    r.one_of(
        value,
        "anchor matching",
        &["exact", "github"],
        |s| match s {
            "exact" => Some(AnchorMatching::Exact),
            "github" => Some(AnchorMatching::GitHub),
            _ => None,
        },
    )
    .unwrap_or_default()
}

/// Kinds and statuses named before the whole file was read (reference fields may name a
/// kind defined further down) must exist once it is.
fn check_mentions(r: &mut Reader, config: &Config) {
    // Reference fields may name any kind, including ones defined later in the file.
    let mentions = std::mem::take(&mut r.kind_mentions);
    for (name, range) in mentions {
        if !config.kinds.contains_key(&name) {
            let help = suggestion_help(&name, config.kinds.keys().map(String::as_str));
            r.error(range, format!("unknown kind `{name}`")).help = help;
        }
    }
    // Statuses named under `rules:` must be statuses of some kind.
    let statuses: Vec<&str> = config
        .kinds
        .values()
        .filter_map(|k| k.status_field())
        .flat_map(|(_, values)| values.iter().map(|(v, _)| v.as_str()))
        .collect();
    for (status, range) in std::mem::take(&mut r.status_mentions) {
        if !statuses.contains(&status.as_str()) {
            let help = suggestion_help(&status, statuses.iter().copied());
            r.error(range, format!("no kind has the status `{status}`"))
                .help = help;
        }
    }
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
    for (key, key_node, value) in r.keyed_entries(node, "`site`", &SITE_KEYS) {
        r.set_at(pointer(&["site", key]), key_node);
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
            "repo_url" if text.starts_with("https://") || text.starts_with("http://") => {
                site.repo_url = Some(if text.ends_with('/') {
                    text
                } else {
                    text + "/"
                });
            }
            "llms_txt" => match text.as_str() {
                "true" => site.llms_txt = true,
                "false" => site.llms_txt = false,
                _ => {
                    r.error(
                        value.span.clone(),
                        format!("`site.llms_txt` is `true` or `false`, found `{text}`"),
                    );
                }
            },
            "repo_url" => {
                r.error(
                    value.span.clone(),
                    format!("`site.repo_url` must be a web address, found `{text}`"),
                )
                .help = Some(
                    "write the workspace folder's address, e.g. `https://github.com/owner/repo/blob/main/specs/`".into(),
                );
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
        r.set_at(pointer(&["rules", name]), key);
        let Some(rule) = Rule::from_name(name) else {
            let help = suggestion_help(name, Rule::ALL.iter().map(|r| r.name()))
                .unwrap_or_else(|| "`spex rules` lists them all".into());
            r.error(key.span.clone(), format!("unknown rule `{name}`"))
                .help = Some(help);
            continue;
        };
        let mut setting = RuleSetting::default();
        if let crate::parse::yaml::Value::Map(_) = value.value {
            let keys: &[&str] = match rule {
                Rule::StatusOrder => &["severity", "days", "order", "exempt"],
                Rule::SuspectLink => &["severity", "cosmetic", "normative"],
                _ => &["severity", "days"],
            };
            for (k, v) in r.keyed(value, &format!("rule `{name}`"), keys) {
                match k {
                    "order" | "exempt" => {
                        let statuses = r.strings(v, "a status");
                        r.status_mentions.extend(statuses.iter().cloned());
                        let names: Vec<String> = statuses.into_iter().map(|(s, _)| s).collect();
                        if k == "order" {
                            setting.order = names;
                        } else {
                            setting.exempt = Some(names);
                        }
                    }
                    "cosmetic" => {
                        let fields = r.strings(v, "a front-matter field");
                        setting.cosmetic = Some(fields.into_iter().map(|(f, _)| f).collect());
                    }
                    "normative" => {
                        for (kind, headings) in r.map(v, "`normative`") {
                            let Some(kind) = r.key(kind) else { continue };
                            let headings = r.strings(headings, "a section heading");
                            setting.normative.insert(
                                kind.to_owned(),
                                headings.into_iter().map(|(h, _)| h).collect(),
                            );
                        }
                    }
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

/// Compiles globs, reporting each bad one at its position.
pub(super) fn glob_set(r: &mut Reader, node: &Node, what: &str) -> (Vec<String>, GlobSet) {
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
