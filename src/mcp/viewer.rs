//! Who the server answers for, fixed at start: anyone who may read the site
//! (`Visibility`), or one audience of the workspace (`--audience NAME`), each with or
//! without confidential content. In: the command line's choice and the current config.
//! Out: the audience policy every tool, resource and prompt asks.
//!
//! The audience is looked up in the config of each compilation, not once: a long
//! session sees `spex.yaml` change. An audience removed from it leaves the server
//! answering nothing (fails closed) until it is back.

use std::ops::Range;

use crate::audience::{Audience, Described, Policy, Visibility};
use crate::config::Config;
use crate::model::Document;

/// The reader the server was started for.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    /// `--include-confidential`.
    pub include_confidential: bool,
    /// `--audience NAME`: only what that audience's digest may show.
    pub audience: Option<String>,
}

impl Viewer {
    /// What this reader may see of a workspace under `config`, or why nothing can be
    /// shown (the audience is no longer configured).
    pub fn policy<'c>(&self, config: &'c Config) -> Result<ServerPolicy<'c>, String> {
        let Some(name) = &self.audience else {
            return Ok(ServerPolicy::Anyone(Visibility {
                include_confidential: self.include_confidential,
            }));
        };
        Audience::resolve(config, name, self.include_confidential)
            .map(ServerPolicy::Audience)
            .ok_or_else(|| {
                format!(
                    "this server answers for the audience `{name}`, which spex.yaml no longer has ({}); nothing is shown until it is back",
                    audience_list(config)
                )
            })
    }

    /// Whether answers are restricted to one audience.
    pub fn audience(&self) -> Option<&str> {
        self.audience.as_deref()
    }
}

/// The audiences `config` has, for a message: "audiences: engineering, sales".
pub fn audience_list(config: &Config) -> String {
    let names: Vec<&str> = config.audiences.keys().map(String::as_str).collect();
    format!("audiences: {}", names.join(", "))
}

/// The policy of one answer: the server's reader over the current config.
#[derive(Debug, Clone)]
pub enum ServerPolicy<'c> {
    /// Anyone who may read the site.
    Anyone(Visibility),
    /// One audience.
    Audience(Audience<'c>),
}

impl ServerPolicy<'_> {
    fn inner(&self) -> &dyn Policy {
        match self {
            ServerPolicy::Anyone(visibility) => visibility,
            ServerPolicy::Audience(audience) => audience,
        }
    }
}

impl Policy for ServerPolicy<'_> {
    fn includes_confidential(&self) -> bool {
        self.inner().includes_confidential()
    }

    fn shows(&self, doc: &Document) -> bool {
        self.inner().shows(doc)
    }

    fn shows_described(&self, doc: &Described) -> bool {
        self.inner().shows_described(doc)
    }

    fn shows_section(&self, classes: &[String]) -> bool {
        self.inner().shows_section(classes)
    }

    fn hidden_ranges(&self, doc: &Document) -> Vec<Range<usize>> {
        match self {
            ServerPolicy::Anyone(visibility) => visibility.hidden_ranges(doc),
            ServerPolicy::Audience(audience) if !audience.shows_section(&[]) => {
                let mut hidden = audience.hidden_ranges(doc);
                hidden.extend(untagged_text(doc, audience));
                coalesced(hidden)
            }
            ServerPolicy::Audience(audience) => audience.hidden_ranges(doc),
        }
    }

    fn shows_field(&self, field: &str) -> bool {
        self.inner().shows_field(field)
    }

    fn hides_commits_of(&self, doc: &Document) -> bool {
        self.inner().hides_commits_of(doc)
    }
}

/// The body text outside every section tagged for `audience`: the text before the first
/// heading and the untagged sections. The policy hides tagged text (a digest quotes only
/// sections it picks); a tool shows a whole body, so for an audience that does not read
/// untagged sections (`untagged: false`) their text is left out here too.
fn untagged_text(doc: &Document, audience: &Audience) -> Vec<Range<usize>> {
    let mut own: Vec<Range<usize>> = doc
        .sections
        .iter()
        .filter(|s| audience.shows_section(&doc.headings[s.heading].classes))
        .map(|s| s.range.clone())
        .collect();
    own.sort_by_key(|r| r.start);
    let mut outside = Vec::new();
    let mut at = doc.body.start;
    for range in own {
        if range.start > at {
            outside.push(at..range.start);
        }
        at = at.max(range.end);
    }
    if at < doc.body.end {
        outside.push(at..doc.body.end);
    }
    outside
}

/// Ranges sorted and merged where they overlap or touch, as a body's cuts need them.
fn coalesced(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::coalesced;

    #[test]
    fn overlapping_and_touching_ranges_merge() {
        assert_eq!(
            coalesced(vec![10..20, 0..5, 15..30, 30..32]),
            [0..5, 10..32]
        );
    }
}
