//! Audience policy: the one place that answers "may this output show it?" for every
//! output — the site and its preview, each digest audience, `spex diff`, and any surface
//! added later. It sits below every renderer: they ask, it decides.
//!
//! An output is a [`Policy`]: [`Visibility`] for outputs anyone may read (the site,
//! `spex serve`, `spex diff`, the history rules' messages), or a digest [`Audience`]
//! resolved from the config. The questions it answers: is this document shown
//! ([`Policy::shows`]), this section ([`Policy::shows_section`], [`Policy::hidden_ranges`]),
//! this field ([`Policy::shows_field`]), this health reason ([`seen_health`]), this diagnostic ([`Hidden`]), this commit's
//! subject ([`Policy::hides_commits_of`], which `crate::shown_commits` applies to the
//! history), this linked Markdown file ([`markdown_attachment`]), this change event
//! ([`visible_events`]).
//!
//! Everything fails closed: a document spex cannot read cleanly is confidential
//! ([`crate::model::Document::is_confidential`]), and so is whatever cannot be checked.

mod attachment;
mod audiences;
mod broken_save;
mod events;
mod health;
mod hidden;
mod named;
mod policy;

pub use attachment::{MarkdownVerdict, markdown_attachment};
pub use audiences::Audience;
pub use events::visible_events;
pub use health::seen_health;
pub use hidden::Hidden;
pub use named::names_id;
pub use policy::{Described, Policy, Visibility, audience_marks, is_confidential_section};

#[cfg(test)]
mod tests;
