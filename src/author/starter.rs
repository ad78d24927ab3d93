//! What a new document starts from: the kind's starter template (the workspace's
//! `templates/new/<kind>.md`, else the built-in one) and today's date. Shared by
//! `spex new`, the language server's "create document" action and the MCP server's
//! `new_document`, so all three write the same document.

use std::fs;
use std::path::Path;

use crate::config::{KindSpec, Role};
use crate::embedded::NEW_TEMPLATES;
use crate::error::{Error, Result};
use crate::markup::templates::OVERRIDE_DIR;

/// The starter for `kind`, as (name for messages, Tera text): the workspace's
/// `templates/new/<kind>.md` under `template_root`, else the built-in starter of a
/// built-in kind, else the generic one.
pub fn starter_template(template_root: &Path, kind: &KindSpec) -> Result<(String, String)> {
    let name = format!("new/{}.md", kind.name);
    let path = template_root.join(OVERRIDE_DIR).join(&name);
    if path.is_file() {
        let text = fs::read_to_string(&path).map_err(|source| Error::Read { path, source })?;
        return Ok((format!("{OVERRIDE_DIR}/{name}"), text));
    }
    // A workspace kind named like a built-in one may have other fields: only the
    // built-in kind itself (it has its role) gets the built-in starter.
    let builtin = kind
        .role
        .filter(|role| Role::parse(&kind.name) == Some(*role))
        .and_then(|_| {
            NEW_TEMPLATES
                .files
                .iter()
                .find(|(file, _)| *file == format!("{}.md", kind.name))
        });
    let (file, text) = builtin.unwrap_or(&NEW_TEMPLATES.files[0]);
    Ok((format!("built-in new/{file}"), (*text).to_owned()))
}

/// Today's date, or the day of `SOURCE_DATE_EPOCH` for reproducible output.
pub fn today() -> jiff::civil::Date {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    match epoch {
        Some(at) => at.to_zoned(jiff::tz::TimeZone::UTC).date(),
        None => jiff::Zoned::now().date(),
    }
}
