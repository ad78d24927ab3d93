//! Help for dates and quarters that do not parse: say what is wrong with *this* value
//! (`2026-11-31`: November has 30 days), and offer the canonical spelling of a quarter
//! written another common way (`Q3 2027` → `2027-Q3`).

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why `text`, which did not parse as a date, is not one, with the fix.
pub fn date_help(text: &str) -> String {
    let general = "write dates as YYYY-MM-DD, e.g. `2027-03-15`".to_owned();
    let mut parts = text.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return general;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return general;
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i16>(), m.parse::<i8>(), d.parse::<i8>())
    else {
        return general;
    };
    if !(1..=12).contains(&month) {
        return format!("there is no month {month}: months run from 01 to 12");
    }
    let name = MONTHS[(month - 1) as usize];
    match jiff::civil::date(year, month, 1).days_in_month() {
        days if day > days && month == 2 => format!("February {year} has {days} days"),
        days if day > days || day == 0 => format!("{name} has {days} days"),
        _ => general,
    }
}

/// `did you mean `2027-Q3`?` for a quarter written `Q3 2027`, `Q3-2027`, `2027 Q3` or
/// `2027Q3`; else how quarters are written.
pub fn quarter_help(text: &str) -> String {
    match canonical_quarter(text) {
        Some(q) => format!("did you mean `{q}`? Quarters are written YYYY-Qn"),
        None => "write quarters as YYYY-Qn, e.g. `2027-Q1`".to_owned(),
    }
}

/// `2027-Q3` for a quarter written another common way, if `text` is one.
pub fn canonical_quarter(text: &str) -> Option<String> {
    let squashed: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '/')
        .collect::<String>()
        .to_ascii_uppercase();
    let quarter = |q: &str| matches!(q, "Q1" | "Q2" | "Q3" | "Q4").then(|| q[1..].to_owned());
    let year =
        |y: &str| (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| y.to_owned());
    if squashed.len() != 6 || !squashed.is_char_boundary(2) || !squashed.is_char_boundary(4) {
        return None;
    }
    let (q, y) = if squashed.starts_with('Q') {
        (quarter(&squashed[..2])?, year(&squashed[2..])?)
    } else {
        (quarter(&squashed[4..])?, year(&squashed[..4])?)
    };
    Some(format!("{y}-Q{q}"))
}

#[cfg(test)]
mod tests {
    use super::{date_help, quarter_help};

    #[test]
    fn issue_13_an_impossible_day_names_the_months_length() {
        assert_eq!(date_help("2026-11-31"), "November has 30 days");
        assert_eq!(date_help("2027-02-29"), "February 2027 has 28 days");
        assert_eq!(
            date_help("2027-13-01"),
            "there is no month 13: months run from 01 to 12"
        );
        assert_eq!(date_help("2027-04-00"), "April has 30 days");
        assert_eq!(
            date_help("next week"),
            "write dates as YYYY-MM-DD, e.g. `2027-03-15`"
        );
    }

    #[test]
    fn issue_13_a_quarter_written_another_way_gets_its_canonical_spelling() {
        for written in [
            "Q3 2027", "q3 2027", "Q3-2027", "2027 Q3", "2027Q3", "2027/Q3",
        ] {
            assert_eq!(
                quarter_help(written),
                "did you mean `2027-Q3`? Quarters are written YYYY-Qn",
                "{written}"
            );
        }
        assert_eq!(
            quarter_help("Q5 2027"),
            "write quarters as YYYY-Qn, e.g. `2027-Q1`"
        );
        assert_eq!(
            quarter_help("soon"),
            "write quarters as YYYY-Qn, e.g. `2027-Q1`"
        );
    }
}
