//! Resolve-phase tests: direct assertions on programs built from syntax trees (so they do not
//! depend on the parser), and snapshot fixtures under `tests/resolve/{ok,err}` parsed from
//! `.claims` text.

use builder::B;
use claimcheck::diagnostic::Diagnostic;
use claimcheck::resolve::hir::{
    Atom, ConstraintKind, Literal, Method, Modality, Program, RuleInfo, RuleOrigin, Speaker,
    Stance, Term, Type, TypeId,
};
use claimcheck::resolve::relative_path;
use claimcheck::resolve::{find_quote, resolve_entity, resolve_program, resolve_proposition};
use claimcheck::source::{FileId, FileKind, SourceMap};
use claimcheck::syntax::ast::{self, CmpOp, StanceLit};
use claimcheck::syntax::parse_rule_file;
use claimcheck::value::{Date, Interval, Quantity, Value};
use std::path::{Path, PathBuf};

// ---- printing -----------------------------------------------------------------------------

fn term_text(program: &Program, vars: &[String], term: &Term) -> String {
    match term {
        Term::Var(v) => vars
            .get(v.0 as usize)
            .cloned()
            .unwrap_or_else(|| format!("?{}", v.0)),
        Term::Const(value) => program.value_text(value),
        Term::Wildcard => "_".to_string(),
    }
}

fn atom_text(program: &Program, vars: &[String], atom: &Atom) -> String {
    let info = program.pred(atom.pred);
    let args: Vec<String> = atom
        .args
        .iter()
        .map(|t| term_text(program, vars, t))
        .collect();
    match args.split_last() {
        Some((out, ins)) if info.functional => format!("{}({}) = {out}", info.name, ins.join(", ")),
        _ => format!("{}({})", info.name, args.join(", ")),
    }
}

fn literal_text(program: &Program, vars: &[String], lit: &Literal) -> String {
    match lit {
        Literal::Pos(a) => atom_text(program, vars, a),
        Literal::Neg(a) => format!("not {}", atom_text(program, vars, a)),
        Literal::Cmp { lhs, op, rhs, .. } => {
            let op = match op {
                CmpOp::Eq => "=",
                CmpOp::Ne => "!=",
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
            };
            format!(
                "{} {op} {}",
                term_text(program, vars, lhs),
                term_text(program, vars, rhs)
            )
        }
    }
}

fn body_text(program: &Program, vars: &[String], body: &[Literal]) -> String {
    body.iter()
        .map(|l| literal_text(program, vars, l))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rule_text(program: &Program, rule: &RuleInfo) -> String {
    format!(
        "{}: {} :- {}.",
        rule.name,
        atom_text(program, &rule.vars, &rule.head),
        body_text(program, &rule.vars, &rule.body)
    )
}

fn type_text(program: &Program, ty: Type) -> String {
    match ty {
        Type::Entity(t) => program.types[t.0 as usize].name.clone(),
        Type::Str => "string".into(),
        Type::Number => "number".into(),
        Type::Date => "date".into(),
        Type::Month => "month".into(),
        Type::Year => "year".into(),
        Type::Interval => "interval".into(),
    }
}

/// A compact, readable dump of a program (built-ins left out).
fn dump(program: &Program, sources: &SourceMap) -> String {
    let mut out = String::new();
    out.push_str("types:\n");
    for t in program.types.iter().skip(2) {
        let parent = t.parent.map_or("-".to_string(), |p| {
            program.types[p.0 as usize].name.clone()
        });
        out.push_str(&format!("  {}: {parent}\n", t.name));
    }
    out.push_str("entities:\n");
    for e in &program.entities {
        let mut line = format!(
            "  {}: {} {:?}",
            e.name, program.types[e.ty.0 as usize].name, e.display
        );
        if let Some(of) = e.role_of {
            line.push_str(&format!(" role_of {}", program.types[of.0 as usize].name));
        }
        for a in &e.aliases {
            line.push_str(&format!(" aka {a:?}"));
        }
        for d in &e.demonyms {
            line.push_str(&format!(" demonym {d:?}"));
        }
        for s in &e.speaks_for {
            line.push_str(&format!(" speaks_for {}", program.ent(*s).name));
        }
        for l in &e.located_in {
            line.push_str(&format!(" located_in {}", program.ent(*l).name));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("predicates:\n");
    for p in program.predicates.iter().skip(3) {
        let params: Vec<String> = p
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {}", type_text(program, *t)))
            .collect();
        let mut flags = Vec::new();
        for (on, name) in [
            (p.functional, "functional"),
            (p.symmetric, "symmetric"),
            (p.transitive, "transitive"),
            (p.one_way, "one_way"),
            (p.cumulative, "cumulative"),
        ] {
            if on {
                flags.push(name);
            }
        }
        out.push_str(format!("  {}({}) {}", p.name, params.join(", "), flags.join(" ")).trim_end());
        out.push('\n');
    }
    out.push_str("rules:\n");
    for r in &program.rules {
        out.push_str(&format!("  {}\n", rule_text(program, r)));
    }
    out.push_str("constraints:\n");
    for c in &program.constraints {
        out.push_str(&format!(
            "  {} [{:?}]: {}.\n",
            c.name,
            c.kind,
            body_text(program, &c.vars, &c.body)
        ));
    }
    out.push_str("axioms:\n");
    for a in &program.axioms {
        let args: Vec<String> = a.args.iter().map(|v| program.value_text(v)).collect();
        out.push_str(&format!(
            "  {}({})\n",
            program.pred(a.pred).name,
            args.join(", ")
        ));
    }
    out.push_str("documents:\n");
    for d in &program.documents {
        out.push_str(&format!("  {:?} = {}\n", d.name, sources.file(d.file).path));
    }
    out.push_str("statements:\n");
    for s in &program.statements {
        let speaker = match s.speaker {
            Speaker::Author => "author".to_string(),
            Speaker::Reference => "reference".to_string(),
            Speaker::Entity(e) => program.ent(e).name.clone(),
        };
        let mut line = format!(
            "  {speaker} {:?} {:?} {}",
            s.stance,
            s.modality,
            program.prop_text(&s.prop)
        );
        if let Some(Speaker::Entity(e)) = s.reporter {
            line.push_str(&format!(" by {}", program.ent(e).name));
        }
        if let Some(t) = s.time {
            line.push_str(&format!(" during {t}"));
        }
        if let Some(d) = s.reported {
            line.push_str(&format!(" reported {d}"));
        }
        if let Some(c) = &s.found_by.cite {
            line.push_str(&format!(" cite {c:?}"));
        }
        let file = sources.file(s.source.file);
        let (l, c) = file.line_col(s.source.start as usize);
        line.push_str(&format!(
            " @ {}:{l}:{c} {:?}",
            file.path,
            file.slice(s.source)
        ));
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// One line per diagnostic: `code file:line:col message [label] help`, plus related labels.
/// The order is kept: `resolve_program` sorts its diagnostics.
fn diag_lines(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let lines: Vec<String> = diags
        .iter()
        .map(|d| {
            let file = sources.file(d.span.file);
            let (l, c) = file.line_col(d.span.start as usize);
            let mut line = format!("{} {}:{l}:{c} {}", d.code, file.path, d.message);
            if let Some(label) = &d.label {
                line.push_str(&format!(" [{label}]"));
            }
            if let Some(help) = &d.help {
                line.push_str(&format!(" help: {help}"));
            }
            for r in &d.related {
                let rf = sources.file(r.span.file);
                let (rl, rc) = rf.line_col(r.span.start as usize);
                line.push_str(&format!(" (related {}:{rl}:{rc} {})", rf.path, r.message));
            }
            line
        })
        .collect();
    lines.join("\n")
}

// ---- runs over builder-made syntax trees ----------------------------------------------------

/// Rule files made with the builder, plus documents, resolved together.
struct Run {
    sources: SourceMap,
    files: Vec<(FileId, ast::RuleFile)>,
}

impl Run {
    fn new() -> Run {
        Run {
            sources: SourceMap::new(),
            files: Vec::new(),
        }
    }

    /// A builder for a new rule file; its text is blank, long enough for every span.
    fn file(&mut self, path: &str) -> B {
        B::new(self.sources.add(path, " ".repeat(50_000), FileKind::Rules))
    }

    fn items(&mut self, b: &B, items: Vec<ast::Item>) {
        self.files.push((b.file, ast::RuleFile { items }));
    }

    fn doc(&mut self, path: &str, text: &str) {
        self.sources.add(path, text, FileKind::Document);
    }

    fn resolve(&self) -> (Program, Vec<Diagnostic>) {
        resolve_program(&self.sources, &self.files)
    }

    /// Resolves and expects no diagnostics.
    fn ok(&self) -> Program {
        let (program, diags) = self.resolve();
        assert!(diags.is_empty(), "{}", diag_lines(&diags, &self.sources));
        program
    }

    /// Resolves and returns the diagnostics as lines.
    fn errors(&self) -> String {
        let (_, diags) = self.resolve();
        diag_lines(&diags, &self.sources)
    }
}

/// `type actor`, `type state: actor`, `type person: actor`, `type place`, entities
/// `russia`, `north_korea` (states), `putin`, `kim` (persons), `vladivostok` (place).
fn world(b: &mut B) -> Vec<ast::Item> {
    vec![
        b.ty("actor", None),
        b.ty("state", Some("actor")),
        b.ty("person", Some("actor")),
        b.ty("place", None),
        b.entity("russia", "state"),
        b.entity("north_korea", "state"),
        b.entity("putin", "person"),
        b.entity("kim", "person"),
        b.entity("vladivostok", "place"),
    ]
}

fn prop_texts(program: &Program) -> Vec<String> {
    program
        .statements
        .iter()
        .map(|s| program.prop_text(&s.prop))
        .collect()
}

#[test]
fn built_ins_come_first() {
    let run = Run::new();
    let program = run.ok();
    assert_eq!(program.types[0].name, "entity");
    assert_eq!(program.types[0].parent, None);
    assert_eq!(program.types[1].name, "role");
    assert_eq!(program.types[1].parent, Some(TypeId(0)));
    let names: Vec<&str> = program.predicates.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["located_in", "speaks_for", "holds"]);
    assert!(program.predicates[0].transitive);
    assert_eq!(
        program.predicates[2].params[1],
        ("role".to_string(), Type::Entity(TypeId(1)))
    );
    let rules: Vec<String> = program
        .rules
        .iter()
        .map(|r| rule_text(&program, r))
        .collect();
    assert_eq!(
        rules,
        ["transitive(located_in): located_in(A, C) :- located_in(A, B), located_in(B, C)."]
    );
    assert_eq!(program.rules[0].origin, RuleOrigin::Transitive);
}

#[test]
fn dates_and_numbers_are_coerced_to_the_parameter_type() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "summit",
        &[("a", "person"), ("b", "person"), ("year", "year")],
        Some("place"),
        &[],
    ));
    items.push(b.pred("in_month", &[("m", "month")], None, &[]));
    items.push(b.pred("during", &[("i", "interval")], None, &[]));
    items.push(b.pred("on", &[("d", "date")], None, &[]));
    let facts = vec![
        (
            b.name("kim"),
            b.name("putin"),
            b.date(2023, Some(9), Some(13)),
        ),
        (b.name("kim"), b.name("putin"), b.num(2019.0)),
    ];
    for (x, y, year) in facts {
        let out = b.name("vladivostok");
        let atom = b.atom_out("summit", vec![x, y, year], out);
        items.push(b.reference(false, atom, None));
    }
    let singles = vec![
        ("in_month", b.date(2023, Some(9), Some(13))),
        ("during", b.date(2023, Some(9), Some(13))),
        ("during", b.num(2023.0)),
        (
            "during",
            b.quantity(Quantity {
                upper: Some(2023.0),
                ..Quantity::exactly(2019.0)
            }),
        ),
        (
            "during",
            b.interval(Interval {
                from: None,
                until: Some(Date {
                    year: 2024,
                    month: Some(5),
                    day: None,
                }),
            }),
        ),
        ("on", b.num(2006.0)),
        ("on", b.date(2023, Some(9), None)),
    ];
    for (pred, term) in singles {
        let atom = b.atom(pred, vec![term]);
        items.push(b.reference(false, atom, None));
    }
    run.items(&b, items);
    let program = run.ok();
    assert_eq!(
        prop_texts(&program),
        [
            "summit(kim, putin, 2023) = vladivostok",
            "summit(kim, putin, 2019) = vladivostok",
            "in_month(2023-09)",
            "during(2023-09-13)",
            "during(2023)",
            "during(2019..2023)",
            "during(..2024-05)",
            "on(2006)",
            "on(2023-09)",
        ]
    );
    let year = Date {
        year: 2019,
        month: None,
        day: None,
    };
    assert_eq!(program.statements[1].prop.args[2], Value::Date(year));
    let range = Interval {
        from: Some(Date {
            year: 2019,
            month: None,
            day: None,
        }),
        until: Some(Date {
            year: 2023,
            month: None,
            day: None,
        }),
    };
    assert_eq!(program.statements[5].prop.args[0], Value::Interval(range));
}

#[test]
fn literals_of_the_wrong_type_are_mismatches() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "summit",
        &[("a", "person"), ("b", "person"), ("year", "year")],
        Some("place"),
        &[],
    ));
    let unit = b.quantity(Quantity {
        unit: Some("shell".into()),
        ..Quantity::exactly(2023.0)
    });
    let (x, y, out) = (b.name("kim"), b.name("russia"), b.num(5.0));
    let atom = b.atom_out("summit", vec![x, y, unit], out);
    items.push(b.reference(false, atom, None));
    run.items(&b, items);
    let errors = run.errors();
    assert!(
        errors.contains("claimcheck::resolve::type_mismatch a.claims:1:"),
        "{errors}"
    );
    assert!(
        errors.contains(
            "argument `b` of `summit` must be of type `person`, but `russia` is of type `state`"
        ),
        "{errors}"
    );
    assert!(errors.contains("argument `year` of `summit` must be of type `year`, but `2023 shell` is of type `number`"), "{errors}");
    assert!(
        errors.contains(
            "the output of `summit` must be of type `place`, but `5` is of type `number`"
        ),
        "{errors}"
    );
    assert_eq!(errors.lines().count(), 3, "{errors}");
}

#[test]
fn entity_arguments_may_be_subtypes() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred("speaks", &[("who", "actor")], None, &[]));
    for name in ["russia", "kim"] {
        let t = b.name(name);
        let atom = b.atom("speaks", vec![t]);
        items.push(b.reference(false, atom, None));
    }
    run.items(&b, items);
    let program = run.ok();
    assert_eq!(prop_texts(&program), ["speaks(russia)", "speaks(kim)"]);
}

#[test]
fn properties_generate_rules_and_constraints() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "met",
        &[("a", "person"), ("b", "person"), ("year", "year")],
        Some("place"),
        &["symmetric"],
    ));
    items.push(b.pred(
        "allied",
        &[("a", "state"), ("b", "state")],
        None,
        &["transitive", "symmetric"],
    ));
    items.push(b.pred(
        "buys",
        &[("buyer", "state"), ("seller", "state"), ("what", "string")],
        None,
        &["one_way"],
    ));
    items.push(b.pred("total", &[("s", "state")], Some("number"), &["cumulative"]));
    run.items(&b, items);
    let program = run.ok();
    let rules: Vec<String> = program
        .rules
        .iter()
        .map(|r| rule_text(&program, r))
        .collect();
    assert_eq!(
        rules,
        [
            "transitive(located_in): located_in(A, C) :- located_in(A, B), located_in(B, C).",
            "symmetric(met): met(B, A, R1) = R2 :- met(A, B, R1) = R2.",
            "symmetric(allied): allied(B, A) :- allied(A, B).",
            "transitive(allied): allied(A, C) :- allied(A, B), allied(B, C).",
        ]
    );
    assert_eq!(program.rules[1].origin, RuleOrigin::Symmetric);
    assert_eq!(
        program.rules[1].span,
        program.pred(program.predicate("met").unwrap()).span
    );
    let c = &program.constraints[0];
    assert_eq!(c.name, "one_way(buys)");
    assert_eq!(c.kind, ConstraintKind::OneWay);
    assert_eq!(
        body_text(&program, &c.vars, &c.body),
        "buys(A, B, R1), buys(B, A, R1), A != B"
    );
    assert!(program.pred(program.predicate("total").unwrap()).cumulative);
}

#[test]
fn properties_need_fitting_parameters() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "visits",
        &[("a", "person"), ("b", "place")],
        None,
        &["symmetric", "transitiv"],
    ));
    items.push(b.pred("total", &[("s", "state")], Some("string"), &["cumulative"]));
    items.push(b.pred("one", &[("s", "state")], None, &["one_way"]));
    run.items(&b, items);
    let errors = run.errors();
    assert!(errors.contains("predicate `visits` cannot be `symmetric`: its first two parameters must have the same type"), "{errors}");
    assert!(errors.contains("unknown predicate property `transitiv` [not a property] help: did you mean `transitive`?"), "{errors}");
    assert!(
        errors.contains("predicate `total` cannot be `cumulative`: it needs a number output"),
        "{errors}"
    );
    assert!(
        errors.contains("predicate `one` cannot be `one_way`"),
        "{errors}"
    );
    assert_eq!(errors.lines().count(), 4, "{errors}");
}

#[test]
fn rules_number_and_type_their_variables() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "transfers_arms",
        &[("from", "state"), ("to", "state"), ("item", "string")],
        None,
        &[],
    ));
    items.push(b.pred("violates", &[("s", "state"), ("r", "string")], None, &[]));
    let (bv, s) = (b.var("B"), b.s("un_sanctions"));
    let head = b.atom("violates", vec![bv, ast::Term::Str(s)]);
    let (nk, bv2, w) = (b.name("north_korea"), b.var("B"), b.wild());
    let body = b.atom("transfers_arms", vec![nk, bv2, w]);
    let (bv3, r) = (b.var("B"), b.name("russia"));
    let ne = b.cmp(bv3, CmpOp::Ne, r);
    items.push(b.rule("embargo", head, vec![ast::Literal::Pos(body), ne]));
    run.items(&b, items);
    let program = run.ok();
    let rule = program.rules.last().unwrap();
    assert_eq!(rule.vars, ["B"]);
    assert_eq!(rule.origin, RuleOrigin::User);
    assert_eq!(
        rule_text(&program, rule),
        "embargo: violates(B, \"un_sanctions\") :- transfers_arms(north_korea, B, _), B != russia."
    );
    let Literal::Pos(atom) = &rule.body[0] else {
        panic!("not an atom")
    };
    assert_eq!(atom.arg_spans.len(), 3);
    assert!(atom.arg_spans.iter().all(|s| !s.is_empty()));
}

#[test]
fn a_variable_used_at_two_types_is_a_mismatch() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred("leads", &[("p", "person"), ("s", "state")], None, &[]));
    items.push(b.pred("big", &[("s", "state")], None, &[]));
    items.push(b.pred("old", &[("a", "actor")], None, &[]));
    // big(X) :- leads(X, S), old(X)? X is a person, then a state: mismatch. old(S) is fine
    // (a state is an actor).
    let x = b.var("X");
    let head = b.atom("big", vec![x]);
    let (x, s) = (b.var("X"), b.var("S"));
    let leads = b.atom("leads", vec![x, s]);
    let s = b.var("S");
    let old = b.atom("old", vec![s]);
    items.push(b.rule(
        "r",
        head,
        vec![ast::Literal::Pos(leads), ast::Literal::Pos(old)],
    ));
    run.items(&b, items);
    let (_, diags) = run.resolve();
    assert_eq!(diags.len(), 1, "{}", diag_lines(&diags, &run.sources));
    let d = &diags[0];
    assert_eq!(d.code, "claimcheck::resolve::type_mismatch");
    assert_eq!(
        d.message,
        "argument `s` of `big` must be of type `state`, but variable `X` is of type `person`"
    );
    assert_eq!(d.related.len(), 1);
    assert_eq!(d.related[0].message, "gets type `person` here");
    assert!(
        d.related[0].span.start > d.span.start,
        "the first use is in the body, after the head"
    );
}

#[test]
fn comparisons_coerce_literals_and_check_order() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred("visit", &[("p", "person"), ("y", "year")], None, &[]));
    items.push(b.pred("recent", &[("p", "person")], None, &[]));
    let p = b.var("P");
    let head = b.atom("recent", vec![p]);
    let (p, y) = (b.var("P"), b.var("Y"));
    let visit = b.atom("visit", vec![p, y]);
    let (y, d) = (b.var("Y"), b.date(2020, Some(5), Some(1)));
    let ge = b.cmp(y, CmpOp::Ge, d);
    items.push(b.rule("ok", head, vec![ast::Literal::Pos(visit), ge]));
    let p = b.var("P");
    let head = b.atom("recent", vec![p]);
    let (p, y) = (b.var("P"), b.var("Y"));
    let visit = b.atom("visit", vec![p, y]);
    let (p, r) = (b.var("P"), b.name("russia"));
    let lt = b.cmp(p, CmpOp::Lt, r);
    let (y, s) = (b.var("Y"), b.s("x"));
    let eq = b.cmp(y, CmpOp::Eq, ast::Term::Str(s));
    let (w, n) = (b.wild(), b.num(3.0));
    let wild = b.cmp(w, CmpOp::Gt, n);
    items.push(b.rule("bad", head, vec![ast::Literal::Pos(visit), lt, eq, wild]));
    run.items(&b, items);
    let (program, diags) = run.resolve();
    let ok = program.rules.iter().find(|r| r.name == "ok").unwrap();
    assert_eq!(
        rule_text(&program, ok),
        "ok: recent(P) :- visit(P, Y), Y >= 2020."
    );
    let lines = diag_lines(&diags, &run.sources);
    assert!(
        lines
            .contains("cannot compare variable `P` of type `person` with `russia` of type `state`"),
        "{lines}"
    );
    assert!(
        lines.contains("cannot compare variable `Y` of type `year` with `\"x\"` of type `string`"),
        "{lines}"
    );
    assert!(
        lines.contains("claimcheck::resolve::wildcard_comparison"),
        "{lines}"
    );
    assert_eq!(diags.len(), 3, "{lines}");
}

#[test]
fn ordering_needs_numbers_or_dates() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred("leads", &[("p", "person"), ("s", "state")], None, &[]));
    let (p, s) = (b.var("P"), b.var("S"));
    let leads = b.atom("leads", vec![p, s]);
    let (p, k) = (b.var("P"), b.name("kim"));
    let lt = b.cmp(p, CmpOp::Lt, k);
    items.push(b.constraint("c", vec![ast::Literal::Pos(leads), lt]));
    run.items(&b, items);
    let errors = run.errors();
    assert!(
        errors.contains("`<` needs numbers or dates, but variable `P` is of type `person`"),
        "{errors}"
    );
}

#[test]
fn arity_and_outputs_are_checked() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "summit",
        &[("a", "person"), ("b", "person"), ("year", "year")],
        Some("place"),
        &[],
    ));
    items.push(b.pred("allied", &[("a", "state"), ("b", "state")], None, &[]));
    let (k, p, y) = (b.name("kim"), b.name("putin"), b.num(2023.0));
    let no_out = b.atom("summit", vec![k, p, y]);
    items.push(b.reference(false, no_out, None));
    let (r, n, o) = (b.name("russia"), b.name("north_korea"), b.name("kim"));
    let out = b.atom_out("allied", vec![r, n], o);
    items.push(b.reference(false, out, None));
    let r = b.name("russia");
    let short = b.atom("allied", vec![r]);
    items.push(b.reference(false, short, None));
    run.items(&b, items);
    let errors = run.errors();
    assert!(errors.contains("`summit` is functional: its output must be given with `= …` [output missing] help: declared as `summit(a: person, b: person, year: year) -> place`"), "{errors}");
    assert!(errors.contains("`allied` is not functional and takes no `= …` output [unexpected output] help: declared as `allied(a: state, b: state)`"), "{errors}");
    assert!(
        errors.contains("`allied` takes 2 arguments, found 1"),
        "{errors}"
    );
    assert!(
        errors
            .lines()
            .all(|l| l.starts_with("claimcheck::resolve::arity_mismatch")),
        "{errors}"
    );
}

#[test]
fn exclusive_groups_share_variables_by_name() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "complies_with",
        &[("s", "state"), ("r", "string")],
        None,
        &[],
    ));
    items.push(b.pred("violates", &[("s", "state"), ("r", "string")], None, &[]));
    let (s1, r1, s2, r2) = (b.var("S"), b.var("R"), b.var("S"), b.var("R"));
    let a1 = b.atom("complies_with", vec![s1, r1]);
    let a2 = b.atom("violates", vec![s2, r2]);
    items.push(b.exclusive(None, vec![a1.clone(), a2.clone()]));
    items.push(b.exclusive(Some("named"), vec![a1, a2]));
    run.items(&b, items);
    let program = run.ok();
    let c = &program.constraints[0];
    assert_eq!(c.name, "exclusive(complies_with, violates)");
    assert_eq!(c.kind, ConstraintKind::Exclusive);
    assert_eq!(c.vars, ["S", "R"]);
    assert_eq!(
        body_text(&program, &c.vars, &c.body),
        "complies_with(S, R), violates(S, R)"
    );
    assert_eq!(program.constraints[1].name, "named");
}

#[test]
fn type_cycles_are_reported_once_and_broken() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let items = vec![
        b.ty("a", Some("b")),
        b.ty("b", Some("c")),
        b.ty("c", Some("a")),
        b.ty("d", Some("a")),
        b.ty("e", Some("e")),
        b.entity("x", "d"),
    ];
    run.items(&b, items);
    let (program, diags) = run.resolve();
    let lines = diag_lines(&diags, &run.sources);
    assert_eq!(diags.len(), 2, "{lines}");
    assert!(
        lines.contains(
            "type `a` is its own supertype [cycle] help: the cycle: `a` → `b` → `c` → `a`"
        ),
        "{lines}"
    );
    assert!(
        lines.contains("type `e` is its own supertype [cycle] help: the cycle: `e` → `e`"),
        "{lines}"
    );
    let x = program.ent(program.entity("x").unwrap());
    assert!(program.is_subtype(x.ty, TypeId(0)));
}

#[test]
fn duplicates_point_at_the_first_definition_in_another_file() {
    let mut run = Run::new();
    let mut a = run.file("<default>/a.claims");
    let items = world(&mut a);
    run.items(&a, items);
    let mut b = run.file("user.claims");
    let items = vec![
        b.entity("russia", "state"),
        b.ty("state", None),
        b.ty("date", None),
        b.pred("located_in", &[("a", "entity")], None, &[]),
        b.role("putin", None),
    ];
    run.items(&b, items);
    let (program, diags) = run.resolve();
    let lines = diag_lines(&diags, &run.sources);
    assert_eq!(diags.len(), 5, "{lines}");
    assert!(
        lines.contains("claimcheck::resolve::duplicate_definition user.claims:1:"),
        "{lines}"
    );
    assert!(lines.contains("entity `russia` is defined more than once [defined again here] (related <default>/a.claims:1:"), "{lines}");
    assert!(
        lines.contains(
            "type `date` is defined more than once [defined again here] help: `date` is built in"
        ),
        "{lines}"
    );
    assert!(lines.contains("predicate `located_in` is defined more than once [defined again here] help: `located_in` is built in"), "{lines}");
    assert_eq!(
        program
            .entities
            .iter()
            .filter(|e| e.name == "russia")
            .count(),
        1
    );
    // The first definition wins.
    let putin = program.ent(program.entity("putin").unwrap());
    assert_eq!(program.types[putin.ty.0 as usize].name, "person");
}

#[test]
fn unknown_names_get_suggestions() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.entity("moscow", "plac"));
    items.push(b.pred("allied", &[("a", "stat"), ("b", "state")], None, &[]));
    let (r, n) = (b.name("russa"), b.name("north_korea"));
    let atom = b.atom("alied", vec![r, n]);
    items.push(b.reference(false, atom, None));
    let (r, n) = (b.name("russa"), b.name("north_korea"));
    let atom = b.atom("allied", vec![r, n]);
    items.push(b.reference(false, atom, None));
    run.items(&b, items);
    let errors = run.errors();
    assert!(
        errors.contains("claimcheck::resolve::unknown_type a.claims:1:"),
        "{errors}"
    );
    assert!(
        errors.contains("unknown type `plac` [not declared] help: did you mean `place`?"),
        "{errors}"
    );
    assert!(
        errors.contains("unknown type `stat` [not declared] help: did you mean `state`?"),
        "{errors}"
    );
    assert!(
        errors.contains("unknown predicate `alied` [not declared] help: did you mean `allied`?"),
        "{errors}"
    );
    assert!(
        errors.contains("unknown entity `russa` [not declared] help: did you mean `russia`?"),
        "{errors}"
    );
    assert_eq!(errors.lines().count(), 4, "{errors}");
}

#[test]
fn entity_clauses_become_axioms_and_role_statements() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.role("defence_minister", Some("state")));
    items.push(b.role("pope", None));
    let mut shoigu = b.entity_decl("shoigu", "person");
    shoigu.display = Some(b.s("Sergei Shoigu"));
    shoigu.aliases.push(b.s("Shoigu"));
    shoigu
        .relations
        .push(ast::EntityRelation::SpeaksFor(b.id("russia")));
    shoigu
        .relations
        .push(ast::EntityRelation::LocatedIn(b.id("vladivostok")));
    let holding = ast::RoleHolding {
        role: b.id("defence_minister"),
        of: Some(b.id("russia")),
        from: Some(b.date_lit(2012, Some(11), Some(6))),
        until: Some(b.date_lit(2024, Some(5), Some(12))),
        span: b.sp(),
    };
    let holding_span = holding.span;
    shoigu.relations.push(ast::EntityRelation::Holds(holding));
    let pope = ast::RoleHolding {
        role: b.id("pope"),
        of: None,
        from: None,
        until: None,
        span: b.sp(),
    };
    shoigu.relations.push(ast::EntityRelation::Holds(pope));
    items.push(ast::Item::Entity(shoigu));
    run.items(&b, items);
    let program = run.ok();
    let id = program.entity("shoigu").unwrap();
    let e = program.ent(id);
    assert_eq!(e.display, "Sergei Shoigu");
    assert_eq!(e.aliases, ["Shoigu"]);
    assert_eq!(e.speaks_for, [program.entity("russia").unwrap()]);
    assert_eq!(e.located_in, [program.entity("vladivostok").unwrap()]);
    let dm = program.ent(program.entity("defence_minister").unwrap());
    assert_eq!(dm.ty, TypeId(1));
    assert_eq!(dm.display, "defence_minister");
    assert_eq!(program.types[dm.role_of.unwrap().0 as usize].name, "state");
    let axioms: Vec<String> = program
        .axioms
        .iter()
        .map(|a| {
            program.prop_text(&claimcheck::resolve::hir::Proposition {
                pred: a.pred,
                args: a.args.clone().into(),
            })
        })
        .collect();
    assert_eq!(
        axioms,
        [
            "speaks_for(shoigu, russia)",
            "located_in(shoigu, vladivostok)"
        ]
    );
    assert_eq!(
        prop_texts(&program),
        [
            "holds(shoigu, defence_minister, russia)",
            "holds(shoigu, pope, pope)"
        ]
    );
    let s = &program.statements[0];
    assert_eq!(s.speaker, Speaker::Reference);
    assert_eq!(s.stance, Stance::Asserts);
    assert_eq!(s.modality, Modality::Fact);
    assert_eq!(s.source, holding_span);
    assert_eq!(s.found_by.method, Method::Reference);
    assert_eq!(s.found_by.declared_at, Some(holding_span));
    assert_eq!(s.time.unwrap().to_string(), "2012-11-06..2024-05-12");
    assert_eq!(program.statements[1].time, None);
}

#[test]
fn role_holdings_are_checked() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.role("defence_minister", Some("state")));
    items.push(b.role("pope", None));
    let mut kim = b.entity_decl("kim2", "person");
    let cases = [
        ("defence_minister", Some("vladivostok")),
        ("defence_minister", None),
        ("pope", Some("russia")),
        ("russia", None),
        ("defense_minister", Some("russia")),
    ];
    for (role, of) in cases {
        let holding = ast::RoleHolding {
            role: b.id(role),
            of: of.map(|o| b.id(o)),
            from: None,
            until: None,
            span: b.sp(),
        };
        kim.relations.push(ast::EntityRelation::Holds(holding));
    }
    items.push(ast::Item::Entity(kim));
    run.items(&b, items);
    let (program, diags) = run.resolve();
    let lines = diag_lines(&diags, &run.sources);
    assert!(program.statements.is_empty());
    assert!(lines.contains("the entity `defence_minister` is held in must be of type `state`, but `vladivostok` is of type `place`"), "{lines}");
    assert!(
        lines.contains(
            "role `defence_minister` is held in an entity of type `state`, but none is given"
        ),
        "{lines}"
    );
    assert!(
        lines.contains("role `pope` is not held in any entity"),
        "{lines}"
    );
    assert!(
        lines.contains("`russia` is not a role: it is of type `state`"),
        "{lines}"
    );
    assert!(
        lines.contains(
            "unknown role `defense_minister` [not declared] help: did you mean `defence_minister`?"
        ),
        "{lines}"
    );
    assert_eq!(diags.len(), 5, "{lines}");
}

#[test]
fn references_must_be_ground() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred("allied", &[("a", "state"), ("b", "state")], None, &[]));
    let (x, w) = (b.var("X"), b.wild());
    let atom = b.atom("allied", vec![x, w]);
    items.push(b.reference(false, atom, None));
    let (r, n) = (b.name("russia"), b.name("north_korea"));
    let atom = b.atom("allied", vec![r, n]);
    let time = ast::TimeLit::Date(b.date_lit(2023, Some(9), None));
    items.push(b.reference(true, atom, Some(time)));
    run.items(&b, items);
    let (program, diags) = run.resolve();
    let lines = diag_lines(&diags, &run.sources);
    assert!(
        lines.contains("claimcheck::resolve::not_ground a.claims:1:"),
        "{lines}"
    );
    assert!(
        lines.contains("reference facts must be ground, but variable `X` is not"),
        "{lines}"
    );
    assert!(
        lines.contains("reference facts must be ground, but the wildcard `_` is not"),
        "{lines}"
    );
    assert_eq!(diags.len(), 2, "{lines}");
    assert_eq!(program.statements.len(), 1);
    let s = &program.statements[0];
    assert_eq!(s.stance, Stance::Negates);
    assert_eq!(s.time.unwrap().to_string(), "2023-09");
    assert_eq!(s.found_by.cite.as_deref(), Some("https://example.org"));
    assert_eq!(s.found_by.method, Method::Reference);
}

const SEED: &str = "Intro.\nPutin denied that any such agreement was made and said that Moscow fully \
complied with the UN sanctions on North Korea\u{2019}s nuclear and missile programs.\n";

fn claim_run(quote: &str) -> (Run, ast::ClaimDecl) {
    let mut run = Run::new();
    run.doc("docs/seed.txt", SEED);
    let mut b = run.file("docs/../rules/../docs/a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "complies_with",
        &[("s", "state"), ("r", "string")],
        None,
        &[],
    ));
    items.push(b.document("seed", "seed.txt"));
    let (m, s) = (b.name("russia"), b.s("un_sanctions"));
    let atom = b.atom("complies_with", vec![m, ast::Term::Str(s)]);
    let claim = b.claim("seed", quote, Some("putin"), StanceLit::Asserts, atom);
    items.push(ast::Item::Claim(claim.clone()));
    run.items(&b, items);
    (run, claim)
}

#[test]
fn claims_locate_their_quote_with_tolerance() {
    let (run, claim) =
        claim_run("Moscow fully complied with the UN sanctions on North Korea's nuclear");
    let program = run.ok();
    assert_eq!(program.documents.len(), 1);
    assert_eq!(program.documents[0].name.as_deref(), Some("seed"));
    let s = &program.statements[0];
    let doc = run.sources.find("docs/seed.txt").unwrap();
    assert_eq!(s.source.file, doc);
    assert_eq!(
        run.sources.slice(s.source),
        "Moscow fully complied with the UN sanctions on North Korea\u{2019}s nuclear"
    );
    assert_eq!(s.speaker, Speaker::Entity(program.entity("putin").unwrap()));
    assert_eq!(s.stance, Stance::Asserts);
    assert_eq!(s.modality, Modality::Fact);
    assert_eq!(s.found_by.method, Method::Hand);
    assert_eq!(s.found_by.declared_at, Some(claim.span));
}

#[test]
fn a_missing_quote_shows_the_nearest_text() {
    let (run, claim) = claim_run("Putin denied that any agreement had been made");
    let (program, diags) = run.resolve();
    assert!(program.statements.is_empty());
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d.code, "claimcheck::resolve::quote_not_found");
    assert_eq!(d.span, claim.quote.span);
    assert_eq!(d.message, "the quote was not found in document `seed`");
    let help = d.help.as_deref().unwrap();
    assert!(
        help.starts_with("nearest: `Putin denied that any such agreement"),
        "{help}"
    );
}

#[test]
fn claims_check_documents_modalities_and_speakers() {
    let mut run = Run::new();
    run.doc("seed.txt", SEED);
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "complies_with",
        &[("s", "state"), ("r", "string")],
        None,
        &[],
    ));
    items.push(b.document("seed", "seed.txt"));
    items.push(b.document("seed", "seed.txt"));
    items.push(b.document("other", "seed.txt"));
    items.push(b.document("gone", "missing.txt"));
    let mut claims = Vec::new();
    for (doc, speaker, modality) in [
        ("sed", Some("putin"), None),
        ("seed", Some("putn"), Some("hedge")),
        ("other", None, Some("hedged")),
        ("gone", None, None),
    ] {
        let (m, w) = (b.name("russia"), b.wild());
        let atom = b.atom("complies_with", vec![m, w]);
        let mut claim = b.claim(doc, "Intro.", speaker, StanceLit::Denies, atom);
        claim.modality = modality.map(|m| b.id(m));
        claim.reporter = Some(b.id("kim"));
        claims.push(ast::Item::Claim(claim));
    }
    items.extend(claims);
    run.items(&b, items);
    let (program, diags) = run.resolve();
    let lines = diag_lines(&diags, &run.sources);
    assert!(
        lines.contains("unknown document `sed` [not declared] help: did you mean `seed`?"),
        "{lines}"
    );
    assert!(
        lines.contains("unknown entity `putn` [not declared] help: did you mean `putin`?"),
        "{lines}"
    );
    assert!(
        lines.contains("unknown modality `hedge` [not a modality] help: did you mean `hedged`?"),
        "{lines}"
    );
    assert!(
        lines.contains("document `seed` is defined more than once"),
        "{lines}"
    );
    assert!(
        lines.contains("claimcheck::resolve::document_not_found a.claims:1:"),
        "{lines}"
    );
    assert!(
        lines.contains("document file `missing.txt` was not found"),
        "{lines}"
    );
    assert_eq!(diags.len(), 5, "{lines}");
    // `other` names the same file as `seed`: one document, the first name kept.
    assert_eq!(program.documents.len(), 1);
    assert_eq!(program.documents[0].name.as_deref(), Some("seed"));
    assert_eq!(program.statements.len(), 1);
    let s = &program.statements[0];
    assert_eq!(s.speaker, Speaker::Author);
    assert_eq!(
        s.reporter,
        Some(Speaker::Entity(program.entity("kim").unwrap()))
    );
    assert_eq!(s.stance, Stance::Denies);
    assert_eq!(s.modality, Modality::Hedged);
    assert_eq!(s.prop.args[1], Value::Unknown);
}

#[test]
fn outside_propositions_and_speakers_resolve_against_the_program() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred(
        "summit",
        &[("a", "person"), ("b", "person"), ("year", "year")],
        Some("place"),
        &[],
    ));
    run.items(&b, items);
    let program = run.ok();
    let mut s = B::new(FileId(0));
    let (k, p, y, w) = (
        s.name("kim"),
        s.name("putin"),
        s.date(2023, Some(9), Some(13)),
        s.wild(),
    );
    let atom = s.atom_out("summit", vec![k, p, y], w);
    let prop = resolve_proposition(&program, &atom).unwrap();
    assert_eq!(program.prop_text(&prop), "summit(kim, putin, 2023) = _");
    let (k, x, y, w) = (s.name("kim"), s.var("X"), s.name("putin"), s.wild());
    let atom = s.atom_out("summit", vec![k, x, y], w);
    let errors = resolve_proposition(&program, &atom).unwrap_err();
    let codes: Vec<&str> = errors.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "claimcheck::resolve::not_ground",
            "claimcheck::resolve::type_mismatch"
        ]
    );
    assert_eq!(
        errors[0].message,
        "statements must be ground, but variable `X` is not"
    );
    let putin = s.id("putin");
    assert_eq!(
        resolve_entity(&program, &putin),
        Ok(program.entity("putin").unwrap())
    );
    let author = s.id("author");
    let err = resolve_entity(&program, &author).unwrap_err();
    assert_eq!(err.code, "claimcheck::resolve::unknown_entity");
}

#[test]
fn every_error_is_collected() {
    let mut run = Run::new();
    let mut b = run.file("a.claims");
    let mut items = world(&mut b);
    items.push(b.pred("p", &[("a", "stat")], None, &[]));
    let x = b.var("X");
    let head = b.atom("q", vec![x]);
    let (x, y) = (b.var("X"), b.name("nobody"));
    let body = b.atom("p", vec![x, y]);
    items.push(b.rule("r", head.clone(), vec![ast::Literal::Pos(body)]));
    // The same head again: its error is the same diagnostic, reported once.
    items.push(b.rule("r", head, vec![]));
    run.items(&b, items);
    let (program, diags) = run.resolve();
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "claimcheck::resolve::unknown_type",
            "claimcheck::resolve::unknown_predicate",
            "claimcheck::resolve::arity_mismatch",
            "claimcheck::resolve::duplicate_definition",
        ],
        "{}",
        diag_lines(&diags, &run.sources)
    );
    assert_eq!(program.rules.len(), 1, "only the generated located_in rule");
}

#[test]
fn quotes_are_found_exactly_or_tolerantly() {
    let text = "He said \u{201C}we will never\u{201D} \u{2014} twice.\n\nThen  he   left.";
    let r = find_quote(text, "said \"we will never\" - twice").unwrap();
    assert_eq!(
        &text[r],
        "said \u{201C}we will never\u{201D} \u{2014} twice"
    );
    let r = find_quote(text, "Then he left").unwrap();
    assert_eq!(&text[r], "Then  he   left");
    let r = find_quote(text, "twice.\n\nThen").unwrap();
    assert_eq!(&text[r], "twice.\n\nThen");
    assert!(find_quote(text, "then he left").is_err());
}

// ---- fixtures parsed from `.claims` text ---------------------------------------------------

/// The fixture folder; paths in the source map are relative to it (`ok/x.claims`).
fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/resolve")
}

/// Loads a fixture as the caller of `resolve_program` would: the files it imports first, then
/// itself, with every document its `document` items name.
fn load(root: &Path, rel: &str, sources: &mut SourceMap, files: &mut Vec<(FileId, ast::RuleFile)>) {
    if sources.find(rel).is_some() {
        return;
    }
    let text = std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let id = sources.add(rel, text.as_str(), FileKind::Rules);
    let parsed = parse_rule_file(id, &text).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    for item in &parsed.items {
        match item {
            ast::Item::Import(i) => load(root, &relative_path(rel, &i.path.value), sources, files),
            ast::Item::Document(d) => {
                let path = relative_path(rel, &d.path.value);
                if sources.find(&path).is_none()
                    && let Ok(doc) = std::fs::read_to_string(root.join(&path))
                {
                    sources.add(path, doc, FileKind::Document);
                }
            }
            _ => {}
        }
    }
    files.push((id, parsed));
}

fn load_fixture(path: &Path) -> (SourceMap, Vec<(FileId, ast::RuleFile)>) {
    let root = fixture_root();
    let rel = path
        .strip_prefix(&root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let mut sources = SourceMap::new();
    let mut files = Vec::new();
    load(&root, &rel, &mut sources, &mut files);
    (sources, files)
}

#[test]
fn ok_fixtures() {
    insta::with_settings!({ snapshot_path => "resolve/snapshots", prepend_module_to_snapshot => false }, {
        insta::glob!("resolve/ok/*.claims", |path| {
            let (sources, files) = load_fixture(path);
            let (program, diags) = resolve_program(&sources, &files);
            assert!(diags.is_empty(), "{}: {}", path.display(), diag_lines(&diags, &sources));
            insta::assert_snapshot!(dump(&program, &sources));
        });
    });
}

#[test]
fn err_fixtures() {
    insta::with_settings!({ snapshot_path => "resolve/snapshots", prepend_module_to_snapshot => false }, {
        insta::glob!("resolve/err/*.claims", |path| {
            let (sources, files) = load_fixture(path);
            let (_, diags) = resolve_program(&sources, &files);
            assert!(!diags.is_empty(), "{}: no diagnostics", path.display());
            insta::assert_snapshot!(diag_lines(&diags, &sources));
        });
    });
}

// ---- quote search properties ----------------------------------------------------------------

/// The folding `find_quote` promises to tolerate, written independently of it.
fn fold(s: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        match c {
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            '\u{2013}' | '\u{2014}' => out.push('-'),
            _ => out.push(c),
        }
    }
    out
}

proptest::proptest! {
    #[test]
    fn a_folded_passage_is_found_at_its_place(
        chars in proptest::collection::vec(proptest::sample::select(vec![
            'a', 'b', 'K', 'é', ' ', ' ', '\n', '\t', '\'', '\u{2019}', '"', '\u{201C}', '-', '\u{2014}', '.',
        ]), 1..80),
        start in 0usize..80,
        len in 1usize..40,
    ) {
        let text: String = chars.iter().collect();
        let start = start % chars.len();
        let end = (start + len).min(chars.len());
        let passage: String = chars[start..end].iter().collect();
        proptest::prop_assume!(!passage.trim().is_empty());
        let quote = fold(&passage);
        let found = find_quote(&text, &quote);
        proptest::prop_assert!(found.is_ok(), "{text:?} {quote:?}");
        let r = found.unwrap_or(0..0);
        proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        proptest::prop_assert_eq!(fold(&text[r]), quote);
    }

    #[test]
    fn any_quote_gets_an_answer_on_char_boundaries(text in "\\PC{0,120}", quote in "\\PC{0,40}") {
        let r = match find_quote(&text, &quote) {
            Ok(r) => r,
            Err(nearest) => nearest.unwrap_or(0..0),
        };
        proptest::prop_assert!(r.start <= r.end && r.end <= text.len());
        proptest::prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
}

mod builder {
    //! A small builder of syntax trees for resolve tests that must not depend on the parser. Every
    //! node gets a fresh span, as a parser would give it.

    use claimcheck::source::{FileId, Span};
    use claimcheck::syntax::ast::*;
    use claimcheck::value::{Date, Interval, Quantity};

    pub struct B {
        pub file: FileId,
        pos: u32,
    }

    impl B {
        pub fn new(file: FileId) -> B {
            B { file, pos: 0 }
        }

        pub fn sp(&mut self) -> Span {
            self.pos += 10;
            Span {
                file: self.file,
                start: self.pos,
                end: self.pos + 5,
            }
        }

        pub fn id(&mut self, name: &str) -> Ident {
            Ident {
                name: name.to_string(),
                span: self.sp(),
            }
        }

        pub fn s(&mut self, value: &str) -> StrLit {
            StrLit {
                value: value.to_string(),
                span: self.sp(),
            }
        }

        pub fn var(&mut self, name: &str) -> Term {
            Term::Var(self.id(name))
        }

        pub fn name(&mut self, name: &str) -> Term {
            Term::Name(self.id(name))
        }

        pub fn wild(&mut self) -> Term {
            Term::Wildcard(self.sp())
        }

        pub fn num(&mut self, value: f64) -> Term {
            self.quantity(Quantity::exactly(value))
        }

        pub fn quantity(&mut self, value: Quantity) -> Term {
            Term::Number(NumberLit {
                value,
                span: self.sp(),
            })
        }

        pub fn date(&mut self, year: i32, month: Option<u8>, day: Option<u8>) -> Term {
            Term::Date(self.date_lit(year, month, day))
        }

        pub fn date_lit(&mut self, year: i32, month: Option<u8>, day: Option<u8>) -> DateLit {
            DateLit {
                value: Date { year, month, day },
                span: self.sp(),
            }
        }

        pub fn interval(&mut self, value: Interval) -> Term {
            Term::Interval(IntervalLit {
                value,
                span: self.sp(),
            })
        }

        pub fn atom(&mut self, pred: &str, args: Vec<Term>) -> Atom {
            Atom {
                pred: self.id(pred),
                args,
                output: None,
                span: self.sp(),
            }
        }

        pub fn atom_out(&mut self, pred: &str, args: Vec<Term>, output: Term) -> Atom {
            let mut a = self.atom(pred, args);
            a.output = Some(output);
            a
        }

        pub fn ty(&mut self, name: &str, parent: Option<&str>) -> Item {
            Item::Type(TypeDecl {
                doc: None,
                name: self.id(name),
                parent: parent.map(|p| self.id(p)),
                span: self.sp(),
            })
        }

        pub fn role(&mut self, name: &str, of: Option<&str>) -> Item {
            Item::Role(RoleDecl {
                doc: None,
                name: self.id(name),
                of: of.map(|o| self.id(o)),
                span: self.sp(),
            })
        }

        pub fn entity_decl(&mut self, name: &str, ty: &str) -> EntityDecl {
            EntityDecl {
                doc: None,
                name: self.id(name),
                ty: self.id(ty),
                display: None,
                aliases: Vec::new(),
                demonyms: Vec::new(),
                relations: Vec::new(),
                span: self.sp(),
            }
        }

        pub fn entity(&mut self, name: &str, ty: &str) -> Item {
            Item::Entity(self.entity_decl(name, ty))
        }

        pub fn pred(
            &mut self,
            name: &str,
            params: &[(&str, &str)],
            output: Option<&str>,
            props: &[&str],
        ) -> Item {
            Item::Predicate(PredicateDecl {
                doc: None,
                name: self.id(name),
                params: params
                    .iter()
                    .map(|(n, t)| Param {
                        name: self.id(n),
                        ty: self.id(t),
                    })
                    .collect(),
                output: output.map(|o| self.id(o)),
                properties: props.iter().map(|p| self.id(p)).collect(),
                span: self.sp(),
            })
        }

        pub fn rule(&mut self, name: &str, head: Atom, body: Vec<Literal>) -> Item {
            Item::Rule(RuleDecl {
                doc: None,
                name: self.id(name),
                head,
                body,
                span: self.sp(),
            })
        }

        pub fn constraint(&mut self, name: &str, body: Vec<Literal>) -> Item {
            Item::Constraint(ConstraintDecl {
                doc: None,
                name: self.id(name),
                body,
                span: self.sp(),
            })
        }

        pub fn exclusive(&mut self, name: Option<&str>, atoms: Vec<Atom>) -> Item {
            Item::Exclusive(ExclusiveDecl {
                doc: None,
                name: name.map(|n| self.id(n)),
                atoms,
                span: self.sp(),
            })
        }

        pub fn cmp(&mut self, lhs: Term, op: CmpOp, rhs: Term) -> Literal {
            Literal::Cmp(Comparison {
                lhs,
                op,
                rhs,
                span: self.sp(),
            })
        }

        pub fn reference(&mut self, negated: bool, atom: Atom, time: Option<TimeLit>) -> Item {
            Item::Reference(ReferenceDecl {
                doc: None,
                negated,
                atom,
                time,
                cite: self.s("https://example.org"),
                span: self.sp(),
            })
        }

        pub fn document(&mut self, name: &str, path: &str) -> Item {
            Item::Document(DocumentDecl {
                name: self.id(name),
                path: self.s(path),
                span: self.sp(),
            })
        }

        pub fn claim(
            &mut self,
            document: &str,
            quote: &str,
            speaker: Option<&str>,
            stance: StanceLit,
            atom: Atom,
        ) -> ClaimDecl {
            ClaimDecl {
                doc: None,
                document: self.id(document),
                quote: self.s(quote),
                reporter: None,
                speaker: match speaker {
                    Some(s) => SpeakerLit::Entity(self.id(s)),
                    None => SpeakerLit::Author(self.sp()),
                },
                stance,
                modality: None,
                atom,
                time: None,
                reported: None,
                span: self.sp(),
            }
        }
    }
}
