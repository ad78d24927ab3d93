//! Model: where a document stands in its lifecycle, asked the same way by every rule and
//! output. A kind's `status` field maps each of its values to a [`Phase`] (in
//! `spex.yaml` or the built-in kinds); these questions read that phase, never a status
//! name, so a workspace that calls its statuses something else is understood alike.
//!
//! The phases are ordered `proposed < committed < started < done < inactive`. "Approved"
//! is every phase from `committed` on, so work that was approved and has since been
//! retired still counts as approved: the order alone answers, as it always has.

use super::Document;
use crate::config::Phase;

/// Questions about a phase, for status values that belong to no current document (the
/// old value of a status a diff reports). The `Phase` type itself is config's.
impl Phase {
    /// The phase's name, as `spex.yaml` writes it and pages show it.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Proposed => "proposed",
            Phase::Committed => "committed",
            Phase::Started => "started",
            Phase::Done => "done",
            Phase::Inactive => "inactive",
        }
    }

    /// Past the proposal: committed, started, done, or retired since.
    pub fn is_approved(self) -> bool {
        self >= Phase::Committed
    }
}

/// Whether a phase that may be unknown (no status, or a value the kind does not
/// declare) is approved: an unknown phase never is.
pub fn is_approved(phase: Option<Phase>) -> bool {
    phase.is_some_and(Phase::is_approved)
}

impl Document {
    /// The phase the document's kind gives a status value (`approved` → committed), or
    /// `None` when the kind has no status field or does not declare the value.
    pub fn phase_of(&self, status: &str) -> Option<Phase> {
        let (_, values) = self.kind.as_ref()?.status_field()?;
        values.iter().find(|(v, _)| v == status).map(|(_, p)| *p)
    }

    /// Whether the document's kind has a lifecycle (a `status` field), set or not.
    pub fn has_lifecycle(&self) -> bool {
        self.kind
            .as_ref()
            .is_some_and(|k| k.status_field().is_some())
    }

    /// The status's place among the values its kind declares, so that sorting by it
    /// follows the lifecycle (draft, review, approved…) rather than the alphabet.
    pub fn status_rank(&self) -> Option<usize> {
        let (_, values) = self.kind.as_ref()?.status_field()?;
        let status = self.status()?;
        values.iter().position(|(v, _)| v == status)
    }

    /// Approved or further along (see [`Phase::is_approved`]). No status at all is not
    /// approved, as the `roadmap-unapproved` rule says.
    pub fn is_approved(&self) -> bool {
        is_approved(self.phase())
    }

    /// Has a status, and it is still before approval (a draft, in review).
    pub fn is_proposed(&self) -> bool {
        self.phase() == Some(Phase::Proposed)
    }

    /// Being built: the started phase.
    pub fn is_in_progress(&self) -> bool {
        self.phase() == Some(Phase::Started)
    }

    /// Shipped, released, accepted: the done phase.
    pub fn is_shipped(&self) -> bool {
        self.phase() == Some(Phase::Done)
    }

    /// Approved and not finished: committed or started. Work people are expected to
    /// keep moving (the `stale` rule) and that customers may hear is coming.
    pub fn is_active(&self) -> bool {
        matches!(self.phase(), Some(Phase::Committed | Phase::Started))
    }

    /// Deprecated, retired, superseded, rejected: nothing should build on it.
    pub fn is_inactive(&self) -> bool {
        self.phase() == Some(Phase::Inactive)
    }

    /// Nothing left to do: shipped, or inactive.
    pub fn is_closed(&self) -> bool {
        matches!(self.phase(), Some(Phase::Done | Phase::Inactive))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_workspace::{prd, workspace};

    /// A PRD with this `status:` (or none), typed by the built-in kinds.
    fn doc(status: Option<&str>) -> Document {
        let line = status.map(|s| format!("status: {s}\n")).unwrap_or_default();
        let (path, text) = prd("PRD-1", &line);
        (*workspace(&[(&path, &text)]).docs[0]).clone()
    }

    #[test]
    fn the_phase_comes_from_the_kinds_status_values() {
        let doc = doc(Some("approved"));
        assert_eq!(doc.phase(), Some(Phase::Committed));
        assert_eq!(doc.phase_of("draft"), Some(Phase::Proposed));
        assert_eq!(doc.phase_of("shipped"), Some(Phase::Done));
        assert_eq!(doc.phase_of("no-such-status"), None);
        assert!(doc.has_lifecycle());
        // draft, review, approved: in the order the kind declares them.
        assert_eq!(doc.status_rank(), Some(2));
        assert_eq!(self::doc(Some("draft")).status_rank(), Some(0));
        assert_eq!(self::doc(None).status_rank(), None);
    }

    #[test]
    fn approval_starts_at_committed_and_lasts() {
        let approved = |status| doc(Some(status)).is_approved();
        assert!(!approved("draft"));
        assert!(!approved("review"));
        assert!(approved("approved"));
        assert!(approved("in-progress"));
        assert!(approved("shipped"));
        // Retired work was approved once; the lifecycle order says so.
        assert!(approved("deprecated"));
        assert!(!doc(None).is_approved(), "no status is not approved");
        assert!(!is_approved(None));
        assert!(is_approved(Some(Phase::Started)));
    }

    #[test]
    fn each_question_names_its_phases() {
        let cases = [
            // status, proposed, in progress, shipped, active, inactive, closed
            ("draft", true, false, false, false, false, false),
            ("approved", false, false, false, true, false, false),
            ("in-progress", false, true, false, true, false, false),
            ("shipped", false, false, true, false, false, true),
            ("deprecated", false, false, false, false, true, true),
        ];
        for (status, proposed, in_progress, shipped, active, inactive, closed) in cases {
            let doc = doc(Some(status));
            assert_eq!(doc.is_proposed(), proposed, "{status}");
            assert_eq!(doc.is_in_progress(), in_progress, "{status}");
            assert_eq!(doc.is_shipped(), shipped, "{status}");
            assert_eq!(doc.is_active(), active, "{status}");
            assert_eq!(doc.is_inactive(), inactive, "{status}");
            assert_eq!(doc.is_closed(), closed, "{status}");
        }
        let none = doc(None);
        assert!(!none.is_proposed() && !none.is_active() && !none.is_closed());
    }

    #[test]
    fn phase_names_read_back() {
        for name in Phase::NAMES {
            assert_eq!(Phase::parse(name).map(Phase::name), Some(name));
        }
    }
}
