//! Large answers in pages: an agent's context is small, and a 10,000-document listing
//! would drown it. In: every item of an answer and the page asked for. Out: that page,
//! with the total and, when more is left, where the next page starts and a note that
//! says so in words.

use serde_json::{Map, Value, json};

/// Items in a page when the agent does not say.
pub const DEFAULT_LIMIT: usize = 100;
/// The most items one page may hold.
pub const MAX_LIMIT: usize = 1000;

/// Which part of a long answer to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub offset: usize,
    pub limit: usize,
}

impl Page {
    /// The page an agent asked for, with the defaults and the cap applied.
    pub fn new(offset: Option<usize>, limit: Option<usize>, default: usize) -> Page {
        Page {
            offset: offset.unwrap_or(0),
            limit: limit.unwrap_or(default).clamp(1, MAX_LIMIT),
        }
    }
}

/// `{total, offset, count, <key>: [...]}` for the page of `items`; when items are left
/// after it, also `next_offset` and a `note` telling the agent how to get them.
pub fn paginate(key: &str, items: Vec<Value>, page: Page) -> Value {
    let total = items.len();
    let shown: Vec<Value> = items
        .into_iter()
        .skip(page.offset)
        .take(page.limit)
        .collect();
    page_of(key, total, shown, page)
}

/// [`paginate`] when only the page's items were made (`shown`, of `total`): turning
/// thousands of rows into JSON to keep a hundred of them is most of a listing's time.
pub fn page_of(key: &str, total: usize, shown: Vec<Value>, page: Page) -> Value {
    let end = page.offset.saturating_add(shown.len());
    let mut out = Map::new();
    out.insert("total".into(), total.into());
    out.insert("offset".into(), page.offset.into());
    out.insert("count".into(), shown.len().into());
    out.insert(key.into(), shown.into());
    if end < total {
        out.insert("next_offset".into(), end.into());
        out.insert(
            "note".into(),
            json!(format!(
                "{} of {total} {key} shown; call again with offset {end} for more, or narrow the request",
                end - page.offset
            )),
        );
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Value> {
        (0..n).map(|i| json!(i)).collect()
    }

    #[test]
    fn a_page_says_where_the_next_one_starts() {
        let page = paginate("documents", items(5), Page::new(Some(1), Some(2), 10));
        assert_eq!(page["documents"], json!([1, 2]));
        assert_eq!(page["total"], 5);
        assert_eq!(page["next_offset"], 3);
        assert!(
            page["note"]
                .as_str()
                .is_some_and(|n| n.contains("offset 3"))
        );
    }

    #[test]
    fn the_last_page_has_no_note_and_limits_are_capped() {
        let page = paginate("documents", items(3), Page::new(None, None, 10));
        assert_eq!(page["count"], 3);
        assert!(page.get("note").is_none() && page.get("next_offset").is_none());
        assert_eq!(Page::new(None, Some(0), 10).limit, 1);
        assert_eq!(Page::new(None, Some(usize::MAX), 10).limit, MAX_LIMIT);
    }
}
