//! Config stage: `spex.yaml` (optional) → [`Config`], merged over the built-in defaults.
//!
//! Problems in the config are diagnostics with the rule name `config`; the CLI stops
//! with exit code 2 when there are any, because nothing else can be trusted then.

mod audience_spec;
mod byte_size;
mod condition;
mod decode;
mod discover;
mod effective;
mod field_spec;
mod hosting;
mod kind;
mod people;
mod reader;
mod rule_docs;
pub mod schema;

use std::collections::BTreeMap;
use std::sync::Arc;

use globset::GlobSet;

use crate::parse::slug::AnchorMatching;

pub use audience_spec::{AudienceSpec, BUILTIN_AUDIENCES_YAML, DigestLayout, Wording};
pub use byte_size::{parse_byte_size, show_byte_size};
pub use decode::{BUILTIN_KINDS_YAML, parse_config};
pub use discover::{CONFIG_FILE, find_workspace_root};
pub use effective::{Entry, Shown, effective_config, to_commented_yaml};
pub use hosting::{AnchorsFrom, is_github_url};
pub use people::{People, Person, PersonMatch};
pub use rule_docs::{RuleDoc, RuleExample, explain_rule};
pub use schema::{
    Condition, Effect, FieldSpec, FieldType, IdFormat, IdPattern, IdSpec, KindSpec, Phase, Role,
};

pub use crate::diag::Level;
use crate::diag::Rule;

/// A per-rule override from `rules:` in spex.yaml.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSetting {
    pub level: Option<Level>,
    /// Only `stale` uses it: how many days without a change make a document stale.
    pub days: Option<u32>,
    /// Only `status-order` uses it: statuses in lifecycle order (`[Draft, Review, Last
    /// Call, Final]`). Two documents whose statuses are both listed compare by their
    /// place here, also inside one phase; others compare by phase.
    pub order: Vec<String>,
    /// Only `status-order` uses it: statuses never checked, on either side of a
    /// dependency. `None`: those in the `inactive` phase.
    pub exempt: Option<Vec<String>>,
    /// Only `suspect-link` uses it: front-matter fields whose changes are never material
    /// (`None`: the built-in list, `crate::model::DEFAULT_COSMETIC_FIELDS`).
    pub cosmetic: Option<Vec<String>>,
    /// Only `suspect-link` uses it: by kind, the headings of the sections whose text is
    /// material (an empty list: the whole body). Kinds not named keep the built-in list.
    pub normative: BTreeMap<String, Vec<String>>,
}

/// Site settings (`site:` in spex.yaml).
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    /// Where the site is hosted, e.g. `/specs/` for a sub-path; always ends in `/`.
    pub base_url: String,
    /// Linked files larger than this are not copied into the site (a `skipped-file`
    /// warning says so): a 3 GB video linked from a spec would otherwise fill the
    /// output. `site: { max_attachment_size: 50MiB }` in spex.yaml.
    pub max_attachment_size: u64,
    /// `site.repo_url`: the workspace folder on the hosting platform
    /// (`https://github.com/o/r/blob/main/specs/`, ending in `/`); each page links to
    /// its source there.
    pub repo_url: Option<String>,
    /// `site.llms_txt`: whether a build writes `llms.txt` and `llms-full.txt` (the site
    /// for AI assistants, llmstxt.org); on unless spex.yaml says `false`.
    pub llms_txt: bool,
}

/// The default cap on a copied attachment: far above any spec's images or PDFs.
pub const DEFAULT_MAX_ATTACHMENT_SIZE: u64 = 100 << 20;

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Product specs".into(),
            base_url: "/".into(),
            max_attachment_size: DEFAULT_MAX_ATTACHMENT_SIZE,
            repo_url: None,
            llms_txt: true,
        }
    }
}

/// The whole workspace configuration, defaults included.
#[derive(Debug, Clone)]
pub struct Config {
    pub site: SiteConfig,
    /// How link fragments find headings (`anchors: github` matches case-insensitively,
    /// as GitHub does).
    pub anchors: AnchorMatching,
    /// Why `anchors` is what it is (spex.yaml, the `origin` remote, the default).
    pub anchors_from: AnchorsFrom,
    /// `extensionless_links: true`: a link to `./eip-150` means `./eip-150.md` when that
    /// document exists (the project's own site serves it so), and the site rewrites it.
    pub extensionless_links: bool,
    /// Output folder for `spex build`, relative to the workspace root.
    pub output: String,
    pub exclude: Vec<String>,
    pub exclude_set: GlobSet,
    pub rules: BTreeMap<Rule, RuleSetting>,
    /// Where each rule's documentation lives (`docs_url` in spex.yaml): diagnostics in
    /// JSON and SARIF point at `<docs_url>/<rule name>`.
    pub docs_url: Option<String>,
    pub audiences: BTreeMap<String, AudienceSpec>,
    /// Kinds by name: the built-in ones, extended by same-named workspace kinds, and the
    /// workspace's own.
    pub kinds: BTreeMap<String, Arc<KindSpec>>,
    /// What spex.yaml set, and on which line (1-based): JSON pointers into the
    /// effective configuration (`/kinds/prd/fields/jira` → 14). Anything not here is
    /// built in. `spex config` shows it.
    pub origins: BTreeMap<String, usize>,
    /// `people:`, the people person-typed fields may name; `None` when spex.yaml has no
    /// list (then any name goes).
    pub people: Option<People>,
}

impl Config {
    /// The configuration of a workspace with no spex.yaml.
    pub fn builtin() -> Config {
        let (config, diagnostics) = parse_config("", "spex.yaml");
        debug_assert!(
            diagnostics.is_empty(),
            "built-in config is valid: {diagnostics:?}"
        );
        config
    }

    pub fn kind(&self, name: &str) -> Option<&Arc<KindSpec>> {
        self.kinds.get(name)
    }

    /// A kind by name, or by name in any case (`PRD` on the command line or from an agent).
    pub fn kind_in_any_case(&self, name: &str) -> Option<&Arc<KindSpec>> {
        self.kind(name).or_else(|| {
            self.kinds
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, spec)| spec)
        })
    }

    /// The configured level of a rule, or its default.
    pub fn rule_level(&self, rule: Rule) -> Level {
        self.rules
            .get(&rule)
            .and_then(|s| s.level)
            .unwrap_or_else(|| rule.default_level())
    }

    /// The names of all section tags authors may use: audiences plus `confidential`.
    pub fn section_tags(&self) -> impl Iterator<Item = &str> {
        self.audiences
            .keys()
            .map(String::as_str)
            .chain(std::iter::once("confidential"))
    }
}
