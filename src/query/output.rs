//! Rows as a readable table, JSON (typed values) or CSV (for a spreadsheet).

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::select::{Cell, Row};

/// Aligned columns under a header; an empty cell for a missing value.
pub fn to_table(fields: &[String], rows: &[Row]) -> String {
    let texts: Vec<Vec<String>> = rows.iter().map(|r| cell_texts(r, ", ")).collect();
    let widths: Vec<usize> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            texts
                .iter()
                .map(|r| r[i].chars().count())
                .chain([f.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                out.push_str(cell);
                out.push_str(&" ".repeat(pad + 2));
            }
        }
        out.trim_end().to_owned() + "\n"
    };
    let mut out = line(fields);
    for row in &texts {
        out.push_str(&line(row));
    }
    out
}

/// An array of objects, one per row, keys in column order, each value typed as in the
/// front matter (`null` when missing).
pub fn to_json(fields: &[String], rows: &[Row]) -> String {
    let objects: Vec<JsonRow> = rows.iter().map(|row| JsonRow { fields, row }).collect();
    // Typed values are plain data: serialization cannot fail.
    serde_json::to_string_pretty(&objects).expect("rows serialize") + "\n"
}

/// A row as a JSON object whose keys keep the order of the columns asked for.
struct JsonRow<'a> {
    fields: &'a [String],
    row: &'a Row,
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (field, cell) in self.fields.iter().zip(&self.row.cells) {
            match cell {
                None => map.serialize_entry(field, &())?,
                Some(Cell::Field(value)) => map.serialize_entry(field, value)?,
                Some(Cell::Text(text)) => map.serialize_entry(field, text)?,
            }
        }
        map.end()
    }
}

/// RFC 4180 CSV with a header row; list values joined by `; `.
pub fn to_csv(fields: &[String], rows: &[Row]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail.
    writer.write_record(fields).expect("in memory");
    for row in rows {
        writer
            .write_record(cell_texts(row, "; "))
            .expect("in memory");
    }
    let bytes = writer.into_inner().expect("in memory");
    String::from_utf8(bytes).expect("written from strings")
}

/// Each cell as text, list items joined with `separator`.
fn cell_texts(row: &Row, separator: &str) -> Vec<String> {
    row.cells
        .iter()
        .map(|cell| match cell {
            None => String::new(),
            Some(Cell::Field(crate::model::FieldValue::List(items))) => items
                .iter()
                .map(|i| i.value.to_string())
                .collect::<Vec<_>>()
                .join(separator),
            Some(cell) => cell.to_string().replace(['\n', '\r'], " "),
        })
        .collect()
}
