//! The floor: the least work any static site generator does for a folder of Markdown
//! with YAML front matter, to measure spex against on the same machine in the same run.
//!
//! `cargo run --release --example floor -- WORKSPACE OUT`
//!
//! It walks the tree, reads every `.md` file, splits off and parses the YAML front
//! matter, renders the body with pulldown-cmark (tables on), rewrites links to `.md`
//! files into links to `.html` pages, and writes one bare HTML file per document plus
//! one index page, in parallel with rayon. No validation, templates, navigation,
//! search or history: whatever spex takes beyond this is the price of what it adds.
//! Same allocator as spex, so the ratio measures work, not malloc.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use rayon::prelude::*;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One rendered document: where its page went and its title, for the index.
struct Page {
    href: String,
    title: String,
}

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: floor WORKSPACE OUT");
        return ExitCode::from(2);
    };
    match build(root, out) {
        Ok(pages) => {
            eprintln!("wrote {pages} pages and index.html into {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn build(root: &Path, out: &Path) -> std::io::Result<usize> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let pages: Vec<Page> = files
        .par_iter()
        .map(|path| render_file(root, out, path))
        .collect::<std::io::Result<_>>()?;
    let mut index = String::from("<!doctype html><title>Index</title><ul>\n");
    for page in &pages {
        index.push_str(&format!(
            "<li><a href=\"{}\">{}</a></li>\n",
            page.href,
            escape(&page.title)
        ));
    }
    index.push_str("</ul>\n");
    fs::write(out.join("index.html"), index)?;
    Ok(pages.len())
}

fn render_file(root: &Path, out: &Path, path: &Path) -> std::io::Result<Page> {
    let text = fs::read_to_string(path)?;
    let (front, body) = split_front_matter(&text);
    let front: Option<serde_json::Value> = front.and_then(|y| serde_saphyr::from_str(y).ok());
    let rel = path.strip_prefix(root).unwrap_or(path);
    let href = rel
        .with_extension("html")
        .to_string_lossy()
        .replace('\\', "/");
    let title = front
        .as_ref()
        .and_then(|f| f.get("title"))
        .and_then(|t| t.as_str())
        .map_or_else(|| href.clone(), str::to_owned);

    let parser = Parser::new_ext(body, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite_link(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut html = format!("<!doctype html><title>{}</title>\n", escape(&title));
    pulldown_cmark::html::push_html(&mut html, parser);

    let target = out.join(&href);
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(target, html)?;
    Ok(Page { href, title })
}

/// `---\n<yaml>\n---\n<body>` → (yaml, body); the whole text is the body without one.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (None, text);
    };
    match rest.find("\n---\n") {
        Some(end) => (Some(&rest[..end + 1]), &rest[end + 5..]),
        None => (None, text),
    }
}

/// `other.md#part` → `other.html#part`; anything else is left alone.
fn rewrite_link(url: CowStr<'_>) -> CowStr<'_> {
    let (path, anchor) = url.split_once('#').map_or((&*url, ""), |(p, a)| (p, a));
    match path.strip_suffix(".md") {
        Some(stem) if !url.contains("://") => {
            let sep = if anchor.is_empty() { "" } else { "#" };
            CowStr::from(format!("{stem}.html{sep}{anchor}"))
        }
        _ => url,
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}
