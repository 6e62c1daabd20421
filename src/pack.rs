//! The default rule pack, embedded in the binary so `claimcheck check article.txt` works
//! anywhere. Files are reported under `<default>/…`; a test keeps this list in step with the
//! `rules/` folder.

/// Prefix of the paths of embedded files.
pub const DEFAULT_PREFIX: &str = "<default>/";

macro_rules! pack {
    ($($path:literal),* $(,)?) => {
        /// Path (under `<default>/`) and text of every file of the default pack, in load order.
        pub const DEFAULT_PACK: &[(&str, &str)] = &[
            $((concat!("<default>/", $path), include_str!(concat!("../rules/", $path)))),*
        ];
    };
}

pack![
    "core/types.claims",
    "core/english.claims",
    "geo/actors.claims",
    "geo/officials.claims",
    "geo/places.claims",
    "geo/weapons.claims",
    "geo/sanctions.claims",
    "geo/agreements.claims",
    "geo/arms-trade-breaks-embargo.claims",
    "geo/compliance-excludes-violation.claims",
    "geo/one-place-per-summit.claims",
    "geo/arms-trade-runs-one-way.claims",
    "geo/running-total-shrinks.claims",
    "geo/purchases-and-shipments-are-transfers.claims",
    "geo/weapon-model-counts-as-its-category.claims",
    "geo/forbidden-activity-violates-sanctions.claims",
    "geo/veto-means-opposition.claims",
    "geo/vetoed-resolution-was-not-adopted.claims",
    "geo/unanimous-adoption-means-every-permanent-member-voted-for.claims",
    "geo/support-excludes-opposition.claims",
    "geo/troops-deployed-abroad-vs-denial.claims",
    "geo/visiting-a-place-is-visiting-what-contains-it.claims",
    "geo/expected-event-is-not-a-fact.claims",
    "geo/extraction.claims",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn files_under(dir: &std::path::Path, base: &std::path::Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files_under(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "claims")
                && let Ok(rel) = path.strip_prefix(base)
            {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn the_embedded_list_matches_the_rules_folder() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk = BTreeSet::new();
        files_under(&base, &base, &mut on_disk);
        let embedded: BTreeSet<String> = DEFAULT_PACK
            .iter()
            .map(|(p, _)| p.trim_start_matches(DEFAULT_PREFIX).to_string())
            .collect();
        assert_eq!(embedded, on_disk);
    }
}
