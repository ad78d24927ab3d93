//! Fitting a Markdown diff into one pull-request comment: sections with many items are
//! collapsed in `<details>`, and what would pass GitHub's comment limit is cut at a
//! line, with a note saying where the whole diff is.

/// GitHub refuses a comment over 65,536 characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// A section with more items than this is collapsed: the counts above it say what is
/// inside, and reviewers open the one they need.
const COLLAPSE_OVER: usize = 10;

/// One titled list of the comment (`**Changed**` and its items).
pub struct Section {
    /// The title line as Markdown, when the section is open (`**Changed**`).
    pub heading: String,
    /// The title of the collapsed section, as HTML (`<strong>Changed</strong> (457
    /// documents)`).
    pub summary: String,
    pub items: usize,
    /// The list, one or more lines per item, without the title.
    pub body: String,
}

const TRUNCATED: &str = "\n_The rest is cut: a comment holds at most 65,536 characters. Run `spex diff --format markdown > spec-diff.md` (or `--format json`) for the whole diff._\n";

/// `head` (title and counts) and the sections, collapsed where long, cut to `limit`
/// characters.
pub fn assemble(head: String, sections: &[Section], limit: usize) -> String {
    let mut out = head;
    // Room for the note and for closing a `<details>` cut in the middle.
    let budget = limit.saturating_sub(TRUNCATED.chars().count() + "\n</details>\n".len());
    let mut used = out.chars().count();
    for section in sections {
        let collapsed = section.items > COLLAPSE_OVER;
        let (open, close) = if collapsed {
            (
                format!("<details><summary>{}</summary>\n\n", section.summary),
                "\n</details>\n\n".to_owned(),
            )
        } else {
            (format!("{}\n\n", section.heading), "\n".to_owned())
        };
        let whole = open.chars().count() + section.body.chars().count() + close.chars().count();
        if used + whole <= budget {
            out.push_str(&open);
            out.push_str(&section.body);
            out.push_str(&close);
            used += whole;
            continue;
        }
        // Cut inside this section, at the end of a line, and stop.
        if used + open.chars().count() < budget {
            out.push_str(&open);
            used += open.chars().count();
            for line in section.body.split_inclusive('\n') {
                let n = line.chars().count();
                if used + n > budget {
                    break;
                }
                out.push_str(line);
                used += n;
            }
            if collapsed {
                out.push_str("\n</details>\n");
            }
        }
        out.push_str(TRUNCATED);
        return out;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(title: &str, items: usize) -> Section {
        Section {
            heading: format!("**{title}**"),
            summary: format!("<strong>{title}</strong> ({items} documents)"),
            items,
            body: (0..items).map(|i| format!("- document {i}\n")).collect(),
        }
    }

    #[test]
    fn short_sections_stay_open_and_long_ones_collapse() {
        let out = assemble(
            "head\n\n".into(),
            &[section("Added", 2), section("Changed", 11)],
            COMMENT_LIMIT,
        );
        assert!(
            out.starts_with("head\n\n**Added**\n\n- document 0\n- document 1\n\n"),
            "{out}"
        );
        assert!(out.contains("<details><summary><strong>Changed</strong> (11 documents)</summary>\n\n- document 0\n"), "{out}");
        assert!(out.ends_with("- document 10\n\n</details>\n\n"), "{out}");
        assert!(!out.contains("cut"), "{out}");
    }

    #[test]
    fn a_diff_over_the_limit_is_cut_at_a_line_with_a_note() {
        let out = assemble(
            "head\n\n".into(),
            &[section("Changed", 20_000), section("Fixed", 3)],
            COMMENT_LIMIT,
        );
        assert!(
            out.chars().count() <= COMMENT_LIMIT,
            "{}",
            out.chars().count()
        );
        assert!(out.contains("- document 100\n"));
        assert!(!out.contains("**Fixed**"));
        let before_note = out.split("\n_The rest is cut").next().expect("a note");
        assert!(before_note.ends_with("\n</details>\n"), "{before_note:?}");
        assert!(out.ends_with("for the whole diff._\n"));
    }
}
