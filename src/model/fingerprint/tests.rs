use super::*;

const PRD: &str = "---\nid: PRD-1\ntitle: Alerts\nstatus: draft\nupdated: 2027-01-02\ntags:\n  - a\n  - b\n---\n# Alerts\n\n## Problem\n\nPeople miss\nalerts.\n\n## Requirements {.engineering}\n\n- Send an alert.\n- Retry twice.\n\n```\n# not a heading\n```\n";

fn prd_rule() -> (Vec<String>, Vec<String>) {
    (
        vec!["updated".into(), "tags".into(), "title".into()],
        vec!["Requirements".into()],
    )
}

fn material(older: &str, newer: &str) -> bool {
    let (cosmetic, normative) = prd_rule();
    fingerprint(newer).differs_materially(&fingerprint(older), &cosmetic, &normative)
}

#[test]
fn fields_are_kept_as_written_with_block_lists_joined() {
    let f = fingerprint(PRD);
    assert_eq!(f.fields["status"], "draft");
    assert_eq!(f.fields["tags"], "- a - b");
    assert_eq!(f.fields.len(), 5);
}

#[test]
fn sections_are_keyed_without_attributes_and_count_list_items() {
    let f = fingerprint(PRD);
    let keys: Vec<&str> = f.sections.keys().map(String::as_str).collect();
    assert_eq!(keys, ["alerts", "problem", "requirements"]);
    assert_eq!(f.sections["requirements"].items, 2);
    assert_eq!(f.sections["requirements"].classes, ["engineering"]);
}

#[test]
fn a_typo_fix_outside_normative_sections_is_not_material() {
    assert!(!material(PRD, &PRD.replace("People miss", "People mis")));
}

#[test]
fn reflowing_and_recasing_a_requirement_is_not_material() {
    let reflowed = PRD.replace("- Send an alert.", "-   send an\n    ALERT.");
    assert!(!material(PRD, &reflowed));
}

#[test]
fn cosmetic_fields_are_not_material_but_status_is() {
    assert!(!material(PRD, &PRD.replace("2027-01-02", "2027-02-03")));
    assert!(!material(PRD, &PRD.replace("  - b\n", "  - b\n  - c\n")));
    assert!(material(
        PRD,
        &PRD.replace("status: draft", "status: approved")
    ));
    assert!(material(
        PRD,
        &PRD.replace("status: draft\n", "status: draft\ntarget: 2027-Q2\n")
    ));
}

#[test]
fn quoting_a_value_is_not_material() {
    assert!(!material(
        PRD,
        &PRD.replace("status: draft", "status: \"draft\"")
    ));
}

#[test]
fn editing_a_requirement_is_material() {
    assert!(material(
        PRD,
        &PRD.replace("Retry twice", "Retry three times")
    ));
    assert!(material(PRD, &PRD.replace("- Retry twice.\n", "")));
}

#[test]
fn without_normative_sections_the_whole_body_counts_but_not_its_whitespace() {
    let page = "---\nid: PRD-2\n---\nSome text here.\n";
    assert!(!material(
        page,
        "---\nid: PRD-2\n---\n\nSome   text\nhere.\n\n"
    ));
    assert!(material(
        page,
        "---\nid: PRD-2\n---\nSome other text here.\n"
    ));
}

#[test]
fn a_heading_inside_fenced_code_starts_no_section() {
    assert!(!fingerprint(PRD).sections.contains_key("not a heading"));
}

#[test]
fn section_keys_drop_numbers_colons_and_attributes() {
    assert_eq!(
        section_key("2. Acceptance  Criteria:"),
        "acceptance criteria"
    );
    assert_eq!(section_key("Scope {#scope .sales}"), "scope");
    assert_eq!(section_key("2027 plan"), "2027 plan");
}

#[test]
fn long_values_are_kept_as_a_hash_and_unclosed_front_matter_is_body() {
    let long = "x".repeat(200);
    let f = fingerprint(&format!("---\nsummary: {long}\n---\n"));
    assert!(f.fields["summary"].starts_with('#'));
    assert!(fingerprint("---\nid: X\nno end\n").fields.is_empty());
}

const TAGGED: &str = "# T\n\n## Requirements\n\n- Public one.\n\n### Pricing {.confidential}\n\n- Secret one.\n\n#### Margins\n\n- Secret two.\n\n### Rollout\n\n- Public two.\n\n##### Deep {.sales}\n\nSales words.\n";

#[test]
fn tagged_subsections_are_sections_of_their_own_and_left_out_of_the_open_part() {
    let f = fingerprint(TAGGED);
    let keys: Vec<&str> = f.sections.keys().map(String::as_str).collect();
    assert_eq!(keys, ["deep", "pricing", "requirements", "rollout", "t"]);
    assert_eq!(f.sections["requirements"].items, 2, "the two public items");
    assert_eq!(f.sections["pricing"].items, 2, "its own and its child's");
    assert_eq!(f.sections["pricing"].classes, ["confidential"]);
    assert_eq!(
        f.sections["deep"].classes,
        ["sales"],
        "tagged, so kept at level 5"
    );
    assert_eq!(f.sections["deep"].level, 5);
}

#[test]
fn an_untagged_subsection_is_as_restricted_as_its_parents() {
    let f =
        fingerprint("## Plan {.engineering}\n\n### Costs {.confidential}\n\n### Steps\n\n- One.\n");
    assert_eq!(f.sections["costs"].classes, ["engineering", "confidential"]);
    assert_eq!(f.sections["steps"].classes, ["engineering"]);
}

#[test]
fn an_edit_inside_a_tagged_subsection_changes_the_hash_but_not_the_open_hash() {
    let older = fingerprint(TAGGED);
    let newer = fingerprint(&TAGGED.replace("- Secret two.", "- Secret two.\n- Secret three."));
    let (a, b) = (
        &older.sections["requirements"],
        &newer.sections["requirements"],
    );
    assert_ne!(a.hash, b.hash, "materiality still sees the whole section");
    assert_eq!(a.open_hash, b.open_hash);
    assert_eq!(a.items, b.items);
    assert_ne!(
        older.sections["pricing"].open_hash,
        newer.sections["pricing"].open_hash
    );
    let newer = fingerprint(&TAGGED.replace("- Public two.", "- Public two.\n- Public three."));
    assert_ne!(
        older.sections["requirements"].open_hash,
        newer.sections["requirements"].open_hash
    );
    assert_eq!(newer.sections["requirements"].items, 3);
}

/// What `normalized_hash` computes, a character at a time: the ASCII shortcut must
/// give the same hashes (they are cached on disk, and compared across versions).
fn normalized_hash_by_chars(lines: &[&str]) -> u64 {
    let (mut hash, mut space, mut started) = (FNV_OFFSET, false, false);
    let mut buf = [0u8; 4];
    for line in lines {
        for c in line.chars().chain(std::iter::once(' ')) {
            if c.is_whitespace() {
                space = started;
                continue;
            }
            if space {
                hash = fnv(hash, b" ");
                space = false;
            }
            started = true;
            for lower in c.to_lowercase() {
                hash = fnv(hash, lower.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    hash
}

#[test]
fn the_ascii_shortcut_hashes_like_characters_do() {
    let texts: [&[&str]; 6] = [
        &[],
        &["", "  "],
        &[
            "  The Rate Limit\tis 100\u{b}req/s\u{c}\r",
            "",
            "- Item ONE  ",
        ],
        &["Ünïcode Straße İ", "mixed ASCII and ÉÈ\u{85}next"],
        &["\u{a0}non-breaking\u{2003}spaces"],
        &["ends with space ", " starts with space"],
    ];
    for lines in texts {
        assert_eq!(
            normalized_hash(lines.iter().copied()),
            normalized_hash_by_chars(lines),
            "{lines:?}"
        );
    }
}
