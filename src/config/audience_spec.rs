//! Config stage: the `audiences:` of spex.yaml → [`AudienceSpec`]s, over the built-in
//! audiences of `builtin_audiences.yaml`. Everything an audience does differently from
//! another (its digest's layout, customer wording) is a value here, so no later stage
//! compares audience names.

use std::collections::BTreeMap;

use super::reader::{Reader, pointer};
use crate::parse::yaml::{Node, parse_yaml};

/// The built-in audiences, written in the same syntax as a workspace's `audiences:`.
pub const BUILTIN_AUDIENCES_YAML: &str = include_str!("builtin_audiences.yaml");

/// Every key an audience may set.
pub(super) const AUDIENCE_KEYS: [&str; 10] = [
    "description",
    "kinds",
    "statuses",
    "fields",
    "tags",
    "untagged",
    "template",
    "digest",
    "wording",
    "avoid",
];

/// An audience for digests: what it sees and how its digest reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AudienceSpec {
    pub description: Option<String>,
    /// Kinds it sees; empty means all.
    pub kinds: Vec<String>,
    /// Statuses it sees; empty means all.
    pub statuses: Vec<String>,
    /// Front-matter fields it sees; empty means all.
    pub fields: Vec<String>,
    /// Section tags whose sections it sees (untagged sections are seen by all, unless
    /// `untagged` is false).
    pub tags: Vec<String>,
    pub untagged: bool,
    /// Template name override (default `digest-<name>`).
    pub template: Option<String>,
    /// Which data set its digest is built as (`digest:`).
    pub layout: DigestLayout,
    /// How its digest speaks (`wording:`).
    pub wording: Wording,
    /// Internal terms its readers must not pass on (`avoid:`, a glossary such as
    /// `[WISMO, NRR]`): a sentence using one is kept out of the forwardable copy and
    /// listed among the internal notes, to reword in the spec.
    pub avoid: Vec<String>,
}

/// The data set an audience's digest is built as: one of the three built-in digests, or
/// the sections tagged for it (an audience a workspace adds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DigestLayout {
    /// Work in progress and next, blockers, problems, open questions, decisions.
    Engineering,
    /// What is available and what is coming, with the sections tagged for it.
    Sales,
    /// Visions and objectives with progress, roadmap health, decisions.
    Leadership,
    /// Every section tagged for the audience, in every document it sees.
    #[default]
    Sections,
}

impl DigestLayout {
    pub const NAMES: [&'static str; 4] = ["engineering", "sales", "leadership", "sections"];

    pub fn parse(s: &str) -> Option<DigestLayout> {
        Some(match s {
            "engineering" => DigestLayout::Engineering,
            "sales" => DigestLayout::Sales,
            "leadership" => DigestLayout::Leadership,
            "sections" => DigestLayout::Sections,
            _ => return None,
        })
    }

    /// The name `digest:` gives this layout in spex.yaml.
    pub fn name(self) -> &'static str {
        match self {
            DigestLayout::Engineering => Self::NAMES[0],
            DigestLayout::Sales => Self::NAMES[1],
            DigestLayout::Leadership => Self::NAMES[2],
            DigestLayout::Sections => Self::NAMES[3],
        }
    }
}

/// Who a digest is written for, which decides what it may say about the work.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Wording {
    /// People inside the team: IDs, statuses, drafts and their dates.
    #[default]
    Team,
    /// People who pass it on to customers: titles instead of IDs, only work that is
    /// approved, and no date from before approval (it would become a promise).
    Customer,
}

impl Wording {
    pub const NAMES: [&'static str; 2] = ["team", "customer"];

    pub fn parse(s: &str) -> Option<Wording> {
        Some(match s {
            "team" => Wording::Team,
            "customer" => Wording::Customer,
            _ => return None,
        })
    }

    /// The name `wording:` gives this in spex.yaml.
    pub fn name(self) -> &'static str {
        match self {
            Wording::Team => Self::NAMES[0],
            Wording::Customer => Self::NAMES[1],
        }
    }
}

/// The built-in audiences, decoded like a workspace's (a test keeps them error-free).
pub(super) fn builtin_audiences() -> BTreeMap<String, AudienceSpec> {
    let mut audiences = BTreeMap::new();
    let mut builtin = Reader::new("<built-in audiences>");
    if let Ok(node) = parse_yaml(BUILTIN_AUDIENCES_YAML) {
        decode_audiences(&mut builtin, &node, &mut audiences);
    }
    debug_assert!(builtin.diagnostics.is_empty(), "{:?}", builtin.diagnostics);
    audiences
}

/// `audiences:` over `audiences`: a name already there starts from its spec.
pub(super) fn decode_audiences(
    r: &mut Reader,
    node: &Node,
    audiences: &mut BTreeMap<String, AudienceSpec>,
) {
    for (key, value) in r.map(node, "`audiences`") {
        let Some(name) = r.key(key) else { continue };
        if name == "confidential" || name == "all" {
            r.error(
                key.span.clone(),
                format!("`{name}` is reserved and cannot name an audience"),
            );
            continue;
        }
        r.set_at(pointer(&["audiences", name]), key);
        let mut spec = audiences
            .get(name)
            .cloned()
            .unwrap_or_else(|| AudienceSpec {
                tags: vec![name.to_owned()],
                untagged: true,
                ..AudienceSpec::default()
            });
        let what = format!("audience `{name}`");
        for (k, v) in r.keyed(value, &what, &AUDIENCE_KEYS) {
            let list =
                |r: &mut Reader| r.strings(v, "a name").into_iter().map(|(s, _)| s).collect();
            match k {
                "description" => spec.description = r.string(v, "`description`"),
                "kinds" => spec.kinds = list(r),
                "statuses" => spec.statuses = list(r),
                "fields" => spec.fields = list(r),
                "tags" => spec.tags = list(r),
                "avoid" => spec.avoid = list(r),
                "untagged" => spec.untagged = r.bool(v, "`untagged`").unwrap_or(true),
                "template" => spec.template = r.string(v, "`template`"),
                "digest" => {
                    if let Some(layout) =
                        r.one_of(v, "`digest`", &DigestLayout::NAMES, DigestLayout::parse)
                    {
                        spec.layout = layout;
                    }
                }
                "wording" => {
                    if let Some(wording) = r.one_of(v, "`wording`", &Wording::NAMES, Wording::parse)
                    {
                        spec.wording = wording;
                    }
                }
                _ => {}
            }
        }
        audiences.insert(name.to_owned(), spec);
    }
}
