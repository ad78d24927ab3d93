//! Requests that propose edits: completion, rename and code actions.

use lsp_server::ErrorCode;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionList, CompletionTextEdit, Documentation, PrepareRenameResponse,
    TextDocumentPositionParams, TextEdit,
};
use serde_json::Value;

use super::{Server, doc_at, json};
use crate::load::SourceTree;
use crate::lsp::actions::{Change, FixData, Flagged, actions};
use crate::lsp::complete::{Candidate, What, complete};
use crate::lsp::convert::Lines;
use crate::lsp::rename::{plan_rename, renamable_at};
use crate::lsp::workspace_edit::{create_file, file_edit, from_changes};

impl<T: SourceTree> Server<T> {
    pub(super) fn completion(&self, at: &TextDocumentPositionParams) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let Some(doc) = doc_at(&c.workspace, &path) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let today = crate::author::today();
        let ranked = complete(&c.workspace, &path, offset, today);
        let items: Vec<CompletionItem> = ranked
            .candidates
            .into_iter()
            .enumerate()
            .map(|(rank, candidate)| completion_item(&lines, rank, candidate))
            .collect();
        // Incomplete when cut short: the editor asks again as the word grows.
        json(CompletionList {
            is_incomplete: ranked.incomplete,
            items,
        })
    }

    pub(super) fn prepare_rename(&self, at: &TextDocumentPositionParams) -> Value {
        let Some((c, path, offset)) = self.at(at) else {
            return Value::Null;
        };
        let Some(doc) = doc_at(&c.workspace, &path) else {
            return Value::Null;
        };
        json(renamable_at(&c.workspace, &path, offset).map(|r| {
            let range = r.range().clone();
            PrepareRenameResponse::RangeWithPlaceholder {
                range: Lines::new(&doc.text).range(&range),
                placeholder: doc.text[range].to_owned(),
            }
        }))
    }

    /// A rename the engine refuses (the new ID is taken or malformed, or it would leave
    /// problems) is an error the editor shows, with the reason.
    pub(super) fn rename(
        &self,
        at: &TextDocumentPositionParams,
        new_name: &str,
    ) -> Result<Value, (ErrorCode, String)> {
        let Some((c, path, offset)) = self.at(at) else {
            return Ok(Value::Null);
        };
        let plan = match plan_rename(&c.workspace, &path, offset, new_name) {
            Ok(Some(plan)) => plan,
            Ok(None) => return Ok(Value::Null),
            Err(e) => return Err((ErrorCode::RequestFailed, e.to_string())),
        };
        // As `spex mv` does: a rename that leaves problems `spex check` would report
        // (a reference the engine cannot rewrite) is refused, naming the first.
        let (problems, _) = self.compiler.problems_after(&plan, &c.diagnostics);
        if let Some(first) = problems.first() {
            let more = match problems.len() - 1 {
                0 => String::new(),
                n => format!(" (and {n} more)"),
            };
            return Err((
                ErrorCode::RequestFailed,
                format!(
                    "after this rename `spex check` would report: {}: {}{more}",
                    first.primary.file, first.message
                ),
            ));
        }
        Ok(json(Some(from_changes(&self.root, &plan.changes))))
    }
    pub(super) fn code_actions(&self, params: &CodeActionParams) -> Value {
        let Some((c, path, doc)) = self.compiled_doc(&params.text_document.uri) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let offsets = |r: &lsp_types::Range| lines.offset(r.start)..lines.offset(r.end);
        let sent = &params.context.diagnostics;
        let flagged: Vec<Flagged> = sent
            .iter()
            .map(|d| Flagged {
                rule: match &d.code {
                    Some(lsp_types::NumberOrString::String(code)) => code.clone(),
                    _ => String::new(),
                },
                range: offsets(&d.range),
                fix: d.data.as_ref().and_then(fix_data),
            })
            .collect();
        let range = offsets(&params.range);
        let owner = self.owner.as_deref();
        let found = actions(&c.workspace, &self.root, owner, &path, &range, &flagged);
        let answer: Vec<CodeActionOrCommand> = found
            .into_iter()
            .map(|action| {
                let edit = match &action.change {
                    Change::Edit(edits) => file_edit(&self.root, &path, &doc.text, edits),
                    Change::Create { path, text } => create_file(&self.root, path, text),
                };
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: action.title,
                    kind: Some(match action.quick_fix {
                        true => CodeActionKind::QUICKFIX,
                        false => CodeActionKind::REFACTOR_REWRITE,
                    }),
                    diagnostics: action.fixes.map(|i| vec![sent[i].clone()]),
                    edit: Some(edit),
                    is_preferred: action.fixes.is_some().then_some(true),
                    ..CodeAction::default()
                })
            })
            .collect();
        json(answer)
    }
}

/// A candidate as the editor gets it; `rank` (its place in the list) keeps the order the
/// server chose where the editor sorts by `sortText`.
fn completion_item(lines: &Lines, rank: usize, candidate: Candidate) -> CompletionItem {
    let kind = match candidate.what {
        What::Id => CompletionItemKind::REFERENCE,
        What::Field => CompletionItemKind::FIELD,
        What::Value => CompletionItemKind::ENUM_MEMBER,
        What::Anchor => CompletionItemKind::CONSTANT,
        What::Path => CompletionItemKind::FILE,
    };
    CompletionItem {
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            lines.range(&candidate.replace),
            candidate.label.clone(),
        ))),
        label: candidate.label,
        kind: Some(kind),
        detail: Some(candidate.detail),
        documentation: candidate.documentation.map(Documentation::String),
        sort_text: Some(format!("{rank:04}")),
        ..CompletionItem::default()
    }
}

/// A diagnostic's `data` as spex wrote it (see `diagnostics.rs`).
fn fix_data(data: &Value) -> Option<FixData> {
    if let Some(with) = data.get("replace").and_then(Value::as_str) {
        return Some(FixData::Replace(with.to_owned()));
    }
    let name = data.get("addField").and_then(Value::as_str)?;
    Some(FixData::AddField(name.to_owned()))
}
