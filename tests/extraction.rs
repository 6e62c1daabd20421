use claimcheck::extract::{Lexicon, LexiconEntry, MentionKind, split};
#[test]
fn speed_probe() {
    let seed = std::fs::read_to_string("seeds/000_eae76bd1c749ef67.txt").unwrap();
    let mut text = String::new();
    while text.len() < 20_000_000 { text.push_str(&seed); text.push_str("\n\n"); }
    let names = ["Russia","North Korea","Moscow","the Kremlin","Putin","Kim Jong Un","Kim","Vladivostok","US","United States","Seoul","Pyongyang","Japan","South Korea","China","Ukraine","artillery shells","Su-35S","trade","energy","tourism"];
    let entries: Vec<_> = names.iter().enumerate().map(|(i,t)| LexiconEntry{text: t.to_string(), target: i as u32, kind: MentionKind::Alias}).collect();
    let lex = Lexicon::new(entries);
    let t = std::time::Instant::now();
    let units = split(&text, 0..text.len());
    let a = t.elapsed();
    let t = std::time::Instant::now();
    let m = lex.find(&text, 0..text.len());
    let b = t.elapsed();
    let mb = text.len() as f64 / 1e6;
    eprintln!("split {:.0} MB/s ({} tokens), lexicon {:.0} MB/s ({} mentions)", mb / a.as_secs_f64(), units.tokens.len(), mb / b.as_secs_f64(), m.len());
}
