//! Paths named inside rule files (`document`, `import`): joined to the naming file's folder and
//! normalised lexically. Nothing here touches the file system, so a path never becomes
//! absolute and the result is the same on every machine.

/// The path a `document`/`import` literal names, relative to the directory of the rule file
/// that names it, normalised lexically: `a/./b/../c` → `a/c`; a leading `../` is kept;
/// `<default>/geo/x.claims` + `y.txt` → `<default>/geo/y.txt`. An absolute literal stays
/// absolute.
pub fn relative_path(from_file: &str, literal: &str) -> String {
    let joined = if literal.starts_with('/') {
        literal.to_string()
    } else {
        match from_file.rfind('/') {
            Some(i) => format!("{}/{literal}", &from_file[..i]),
            None => literal.to_string(),
        }
    };
    normalise(&joined)
}

/// Removes `.` and empty components and folds `name/..`; keeps `..` that climbs above the start.
fn normalise(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let body = parts.join("/");
    match (absolute, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

#[cfg(test)]
mod tests {
    use super::relative_path;

    #[test]
    fn joins_to_the_rule_file_folder() {
        assert_eq!(
            relative_path("<default>/geo/x.claims", "y.txt"),
            "<default>/geo/y.txt"
        );
        assert_eq!(
            relative_path("rules/a.claims", "docs/seed.txt"),
            "rules/docs/seed.txt"
        );
        assert_eq!(relative_path("a.claims", "seed.txt"), "seed.txt");
    }

    #[test]
    fn normalises_lexically() {
        assert_eq!(relative_path("x.claims", "a/./b/../c"), "a/c");
        assert_eq!(
            relative_path("rules/x.claims", "../seeds/s.txt"),
            "seeds/s.txt"
        );
        assert_eq!(relative_path("x.claims", "../s.txt"), "../s.txt");
        assert_eq!(relative_path("../r/x.claims", "../../s.txt"), "../../s.txt");
        assert_eq!(relative_path("r//x.claims", "a//b.txt"), "r/a/b.txt");
        assert_eq!(relative_path("r/x.claims", ".."), ".");
        assert_eq!(relative_path("r/x.claims", "/abs/../s.txt"), "/s.txt");
        assert_eq!(relative_path("/r/x.claims", "../../s.txt"), "/s.txt");
    }
}
