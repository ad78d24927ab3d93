//! Whether a rename leaves new problems: the workspace as it would be after a
//! [`RenamePlan`] (`AfterRename`, this compiler's tree with the plan on top) compiled
//! and compared with now. `spex mv` and the language server's rename both refuse a
//! rename that would. It lives here, not in `src/author/`, because the compiler already
//! asks `src/author/` for the next free ID and the two may not import each other.

use std::collections::BTreeMap;

use super::session::Compiler;
use crate::author::{AfterRename, RenamePlan};
use crate::diag::{Diagnostic, Files, Severity};
use crate::load::SourceTree;

impl<T: SourceTree> Compiler<T> {
    /// The errors and warnings `spex check` would report after `plan` of rules it would
    /// report more often than in `before` (this tree's diagnostics now), with the texts
    /// they quote. An ID in a message changes with the rename, so messages are not
    /// compared.
    pub fn problems_after(
        &self,
        plan: &RenamePlan,
        before: &[Diagnostic],
    ) -> (Vec<Diagnostic>, Files) {
        let mut after = Compiler::new(
            AfterRename::new(self.tree(), plan),
            self.config().clone(),
            self.config_files.clone(),
        );
        after.set_history(self.history.clone());
        let after = after.compile();
        (new_problems(before, &after.diagnostics), after.files)
    }
}

fn new_problems(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<Diagnostic> {
    let counts = |ds: &[Diagnostic]| {
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for d in ds.iter().filter(|d| d.severity <= Severity::Warning) {
            *by_rule.entry(d.rule.name()).or_default() += 1;
        }
        by_rule
    };
    let (was, is) = (counts(before), counts(after));
    after
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .filter(|d| is[d.rule.name()] > was.get(d.rule.name()).copied().unwrap_or(0))
        .cloned()
        .collect()
}
