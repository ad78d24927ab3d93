//! Calendar quarters (`2027-Q1`), the unit roadmaps and targets are planned in.

use std::fmt;

/// A calendar quarter. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i16,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// Parses `YYYY-Qn` (also `YYYY-qn`).
    pub fn parse(s: &str) -> Option<Quarter> {
        let (year, q) = s.split_once('-')?;
        let q = q.strip_prefix(['Q', 'q'])?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let q: u8 = match q {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            "4" => 4,
            _ => return None,
        };
        Some(Quarter {
            year: year.parse().ok()?,
            q,
        })
    }

    pub fn of_date(date: jiff::civil::Date) -> Quarter {
        Quarter {
            year: date.year(),
            q: ((date.month() - 1) / 3 + 1) as u8,
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders_quarters() {
        let a = Quarter::parse("2026-Q4").unwrap();
        let b = Quarter::parse("2027-q1").unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2027-Q1");
        assert_eq!(Quarter::parse("2026-Q5"), None);
        assert_eq!(Quarter::parse("26-Q1"), None);
    }

    #[test]
    fn dates_fall_into_their_quarter() {
        let d = jiff::civil::date(2026, 8, 31);
        assert_eq!(Quarter::of_date(d).to_string(), "2026-Q3");
    }
}
