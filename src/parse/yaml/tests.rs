use super::*;

fn at<'a>(text: &'a str, node: &Node) -> &'a str {
    &text[node.span.clone()]
}

#[test]
fn scalars_carry_their_exact_byte_range() {
    let text = "id: PRD-1\ntitle: \"Hello\"\nlist: [a, bb]\n";
    let node = parse_yaml(text).unwrap();
    assert_eq!(at(text, node.get("id").unwrap()), "PRD-1");
    assert_eq!(at(text, node.get("title").unwrap()), "\"Hello\"");
    let Value::Seq(items) = &node.get("list").unwrap().value else {
        panic!()
    };
    assert_eq!(at(text, &items[1]), "bb");
}

#[test]
fn flow_containers_span_their_brackets() {
    let text = "owner: [Maya Chen, Luis Ortega]\ntags: [a, {x: 1} ]\n";
    let node = parse_yaml(text).unwrap();
    assert_eq!(
        at(text, node.get("owner").unwrap()),
        "[Maya Chen, Luis Ortega]"
    );
    assert_eq!(at(text, node.get("tags").unwrap()), "[a, {x: 1} ]");
}

#[test]
fn block_containers_span_their_children() {
    let text = "map:\n  k: 1\n  j: two\n";
    let node = parse_yaml(text).unwrap();
    assert_eq!(at(text, node.get("map").unwrap()), "k: 1\n  j: two");
}

#[test]
fn duplicate_keys_point_at_both_places() {
    let text = "a: 1\nb: 2\na: 3\n";
    let err = parse_yaml(text).unwrap_err();
    assert_eq!(err.offset, 10);
    assert_eq!(err.first, Some(0..1));
}

#[test]
fn alias_bombs_fail_fast() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let err = parse_yaml(&text).unwrap_err();
    assert!(err.message.contains("aliases"), "{}", err.message);
    assert!(!err.message.contains('{'), "no debug text: {}", err.message);
}

#[test]
fn deep_nesting_is_rejected() {
    let text = format!("a: {}{}", "[".repeat(5000), "]".repeat(5000));
    assert!(parse_yaml(&text).is_err());
}

/// `a:` then `depth - 1` more mappings, each indented under the last.
fn nested_block(depth: usize) -> String {
    let mut text = String::from("a:\n");
    for level in 1..depth {
        text.push_str(&format!("{}k:\n", "  ".repeat(level)));
    }
    text
}

/// `a:` holding `depth - 1` nested flow lists.
fn nested_flow(depth: usize) -> String {
    format!("a: {}{}\n", "[".repeat(depth - 1), "]".repeat(depth - 1))
}

#[test]
fn nesting_up_to_the_limit_parses_and_one_more_level_is_a_plain_error() {
    // Run on a thread with a small stack like rayon's workers, so a deserializer that
    // recursed too deep for its budget would crash here and not only in production.
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for nested in [nested_block, nested_flow] {
                assert!(parse_yaml(&nested(MAX_DEPTH)).is_ok());
                let err = parse_yaml(&nested(MAX_DEPTH + 1)).unwrap_err();
                assert_eq!(
                    err.message,
                    format!("lists and mappings nest more than {MAX_DEPTH} levels deep")
                );
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn syntax_errors_have_a_position_and_no_snippet() {
    let text = "title: ok\nstatus: [unclosed\n";
    let err = parse_yaml(text).unwrap_err();
    assert!(!err.message.contains('\n'), "{}", err.message);
    assert!(err.offset > 0);
}
#[test]
fn errors_without_byte_offsets_are_placed_by_line_and_column() {
    let text = "a: ok\nb: 'é\n";
    let err = parse_yaml(text).unwrap_err();
    assert_eq!(err.message, "unclosed quote");
    assert_eq!(&text[err.offset..], "'é\n");
}
