use super::*;
use crate::config::FieldType;

#[test]
fn conditions_parse() {
    for (text, field, op, value) in [
        ("status=approved", "status", Op::Eq, "approved"),
        ("target<=2027-Q1", "target", Op::Le, "2027-Q1"),
        ("target < 2027-Q1", "target", Op::Lt, "2027-Q1"),
        ("priority!=P0", "priority", Op::Ne, "P0"),
        ("rice.reach>=1000", "rice.reach", Op::Ge, "1000"),
        ("tags~checkout", "tags", Op::Contains, "checkout"),
        ("title=a=b", "title", Op::Eq, "a=b"),
    ] {
        let c = Condition::parse(text).unwrap();
        assert_eq!(
            (c.field.as_str(), c.op, c.value.as_str()),
            (field, op, value),
            "{text}"
        );
    }
}

#[test]
fn non_conditions_are_errors() {
    for text in ["status", "=approved", "status!approved"] {
        assert!(Condition::parse(text).is_err(), "{text}");
    }
}

#[test]
fn literals_are_checked_against_the_field_type() {
    let fits = |c: &str, ty: &FieldType| Condition::parse(c).unwrap().literal_fits(ty);
    let quarter_or_date = FieldType::OneOf(vec![FieldType::Quarter, FieldType::Date]);
    assert!(fits("target<=2027-Q1", &quarter_or_date));
    assert!(fits("target<=2027-03-31", &quarter_or_date));
    assert!(!fits("target<=2027-Q5", &quarter_or_date));
    let priority = FieldType::Enum(vec!["P0".into(), "P1".into()]);
    assert!(fits("priority<=p1", &priority));
    assert!(!fits("priority=P9", &priority));
    assert!(fits(
        "tags~anything",
        &FieldType::List(Box::new(FieldType::String))
    ));
    assert!(!fits("n>lots", &FieldType::Number));
}
