//! Planned file changes → an LSP `WorkspaceEdit`: the changed lines of each file as text
//! edits, then the file moves. Always `documentChanges`, in path order, so the answer is
//! the same bytes every time (a `changes` map has no order).

use std::path::Path;

use lsp_types::{
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, RenameFile, ResourceOp, TextDocumentEdit, TextEdit,
    WorkspaceEdit,
};

use super::convert::Lines;
use super::rename::line_edits;
use super::uri::from_path;
use crate::author::FileChange;

/// The edit carrying out a rename plan's changes.
pub fn from_changes(root: &Path, changes: &[FileChange]) -> WorkspaceEdit {
    let mut operations = Vec::new();
    for change in changes {
        let lines = Lines::new(&change.before);
        let edits: Vec<OneOf<TextEdit, _>> = line_edits(&change.before, &change.after)
            .into_iter()
            .map(|(range, text)| OneOf::Left(TextEdit::new(lines.range(&range), text)))
            .collect();
        if !edits.is_empty() {
            operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: from_path(root, &change.path),
                    version: None,
                },
                edits,
            }));
        }
    }
    // Moves after the edits: the edits name each file by the path it has now.
    for change in changes.iter().filter(|c| c.new_path != c.path) {
        operations.push(DocumentChangeOperation::Op(ResourceOp::Rename(
            RenameFile {
                old_uri: from_path(root, &change.path),
                new_uri: from_path(root, &change.new_path),
                options: None,
                annotation_id: None,
            },
        )));
    }
    operations_edit(operations)
}

/// The edit creating a new file at `path` (workspace-relative) with `text`; it never
/// overwrites a file that exists.
pub fn create_file(root: &Path, path: &str, text: &str) -> WorkspaceEdit {
    let uri = from_path(root, path);
    operations_edit(vec![
        DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri: uri.clone(),
            options: Some(CreateFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(false),
            }),
            annotation_id: None,
        })),
        DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(TextEdit::new(
                lsp_types::Range::default(),
                text.to_owned(),
            ))],
        }),
    ])
}

/// The edit replacing byte ranges of one file, whose text now is `text`.
pub fn file_edit(
    root: &Path,
    path: &str,
    text: &str,
    edits: &[(std::ops::Range<usize>, String)],
) -> WorkspaceEdit {
    let lines = Lines::new(text);
    operations_edit(vec![DocumentChangeOperation::Edit(TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: from_path(root, path),
            version: None,
        },
        edits: edits
            .iter()
            .map(|(range, with)| OneOf::Left(TextEdit::new(lines.range(range), with.clone())))
            .collect(),
    })])
}

fn operations_edit(operations: Vec<DocumentChangeOperation>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: None,
        document_changes: Some(DocumentChanges::Operations(operations)),
        change_annotations: None,
    }
}
