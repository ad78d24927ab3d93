//! Static files every site has (CSS, scripts), embedded in the binary, plus workspace
//! files that documents link to (images, PDFs), copied as they are.

/// (output path, contents)
pub const STATIC: &[(&str, &str)] = &[
    (
        "assets/spex.css",
        include_str!("../../../templates/assets/spex.css"),
    ),
    (
        "assets/spex.js",
        include_str!("../../../templates/assets/spex.js"),
    ),
    (
        "assets/search.js",
        include_str!("../../../templates/assets/search.js"),
    ),
    (
        "assets/favicon.svg",
        include_str!("../../../templates/assets/favicon.svg"),
    ),
];
