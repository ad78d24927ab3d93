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
    assert!(
        err.message.contains("alias") || err.message.contains("budget"),
        "{}",
        err.message
    );
}

#[test]
fn deep_nesting_is_rejected() {
    let text = format!("a: {}{}", "[".repeat(5000), "]".repeat(5000));
    assert!(parse_yaml(&text).is_err());
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
