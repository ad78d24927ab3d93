//! Model: the validated workspace, plain data that renderers and rules read, and the
//! views of it they share, each worked out once: lifecycle questions, roadmap items,
//! the dependency graph, the health of planned work, the ID order, labels and page paths.

mod document;
mod events;
mod fingerprint;
mod graph;
mod health;
mod history;
mod labels;
mod lifecycle;
mod materiality;
mod order;
mod page_path;
mod quarter;
mod reference;
mod roadmap;
#[cfg(test)]
pub(crate) mod test_workspace;
mod value;
mod views;
mod workspace;

pub use document::{Confidentiality, DocIdx, Document};
pub use events::{BULK_DOCS, ChangeEvent, EventChange, SectionChange, change_events};
pub use fingerprint::{Fingerprint, Section, fingerprint, section_key};
pub use graph::{DependencyGraph, Edge};
pub use health::{DocHealth, HealthReason, HealthState, Plan};
pub use history::{CommitInfo, DocHistory, GoneDoc, History, Uncommitted};
pub use labels::{field_label, kind_labels, kind_plural, status_label};
pub use lifecycle::is_approved;
pub use materiality::{DEFAULT_COSMETIC_FIELDS, Materiality};
pub(crate) use page_path::short_hash;
pub use page_path::{bounded_segment, doc_page_base, kind_folder, safe_segment, with_hash};
pub use quarter::Quarter;
pub use reference::{FieldRef, LinkTarget, RefOrigin, Reference, ResolvedLink};
pub use roadmap::{Horizon, RoadmapItem, roadmap_items};
pub use value::{Field, FieldValue};
pub use workspace::{Backlink, Workspace};
