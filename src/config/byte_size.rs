//! Sizes written in `spex.yaml` (`50MiB`, `2 GB`, `1048576`) → bytes, and bytes → text
//! for messages.

/// The units a size may carry, with their factors; binary and decimal both, because
/// people write both.
const UNITS: [(&str, u64); 9] = [
    ("b", 1),
    ("kb", 1_000),
    ("mb", 1_000_000),
    ("gb", 1_000_000_000),
    ("tb", 1_000_000_000_000),
    ("kib", 1 << 10),
    ("mib", 1 << 20),
    ("gib", 1 << 30),
    ("tib", 1 << 40),
];

/// Parses `100MiB`, `1.5 GB`, `512 kb` or a plain number of bytes; `None` for anything
/// else, a negative size or one too large to count.
pub fn parse_byte_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let factor = if unit.is_empty() {
        1
    } else {
        UNITS.iter().find(|(name, _)| *name == unit)?.1
    };
    let bytes = number * factor as f64;
    (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

/// `104857600` → `100.0 MiB`: the unit people read sizes of files in.
pub fn show_byte_size(bytes: u64) -> String {
    let mut unit = "B";
    let mut value = bytes as f64;
    for (name, factor) in [
        ("KiB", 1u64 << 10),
        ("MiB", 1 << 20),
        ("GiB", 1 << 30),
        ("TiB", 1 << 40),
    ] {
        if bytes >= factor {
            unit = name;
            value = bytes as f64 / factor as f64;
        }
    }
    if unit == "B" {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_and_decimal_units() {
        assert_eq!(parse_byte_size("100MiB"), Some(100 << 20));
        assert_eq!(parse_byte_size("50 MB"), Some(50_000_000));
        assert_eq!(parse_byte_size("1.5 GiB"), Some(3 << 29));
        assert_eq!(parse_byte_size("4096"), Some(4096));
        assert_eq!(parse_byte_size("4 B"), Some(4));
        for bad in ["", "MiB", "-1 MiB", "12 parsecs", "1e400"] {
            assert_eq!(parse_byte_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn sizes_show_in_the_largest_binary_unit() {
        assert_eq!(show_byte_size(5), "5 B");
        assert_eq!(show_byte_size(100 << 20), "100.0 MiB");
        assert_eq!(show_byte_size(101 << 20), "101.0 MiB");
    }
}
