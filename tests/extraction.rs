//! probe
use claimcheck::extract::extract_document;
use claimcheck::resolve::hir::{Program, Speaker, Statement};
use claimcheck::resolve::patterns::resolve_extraction;
use claimcheck::resolve::resolve_program;
use claimcheck::source::{FileKind, SourceMap};

fn speaker(p: &Program, s: Speaker) -> String {
    match s {
        Speaker::Author => "author".into(),
        Speaker::Reference => "reference".into(),
        Speaker::Entity(e) => p.ent(e).name.clone(),
    }
}

fn show(p: &Program, src: &SourceMap, s: &Statement) -> String {
    let mut out = format!("{}..{} {:?}\n    {} {:?} {:?} {}", s.source.start, s.source.end, src.slice(s.source), speaker(p, s.speaker), s.stance, s.modality, p.prop_text(&s.prop));
    if let Some(r) = s.reporter { out.push_str(&format!(" (reported by {})", speaker(p, r))); }
    if let Some(t) = s.time { out.push_str(&format!(" time {t}")); }
    out.push_str(&format!(" pattern {:?} frame {:?}", s.found_by.pattern, s.found_by.frame));
    for a in &s.found_by.anaphora { out.push_str(&format!("\n    anaphor {:?} -> {}", a.text, a.resolved_to)); }
    out
}

#[test]
fn probe() {
    let dir = "tests/extraction/seed";
    let mut src = SourceMap::new();
    let rt = std::fs::read_to_string(format!("{dir}/rules.claims")).unwrap();
    let rid = src.add("rules.claims", rt.clone(), FileKind::Rules);
    let rf = claimcheck::syntax::parse_rule_file(rid, &rt).unwrap();
    let dt = std::fs::read_to_string(format!("{dir}/doc.txt")).unwrap();
    let did = src.add("doc.txt", dt, FileKind::Document);
    let files = vec![(rid, rf)];
    let (program, d) = resolve_program(&src, &files);
    eprintln!("{d:#?}");
    let (rules, d) = resolve_extraction(&program, &files);
    eprintln!("{d:#?}");
    let (_info, st, d) = extract_document(&program, &rules, &src, did);
    eprintln!("{d:#?}");
    for s in &st { eprintln!("{}", show(&program, &src, s)); }
}

#[test]
fn speed() {
    let dir = "tests/extraction/seed";
    let mut src = SourceMap::new();
    let mut rt = std::fs::read_to_string(format!("{dir}/rules.claims")).unwrap();
    let verbs = ["bought","sold","shipped","delivered","supplied","acquired","exported","imported","transferred","provided","sent","received","offered","promised","ordered","leased","loaned","gifted","traded","swapped"];
    let mut k = 0;
    for v in verbs { for prep in ["to", "from", "with", "for", "via"] {
        rt.push_str(&format!("pattern gen{k}: {{a: state}} {v} {{item: weapon}} {prep} {{b: state}} => transfers_arms(a, b, item)\n"));
        k += 1;
    }}
    let rid = src.add("rules.claims", rt.clone(), FileKind::Rules);
    let rf = claimcheck::syntax::parse_rule_file(rid, &rt).unwrap();
    let seed = std::fs::read_to_string(format!("{dir}/doc.txt")).unwrap();
    let mut dt = String::new();
    while dt.len() < 20_000_000 { dt.push_str(&seed); dt.push_str("\n\n"); }
    let did = src.add("doc.txt", dt.clone(), FileKind::Document);
    let files = vec![(rid, rf)];
    let (program, _) = resolve_program(&src, &files);
    let (rules, d) = resolve_extraction(&program, &files);
    assert!(d.is_empty(), "{d:?}");
    eprintln!("units {}", rules.patterns.len() + rules.frames.len());
    let t = std::time::Instant::now();
    let (_info, st, _d) = extract_document(&program, &rules, &src, did);
    let el = t.elapsed();
    eprintln!("{} statements, {:.1} MB/s", st.len(), dt.len() as f64 / 1e6 / el.as_secs_f64());
    let t = std::time::Instant::now();
    let units = claimcheck::extract::split(&dt, 0..dt.len());
    eprintln!("split alone {:.1} MB/s {}", dt.len() as f64 / 1e6 / t.elapsed().as_secs_f64(), units.tokens.len());
}
