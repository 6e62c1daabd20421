//! Prints a syntax tree back as `.claims` source in one canonical layout: one item per line
//! (entity clauses and long bodies on indented lines), qualifiers spelled out (`about`, not
//! `~`), numbers without digit groups, strings with the escapes the parser reads. Parsing the
//! output gives the same tree again, spans aside. Used for snapshots and round-trip tests, and
//! as the seed of a formatter. Comments other than doc comments are not in the tree and so are
//! not printed.

use super::ast::*;
use std::fmt::Write as _;

/// The whole file, items separated by newlines.
pub fn print_rule_file(file: &RuleFile) -> String {
    let mut out = String::new();
    for item in &file.items {
        print_item(&mut out, item);
    }
    out
}

/// One item, with its doc comment and a trailing newline.
pub fn print_item(out: &mut String, item: &Item) {
    match item {
        Item::Import(i) => {
            let _ = writeln!(out, "import {}", string(&i.path.value));
        }
        Item::Type(t) => {
            doc(out, &t.doc);
            let _ = write!(out, "type {}", t.name.name);
            if let Some(p) = &t.parent {
                let _ = write!(out, ": {}", p.name);
            }
            out.push('\n');
        }
        Item::Role(r) => {
            doc(out, &r.doc);
            let _ = write!(out, "role {}", r.name.name);
            if let Some(of) = &r.of {
                let _ = write!(out, "({})", of.name);
            }
            out.push('\n');
        }
        Item::Entity(e) => print_entity(out, e),
        Item::Predicate(p) => {
            doc(out, &p.doc);
            let params: Vec<String> = p
                .params
                .iter()
                .map(|q| format!("{}: {}", q.name.name, q.ty.name))
                .collect();
            let _ = write!(out, "predicate {}({})", p.name.name, params.join(", "));
            if let Some(o) = &p.output {
                let _ = write!(out, " -> {}", o.name);
            }
            for prop in &p.properties {
                let _ = write!(out, " {}", prop.name);
            }
            out.push('\n');
        }
        Item::Exclusive(x) => {
            doc(out, &x.doc);
            out.push_str("exclusive ");
            if let Some(n) = &x.name {
                let _ = write!(out, "{}: ", n.name);
            }
            let atoms: Vec<String> = x.atoms.iter().map(atom).collect();
            let _ = writeln!(out, "{}", atoms.join(", "));
        }
        Item::Rule(r) => {
            doc(out, &r.doc);
            let _ = writeln!(out, "rule {}:", r.name.name);
            let _ = writeln!(out, "    {} :- {}.", atom(&r.head), body(&r.body));
        }
        Item::Constraint(c) => {
            doc(out, &c.doc);
            let _ = writeln!(out, "constraint {}:", c.name.name);
            let _ = writeln!(out, "    {}.", body(&c.body));
        }
        Item::Reference(r) => {
            doc(out, &r.doc);
            out.push_str("reference ");
            if r.negated {
                out.push_str("not ");
            }
            out.push_str(&atom(&r.atom));
            if let Some(t) = &r.time {
                let _ = write!(out, " {}", time(t));
            }
            let _ = writeln!(out, " cite {}", string(&r.cite.value));
        }
        Item::Document(d) => {
            let _ = writeln!(out, "document {} = {}", d.name.name, string(&d.path.value));
        }
        Item::Claim(c) => print_claim(out, c),
        Item::Lexicon(l) => {
            doc(out, &l.doc);
            let _ = writeln!(out, "lexicon {}: {}", l.name.name, strings(&l.phrases));
        }
        Item::Cue(c) => {
            doc(out, &c.doc);
            let effect = match &c.effect {
                CueEffect::Negates(_) => "negates",
                CueEffect::Modality(m) => m.name.as_str(),
            };
            let _ = writeln!(out, "cue {} => {effect}", c.lexicon.name);
        }
        Item::Anaphor(a) => {
            doc(out, &a.doc);
            let _ = write!(out, "anaphor {}: {}", strings(&a.phrases), a.target.name);
            if a.pair {
                out.push_str(" pair");
            }
            out.push('\n');
        }
        Item::Pattern(p) => {
            doc(out, &p.doc);
            let _ = writeln!(out, "pattern {}:", p.name.name);
            let _ = writeln!(out, "    {}", elements(&p.body));
            out.push_str("    => ");
            if p.head.negated {
                out.push_str("not ");
            }
            if let Some(m) = &p.head.modality {
                let _ = write!(out, "{} ", m.name);
            }
            let _ = writeln!(out, "{}", head_atom(&p.head.atom));
        }
        Item::Frame(f) => {
            doc(out, &f.doc);
            let _ = writeln!(out, "frame {}:", f.name.name);
            let _ = writeln!(out, "    {}", elements(&f.body));
            out.push_str("    => ");
            match &f.head.speaker {
                HeadSpeaker::Author(_) => out.push_str("author"),
                HeadSpeaker::Context(i) => {
                    let _ = write!(out, "@{}", i.name);
                }
                HeadSpeaker::Name(i) => out.push_str(&i.name),
            }
            if let Some(stance) = f.head.stance {
                out.push_str(stance_word(stance));
            }
            if let Some(m) = &f.head.modality {
                let _ = write!(out, " {}", m.name);
            }
            if f.head.stance.is_some() {
                out.push_str(" claim");
            }
            out.push('\n');
        }
    }
}

fn strings(v: &[StrLit]) -> String {
    v.iter()
        .map(|s| string(&s.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn stance_word(stance: StanceLit) -> &'static str {
    match stance {
        StanceLit::Asserts => " asserts",
        StanceLit::Negates => " asserts not",
        StanceLit::Denies => " denies",
    }
}

/// A pattern or frame body in source form: elements separated by spaces.
pub fn elements(seq: &[Element]) -> String {
    seq.iter().map(element).collect::<Vec<_>>().join(" ")
}

/// One body element in source form.
pub fn element(e: &Element) -> String {
    match e {
        Element::Word(w) => w.name.clone(),
        Element::Literal(s) => string(&s.value),
        Element::Group(g) => {
            let alts: Vec<String> = g.alternatives.iter().map(|a| elements(a)).collect();
            format!("({})", alts.join(" | "))
        }
        Element::Optional(inner, _) => format!("{}?", element(inner)),
        Element::Gap(g) if g.max == 5 => "...".to_string(),
        Element::Gap(g) => format!("..{}", g.max),
        Element::Slot(s) => {
            let names: Vec<&str> = s.names.iter().map(|n| n.name.as_str()).collect();
            format!(
                "{{{}: {}{}}}",
                names.join(", "),
                s.ty.name,
                if s.list { "+" } else { "" }
            )
        }
        Element::Claim(_) => "{claim}".to_string(),
        Element::Class(c) => format!("@{}", c.name),
    }
}

/// A head proposition in source form.
pub fn head_atom(a: &HeadAtom) -> String {
    let arg = |h: &HeadArg| match h {
        HeadArg::Term(t) => term(t),
        HeadArg::Context(i) => format!("@{}", i.name),
    };
    let args: Vec<String> = a.args.iter().map(arg).collect();
    let mut s = format!("{}({})", a.pred.name, args.join(", "));
    if let Some(o) = &a.output {
        let _ = write!(s, " = {}", arg(o));
    }
    s
}

fn print_entity(out: &mut String, e: &EntityDecl) {
    doc(out, &e.doc);
    let _ = write!(out, "entity {}: {}", e.name.name, e.ty.name);
    if let Some(d) = &e.display {
        let _ = write!(out, " {}", string(&d.value));
    }
    out.push('\n');
    let list = |v: &[StrLit]| {
        v.iter()
            .map(|s| string(&s.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !e.aliases.is_empty() {
        let _ = writeln!(out, "    aka {}", list(&e.aliases));
    }
    if !e.demonyms.is_empty() {
        let _ = writeln!(out, "    demonym {}", list(&e.demonyms));
    }
    for r in &e.relations {
        let _ = match r {
            EntityRelation::SpeaksFor(i) => writeln!(out, "    speaks_for {}", i.name),
            EntityRelation::PartOf(i) => writeln!(out, "    part_of {}", i.name),
            EntityRelation::LocatedIn(i) => writeln!(out, "    located_in {}", i.name),
            EntityRelation::Holds(h) => {
                let _ = write!(out, "    holds {}", h.role.name);
                if let Some(of) = &h.of {
                    let _ = write!(out, "({})", of.name);
                }
                if let Some(f) = &h.from {
                    let _ = write!(out, " from {}", f.value);
                }
                if let Some(u) = &h.until {
                    let _ = write!(out, " until {}", u.value);
                }
                writeln!(out)
            }
        };
    }
}

fn print_claim(out: &mut String, c: &ClaimDecl) {
    doc(out, &c.doc);
    let _ = write!(
        out,
        "claim in {} at {}",
        c.document.name,
        string(&c.quote.value)
    );
    if let Some(r) = &c.reporter {
        let _ = write!(out, " by {}", r.name);
    }
    out.push_str(":\n    ");
    match &c.speaker {
        SpeakerLit::Author(_) => out.push_str("author"),
        SpeakerLit::Entity(i) => out.push_str(&i.name),
    }
    out.push_str(stance_word(c.stance));
    if let Some(m) = &c.modality {
        let _ = write!(out, " {}", m.name);
    }
    let _ = write!(out, " {}", atom(&c.atom));
    if let Some(t) = &c.time {
        let _ = write!(out, " {}", time(t));
    }
    if let Some(r) = &c.reported {
        let _ = write!(out, " reported {}", r.value);
    }
    out.push('\n');
}

fn doc(out: &mut String, doc: &Doc) {
    if let Some(d) = doc {
        for line in d.split('\n') {
            if line.is_empty() {
                out.push_str("///\n");
            } else {
                let _ = writeln!(out, "/// {line}");
            }
        }
    }
}

/// A time clause: `on D` or `during I`.
fn time(t: &TimeLit) -> String {
    match t {
        TimeLit::Date(d) => format!("on {}", d.value),
        TimeLit::Interval(i) => match (i.value.from, i.value.until) {
            // `during 2023` covers the whole year: print it as written.
            (Some(a), Some(b)) if a == b => format!("during {a}"),
            _ => format!("during {}", interval(i)),
        },
    }
}

fn interval(i: &IntervalLit) -> String {
    let end = |d: Option<crate::value::Date>| d.map_or(String::new(), |d| d.to_string());
    format!("{}..{}", end(i.value.from), end(i.value.until))
}

fn body(lits: &[Literal]) -> String {
    let parts: Vec<String> = lits
        .iter()
        .map(|l| match l {
            Literal::Pos(a) => atom(a),
            Literal::Neg(a, _) => format!("not {}", atom(a)),
            Literal::Cmp(c) => format!("{} {} {}", term(&c.lhs), cmp_op(c.op), term(&c.rhs)),
        })
        .collect();
    parts.join(", ")
}

/// The source form of a comparison operator.
pub fn cmp_op(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "!=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
    }
}

/// `pred(args)` or `pred(args) = output`.
pub fn atom(a: &Atom) -> String {
    let args: Vec<String> = a.args.iter().map(term).collect();
    let mut s = format!("{}({})", a.pred.name, args.join(", "));
    if let Some(o) = &a.output {
        let _ = write!(s, " = {}", term(o));
    }
    s
}

/// The source form of a term.
pub fn term(t: &Term) -> String {
    match t {
        Term::Var(i) | Term::Name(i) => i.name.clone(),
        Term::Wildcard(_) => "_".to_string(),
        Term::Str(s) => string(&s.value),
        Term::Number(n) => n.value.to_string(),
        Term::Date(d) => d.value.to_string(),
        Term::Interval(i) => interval(i),
    }
}

/// A string literal with the escapes the parser reads.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
