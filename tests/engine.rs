//! Engine tests: the language-neutral cases in `tests/engine/*.yaml` (a program, its base
//! facts and what must be derived), snapshotted with the plan and every derived fact; and the
//! analysis errors, with their codes and spans asserted directly.
//!
//! Programs are built by a tiny parser for rule text (below), so these tests do not depend
//! on the real parser or resolver.

use claimcheck::analyze::{Plan, analyze_program};
use claimcheck::diagnostic::Diagnostic;
use claimcheck::eval::{
    Derivation, EvalOptions, Evaluation, FactId, LimitKind, Limits, run_to_fixpoint,
};
use claimcheck::resolve::hir::{
    Atom, Axiom, ConstraintInfo, ConstraintKind, EntityInfo, FoundBy, Literal, Method, Modality,
    PredicateInfo, Program, Proposition, RuleInfo, RuleOrigin, Speaker, Stance, Statement, Term,
    Type, TypeId, TypeInfo, VarId,
};
use claimcheck::source::{FileId, FileKind, SourceMap, Span};
use claimcheck::syntax::ast::CmpOp;
use claimcheck::value::{Date, Qualifier, Quantity, Value};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::time::Duration;

// ---------------------------------------------------------------------------------------------
// A tiny parser for rule text: `name: head :- lit, lit.`, `name: lit, lit.` for constraints,
// and ground atoms for facts. Upper-case names are variables, `_` a wildcard, lower-case names
// entities (declared on first use), `"…"` strings, `300` / `~300` / `300..500` numbers,
// `2023`-style years are numbers, `2023-09` and `2023-09-13` dates.
// ---------------------------------------------------------------------------------------------

/// Builds a program piece by piece; every span points into one source text.
struct Builder {
    program: Program,
    text: String,
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Builder {
    fn new(preds: &BTreeMap<String, usize>) -> Builder {
        let mut program = Program::default();
        program.types.push(TypeInfo {
            name: "entity".into(),
            parent: None,
            span: Span::default(),
            doc: None,
        });
        for (name, &arity) in preds {
            program.predicates.push(PredicateInfo {
                name: name.clone(),
                params: (0..arity)
                    .map(|i| (format!("a{i}"), Type::Entity(TypeId(0))))
                    .collect(),
                functional: false,
                symmetric: false,
                transitive: false,
                one_way: false,
                cumulative: false,
                span: Span::default(),
                doc: None,
            });
        }
        Builder {
            program,
            text: String::new(),
        }
    }

    /// Appends a line to the source text and returns a cursor over it with its offset.
    fn line(&mut self, line: &str) -> usize {
        let offset = self.text.len();
        self.text.push_str(line);
        self.text.push('\n');
        offset
    }

    fn span(&self, offset: usize, start: usize, end: usize) -> Span {
        Span::new(FileId(0), offset + start, offset + end)
    }

    fn entity(&mut self, name: &str) -> Value {
        let id = match self.program.entity(name) {
            Some(id) => id,
            None => {
                self.program.entities.push(EntityInfo {
                    name: name.to_string(),
                    ty: TypeId(0),
                    display: name.to_string(),
                    aliases: vec![],
                    demonyms: vec![],
                    speaks_for: vec![],
                    located_in: vec![],
                    role_of: None,
                    span: Span::default(),
                    doc: None,
                });
                claimcheck::value::EntityId(self.program.entities.len() as u32 - 1)
            }
        };
        Value::Entity(id)
    }

    fn add_rule(&mut self, line: &str) {
        let offset = self.line(line);
        let mut c = Cursor { text: line, pos: 0 };
        let name = c
            .label()
            .unwrap_or_else(|| format!("r{}", self.program.rules.len()));
        let mut vars = Vec::new();
        let head = self
            .atom(&mut c, offset, &mut vars)
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        let body = if c.eat(":-") {
            self.body(&mut c, offset, &mut vars)
                .unwrap_or_else(|e| panic!("{line}: {e}"))
        } else {
            assert!(c.eat("."), "{line}: expected `.`");
            Vec::new()
        };
        self.program.rules.push(RuleInfo {
            name,
            origin: RuleOrigin::User,
            head,
            body,
            vars,
            span: self.span(offset, 0, line.len()),
            doc: None,
        });
    }

    fn add_constraint(&mut self, line: &str) {
        let offset = self.line(line);
        let mut c = Cursor { text: line, pos: 0 };
        let name = c
            .label()
            .unwrap_or_else(|| format!("c{}", self.program.constraints.len()));
        let mut vars = Vec::new();
        let body = self
            .body(&mut c, offset, &mut vars)
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        self.program.constraints.push(ConstraintInfo {
            name,
            kind: ConstraintKind::User,
            body,
            vars,
            span: self.span(offset, 0, line.len()),
            doc: None,
        });
    }

    /// `[axiom|denies|negates|declined|hedged] pred(values)`.
    fn add_fact(&mut self, line: &str) {
        let offset = self.line(line);
        let mut c = Cursor { text: line, pos: 0 };
        let save = c.pos;
        let word = c.ident().map(|(w, _, _)| w);
        let kind = match word.as_deref() {
            Some(w @ ("axiom" | "denies" | "negates" | "declined" | "hedged"))
                if c.peek() != Some('(') =>
            {
                w.to_string()
            }
            _ => {
                c.pos = save;
                "asserts".to_string()
            }
        };
        let mut vars = Vec::new();
        let atom = self
            .atom(&mut c, offset, &mut vars)
            .unwrap_or_else(|e| panic!("{line}: {e}"));
        let args: Vec<Value> = atom
            .args
            .iter()
            .map(|t| match t {
                Term::Const(v) => v.clone(),
                Term::Wildcard => Value::Unknown,
                Term::Var(_) => panic!("{line}: facts are ground"),
            })
            .collect();
        if kind == "axiom" {
            self.program.axioms.push(Axiom {
                pred: atom.pred,
                args,
                span: atom.span,
            });
            return;
        }
        let (stance, modality) = match kind.as_str() {
            "denies" => (Stance::Denies, Modality::Fact),
            "negates" => (Stance::Negates, Modality::Fact),
            "declined" => (Stance::Asserts, Modality::Declined),
            "hedged" => (Stance::Asserts, Modality::Hedged),
            _ => (Stance::Asserts, Modality::Fact),
        };
        self.program.statements.push(Statement {
            source: atom.span,
            speaker: Speaker::Author,
            reporter: None,
            stance,
            modality,
            prop: Proposition {
                pred: atom.pred,
                args: args.into(),
            },
            time: None,
            reported: None,
            found_by: FoundBy {
                method: Method::Hand,
                declared_at: None,
                pattern: None,
                frame: None,
                anaphora: Box::default(),
                cite: None,
            },
        });
    }

    fn body(
        &mut self,
        c: &mut Cursor<'_>,
        offset: usize,
        vars: &mut Vec<String>,
    ) -> Result<Vec<Literal>, String> {
        let mut body = Vec::new();
        loop {
            body.push(self.literal(c, offset, vars)?);
            if c.eat(",") {
                continue;
            }
            if c.eat(".") {
                return Ok(body);
            }
            return Err(format!("expected `,` or `.` at {}", c.pos));
        }
    }

    fn literal(
        &mut self,
        c: &mut Cursor<'_>,
        offset: usize,
        vars: &mut Vec<String>,
    ) -> Result<Literal, String> {
        c.skip_ws();
        let save = c.pos;
        if let Some((word, _, _)) = c.ident() {
            if word == "not" && c.peek() != Some('(') {
                return Ok(Literal::Neg(self.atom(c, offset, vars)?));
            }
            if c.peek() == Some('(') {
                c.pos = save;
                return Ok(Literal::Pos(self.atom(c, offset, vars)?));
            }
        }
        c.pos = save;
        c.skip_ws();
        let start = c.pos;
        let (lhs, _) = self.term(c, offset, vars)?;
        let op = c
            .op()
            .ok_or_else(|| format!("expected a comparison at {}", c.pos))?;
        let (rhs, _) = self.term(c, offset, vars)?;
        Ok(Literal::Cmp {
            lhs,
            op,
            rhs,
            span: self.span(offset, start, c.pos),
        })
    }

    fn atom(
        &mut self,
        c: &mut Cursor<'_>,
        offset: usize,
        vars: &mut Vec<String>,
    ) -> Result<Atom, String> {
        c.skip_ws();
        let (name, start, _) = c
            .ident()
            .ok_or_else(|| format!("expected a predicate at {}", c.pos))?;
        let pred = self
            .program
            .predicate(&name)
            .ok_or_else(|| format!("unknown predicate `{name}`"))?;
        if !c.eat("(") {
            return Err(format!("expected `(` at {}", c.pos));
        }
        let mut args = Vec::new();
        let mut arg_spans = Vec::new();
        if !c.eat(")") {
            loop {
                let (t, span) = self.term(c, offset, vars)?;
                args.push(t);
                arg_spans.push(span);
                if c.eat(")") {
                    break;
                }
                if !c.eat(",") {
                    return Err(format!("expected `,` or `)` at {}", c.pos));
                }
            }
        }
        Ok(Atom {
            pred,
            args,
            arg_spans,
            span: self.span(offset, start, c.pos),
        })
    }

    fn term(
        &mut self,
        c: &mut Cursor<'_>,
        offset: usize,
        vars: &mut Vec<String>,
    ) -> Result<(Term, Span), String> {
        c.skip_ws();
        let start = c.pos;
        let term = if let Some((word, _, _)) = c.ident() {
            if word == "_" {
                Term::Wildcard
            } else if word.starts_with(|ch: char| ch.is_ascii_uppercase()) {
                let id = vars.iter().position(|v| *v == word).unwrap_or_else(|| {
                    vars.push(word.clone());
                    vars.len() - 1
                });
                Term::Var(VarId(id as u32))
            } else {
                Term::Const(self.entity(&word))
            }
        } else if c.eat("\"") {
            let rest = &c.text[c.pos..];
            let end = rest.find('"').ok_or("unterminated string")?;
            let s = rest[..end].to_string();
            c.pos += end + 1;
            Term::Const(Value::Str(s.into()))
        } else {
            let about = c.eat("~");
            let rest = &c.text[c.pos..];
            let len = rest
                .char_indices()
                .find(|&(i, ch)| {
                    !(ch.is_ascii_digit()
                        || ch == '-'
                        || (ch == '.'
                            && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit() || d == '.')))
                })
                .map_or(rest.len(), |(i, _)| i);
            let lit = &rest[..len];
            if lit.is_empty() {
                return Err(format!("expected a term at {}", c.pos));
            }
            c.pos += len;
            Term::Const(literal_value(lit, about)?)
        };
        Ok((term, self.span(offset, start, c.pos)))
    }
}

fn literal_value(lit: &str, about: bool) -> Result<Value, String> {
    if lit.contains('-') {
        let parts: Vec<&str> = lit.split('-').collect();
        let num = |s: &str| s.parse::<i64>().map_err(|e| format!("{lit}: {e}"));
        return match parts.as_slice() {
            [y, m] => Ok(Value::Date(Date {
                year: num(y)? as i32,
                month: Some(num(m)? as u8),
                day: None,
            })),
            [y, m, d] => Date::ymd(num(y)? as i32, num(m)? as u8, num(d)? as u8)
                .map(Value::Date)
                .ok_or_else(|| format!("bad date {lit}")),
            _ => Err(format!("bad date {lit}")),
        };
    }
    let num = |s: &str| s.parse::<f64>().map_err(|e| format!("{lit}: {e}"));
    let mut q = match lit.split_once("..") {
        Some((lo, hi)) => Quantity {
            upper: Some(num(hi)?),
            ..Quantity::exactly(num(lo)?)
        },
        None => Quantity::exactly(num(lit)?),
    };
    if about {
        q.qualifier = Qualifier::About;
    }
    Ok(Value::Num(Box::new(q)))
}

impl Cursor<'_> {
    fn skip_ws(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.text[self.pos..].chars().next()
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        if self.text[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    /// An identifier with its start and end.
    fn ident(&mut self) -> Option<(String, usize, usize)> {
        self.skip_ws();
        let rest = &self.text[self.pos..];
        if !rest.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_') {
            return None;
        }
        let len = rest
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .unwrap_or(rest.len());
        let start = self.pos;
        self.pos += len;
        Some((rest[..len].to_string(), start, self.pos))
    }

    /// `name:` at the start of a line (not `:-`); the name may hold parentheses, like the
    /// generated `symmetric(met)`.
    fn label(&mut self) -> Option<String> {
        let rest = &self.text[self.pos..];
        let colon = rest.find(':')?;
        let name = rest[..colon].trim();
        if rest[colon..].starts_with(":-") || name.is_empty() || name.contains(char::is_whitespace)
        {
            return None;
        }
        self.pos += colon + 1;
        Some(name.to_string())
    }

    fn op(&mut self) -> Option<CmpOp> {
        for (s, op) in [
            ("!=", CmpOp::Ne),
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
            ("=", CmpOp::Eq),
        ] {
            if self.eat(s) {
                return Some(op);
            }
        }
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Cases.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case shows.
    note: String,
    /// Predicate names and arities.
    preds: BTreeMap<String, usize>,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    constraints: Vec<String>,
    #[serde(default)]
    facts: Vec<String>,
    #[serde(default)]
    limits: CaseLimits,
    #[serde(default = "yes")]
    provenance: bool,
    want: Want,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseLimits {
    facts: Option<usize>,
    iterations: Option<usize>,
    violations: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Want {
    /// Facts that must hold.
    #[serde(default)]
    facts: Vec<String>,
    /// Facts that must not hold.
    #[serde(default)]
    absent: Vec<String>,
    /// Exact number of facts.
    count: Option<usize>,
    /// Exactly these violations (`name: fact, fact`), when given.
    violations: Option<Vec<String>>,
    /// The limit hit (`facts`, `iterations`, `time`, `violations`), if any.
    limit: Option<String>,
    /// Number of derivations of some facts.
    #[serde(default)]
    derivations: BTreeMap<String, usize>,
}

struct Built {
    program: Program,
    sources: SourceMap,
}

fn build(case: &Case) -> Built {
    let mut b = Builder::new(&case.preds);
    for r in &case.rules {
        b.add_rule(r);
    }
    for c in &case.constraints {
        b.add_constraint(c);
    }
    for f in &case.facts {
        b.add_fact(f);
    }
    let mut sources = SourceMap::new();
    sources.add("case.claims", b.text.as_str(), FileKind::Rules);
    Built {
        program: b.program,
        sources,
    }
}

/// Parses a ground atom the way the case's facts are written and renders it canonically.
fn canonical(program: &Program, text: &str) -> String {
    let mut preds = BTreeMap::new();
    for p in &program.predicates {
        preds.insert(p.name.clone(), p.arity());
    }
    let mut b = Builder::new(&preds);
    b.program.entities = program.entities.clone();
    let mut c = Cursor { text, pos: 0 };
    let atom = b
        .atom(&mut c, 0, &mut Vec::new())
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    let args: Vec<String> = atom
        .args
        .iter()
        .map(|t| match t {
            Term::Const(v) => value_text(&b.program, v),
            _ => "_".to_string(),
        })
        .collect();
    format!("{}({})", program.pred(atom.pred).name, args.join(", "))
}

fn value_text(program: &Program, v: &Value) -> String {
    match v {
        Value::Entity(e) => program
            .entities
            .get(e.0 as usize)
            .map_or("?".into(), |i| i.name.clone()),
        other => program.value_text(other),
    }
}

fn fact_text(program: &Program, ev: &Evaluation, f: FactId) -> String {
    let args: Vec<String> = ev
        .values(f)
        .iter()
        .map(|v| value_text(program, v))
        .collect();
    format!("{}({})", program.pred(ev.pred(f)).name, args.join(", "))
}

fn all_facts(program: &Program, ev: &Evaluation) -> Vec<FactId> {
    (0..program.predicates.len())
        .flat_map(|p| ev.facts_of(claimcheck::resolve::hir::PredId(p as u32)))
        .collect()
}

fn violation_texts(program: &Program, ev: &Evaluation) -> Vec<String> {
    let mut out: Vec<String> = ev
        .violations()
        .iter()
        .map(|v| {
            let facts: Vec<String> = v
                .premises
                .iter()
                .map(|&f| fact_text(program, ev, f))
                .collect();
            format!(
                "{}: {}",
                program.constraints[v.constraint.0 as usize].name,
                facts.join(", ")
            )
        })
        .collect();
    out.sort();
    out
}

fn derivation_text(program: &Program, ev: &Evaluation, d: &Derivation) -> String {
    match d {
        Derivation::Statement(s) => format!("statement {}", s.0),
        Derivation::Axiom(a) => format!("axiom {a}"),
        Derivation::Rule { rule, premises } => {
            let ps: Vec<String> = premises
                .iter()
                .map(|&f| fact_text(program, ev, f))
                .collect();
            format!(
                "`{}`({})",
                program.rules[rule.0 as usize].name,
                ps.join(", ")
            )
        }
    }
}

/// The snapshot: plan, facts sorted with their derivations, violations, rounds, limit.
fn render(program: &Program, plan: &Plan, ev: &Evaluation) -> String {
    let mut out = String::new();
    out.push_str("plan:\n");
    for line in plan.to_string().lines() {
        let _ = writeln!(out, "  {line}");
    }
    let mut facts: Vec<(String, String)> = all_facts(program, ev)
        .into_iter()
        .map(|f| {
            let ds: Vec<String> = ev
                .derivations(f)
                .iter()
                .map(|d| derivation_text(program, ev, d))
                .collect();
            (fact_text(program, ev, f), ds.join("; "))
        })
        .collect();
    facts.sort();
    let _ = writeln!(out, "facts ({}):", facts.len());
    for (fact, ds) in facts {
        if ds.is_empty() {
            let _ = writeln!(out, "  {fact}");
        } else {
            let _ = writeln!(out, "  {fact} ⟸ {ds}");
        }
    }
    let violations = violation_texts(program, ev);
    let _ = writeln!(out, "violations ({}):", violations.len());
    for v in violations {
        let _ = writeln!(out, "  {v}");
    }
    let _ = writeln!(out, "rounds: {}", ev.iterations());
    let _ = writeln!(
        out,
        "limit: {}",
        ev.limit_hit().map_or("none".to_string(), |h| h.to_string())
    );
    out
}

fn options(case: &Case, provenance: bool) -> EvalOptions {
    let d = Limits::default();
    EvalOptions {
        limits: Limits {
            max_facts: case.limits.facts.unwrap_or(d.max_facts),
            max_iterations: case.limits.iterations.unwrap_or(d.max_iterations),
            max_violations: case.limits.violations.unwrap_or(d.max_violations),
            max_time: d.max_time,
            max_derivations: d.max_derivations,
        },
        provenance,
    }
}

fn fact_set(program: &Program, ev: &Evaluation) -> BTreeSet<String> {
    all_facts(program, ev)
        .into_iter()
        .map(|f| fact_text(program, ev, f))
        .collect()
}

#[test]
fn engine_cases() {
    insta::glob!("engine/*.yaml", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let case: Case = claimcheck::yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert!(
            !case.note.is_empty(),
            "{}: a case needs a note",
            path.display()
        );
        let Built { program, sources } = build(&case);
        let (plan, diags) = analyze_program(&program);
        let messages: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert!(
            diags.is_empty(),
            "{}: unexpected analysis errors {messages:?}",
            path.display()
        );
        let _ = sources;

        let ev = run_to_fixpoint(&program, &plan, &options(&case, case.provenance));
        let facts = fact_set(&program, &ev);
        for want in &case.want.facts {
            let want = canonical(&program, want);
            assert!(facts.contains(&want), "{}: missing {want}", path.display());
        }
        for absent in &case.want.absent {
            let absent = canonical(&program, absent);
            assert!(
                !facts.contains(&absent),
                "{}: unexpected {absent}",
                path.display()
            );
        }
        if let Some(count) = case.want.count {
            assert_eq!(ev.fact_count(), count, "{}: fact count", path.display());
        }
        if let Some(want) = &case.want.violations {
            let mut want: Vec<String> = want.clone();
            want.sort();
            assert_eq!(
                violation_texts(&program, &ev),
                want,
                "{}: violations",
                path.display()
            );
        }
        let limit = ev.limit_hit().map(|h| h.kind.to_string());
        assert_eq!(limit, case.want.limit, "{}: limit", path.display());
        for (fact, n) in &case.want.derivations {
            let fact = canonical(&program, fact);
            let id = all_facts(&program, &ev)
                .into_iter()
                .find(|&f| fact_text(&program, &ev, f) == fact)
                .unwrap_or_else(|| panic!("{}: no fact {fact}", path.display()));
            assert_eq!(
                ev.derivations(id).len(),
                *n,
                "{}: derivations of {fact}",
                path.display()
            );
        }
        if !case.provenance {
            assert!(
                all_facts(&program, &ev)
                    .iter()
                    .all(|&f| ev.derivations(f).is_empty())
            );
        }

        // Provenance never changes what is derived, and runs are deterministic.
        let other = run_to_fixpoint(&program, &plan, &options(&case, !case.provenance));
        assert_eq!(
            fact_set(&program, &other),
            facts,
            "{}: provenance changes facts",
            path.display()
        );
        assert_eq!(
            violation_texts(&program, &other),
            violation_texts(&program, &ev)
        );
        let again = run_to_fixpoint(&program, &plan, &options(&case, case.provenance));
        let snapshot = render(&program, &plan, &ev);
        assert_eq!(
            render(&program, &plan, &again),
            snapshot,
            "{}: not deterministic",
            path.display()
        );

        insta::with_settings!({
            snapshot_path => "engine/snapshots",
            prepend_module_to_snapshot => false,
            description => case.note.clone(),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(snapshot);
        });
    });
}

// ---------------------------------------------------------------------------------------------
// Direct tests.
// ---------------------------------------------------------------------------------------------

fn program_of(
    preds: &[(&str, usize)],
    rules: &[&str],
    constraints: &[&str],
    facts: &[&str],
) -> Built {
    let case = Case {
        note: "direct".into(),
        preds: preds.iter().map(|(n, a)| (n.to_string(), *a)).collect(),
        rules: rules.iter().map(|s| s.to_string()).collect(),
        constraints: constraints.iter().map(|s| s.to_string()).collect(),
        facts: facts.iter().map(|s| s.to_string()).collect(),
        limits: CaseLimits::default(),
        provenance: true,
        want: Want {
            facts: vec![],
            absent: vec![],
            count: None,
            violations: None,
            limit: None,
            derivations: BTreeMap::new(),
        },
    };
    build(&case)
}

fn diags_of(built: &Built) -> Vec<Diagnostic> {
    analyze_program(&built.program).1
}

#[test]
fn unsafe_head_variable_points_at_the_variable() {
    let built = program_of(&[("p", 1), ("q", 1)], &["bad: p(X) :- q(Y)."], &[], &[]);
    let diags = diags_of(&built);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d.code, "claimcheck::analyze::unsafe_variable");
    assert_eq!(built.sources.slice(d.span), "X");
    assert_eq!(d.span.start, 7);
    assert!(
        d.message.contains("`X`") && d.message.contains("`bad`"),
        "{}",
        d.message
    );
    assert_eq!(
        d.help.as_deref(),
        Some("bind `X` in a positive atom of the body")
    );
}

#[test]
fn unsafe_variable_in_negation_points_at_the_variable() {
    let built = program_of(
        &[("p", 1), ("q", 1), ("r", 2)],
        &["p(X) :- q(X), not r(X, Y)."],
        &[],
        &[],
    );
    let diags = diags_of(&built);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "claimcheck::analyze::unsafe_variable");
    assert_eq!(built.sources.slice(diags[0].span), "Y");
    assert_eq!(diags[0].span.start, 23);
    assert!(diags[0].message.contains("negated"), "{}", diags[0].message);
}

#[test]
fn unsafe_variable_in_comparison_points_at_the_comparison() {
    let built = program_of(&[("p", 1), ("q", 1)], &["p(X) :- q(X), Y > 3."], &[], &[]);
    let diags = diags_of(&built);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "claimcheck::analyze::unsafe_variable");
    assert_eq!(built.sources.slice(diags[0].span), "Y > 3");
    assert!(diags[0].message.contains("`Y`") && diags[0].message.contains("comparison"));
}

#[test]
fn unsafe_variables_in_constraints_are_reported() {
    let built = program_of(
        &[("q", 1), ("r", 1)],
        &[],
        &["c: q(X), not r(Z), Z < 3."],
        &[],
    );
    let diags = diags_of(&built);
    let spans: Vec<&str> = diags.iter().map(|d| built.sources.slice(d.span)).collect();
    assert_eq!(spans, ["Z", "Z < 3"]);
    assert!(
        diags
            .iter()
            .all(|d| d.code == "claimcheck::analyze::unsafe_variable")
    );
    let (plan, _) = analyze_program(&built.program);
    assert_eq!(plan.skipped_constraints().len(), 1);
}

#[test]
fn negation_cycle_names_the_cycle() {
    let built = program_of(
        &[("p", 1), ("q", 1), ("s", 1)],
        &["p_rule: p(X) :- s(X), not q(X).", "q_rule: q(X) :- p(X)."],
        &[],
        &[],
    );
    let diags = diags_of(&built);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d.code, "claimcheck::analyze::negation_cycle");
    assert_eq!(built.sources.slice(d.span), "q(X)");
    assert_eq!(
        d.message,
        "`p` depends on its own negation through `p` → not `q` → `p`"
    );
    let related: Vec<&str> = d
        .related
        .iter()
        .map(|l| built.sources.slice(l.span))
        .collect();
    assert_eq!(
        related,
        ["p_rule: p(X) :- s(X), not q(X).", "q_rule: q(X) :- p(X)."]
    );
    let (plan, _) = analyze_program(&built.program);
    assert_eq!(plan.skipped_rules(), [claimcheck::resolve::hir::RuleId(0)]);
}

#[test]
fn negation_of_itself_is_a_cycle() {
    let built = program_of(
        &[("p", 1), ("s", 1)],
        &["p(X) :- s(X), not p(X)."],
        &[],
        &["s(a)"],
    );
    let diags = diags_of(&built);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0].message,
        "`p` depends on its own negation through `p` → not `p`"
    );
    // The rule is left out, and evaluation still runs.
    let (plan, _) = analyze_program(&built.program);
    let ev = run_to_fixpoint(&built.program, &plan, &EvalOptions::default());
    assert_eq!(ev.fact_count(), 1);
}

#[test]
fn longer_negation_cycles_go_through_every_rule() {
    let built = program_of(
        &[("a", 1), ("b", 1), ("c", 1), ("s", 1)],
        &["a(X) :- s(X), not b(X).", "b(X) :- c(X).", "c(X) :- a(X)."],
        &[],
        &[],
    );
    let diags = diags_of(&built);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0].message,
        "`a` depends on its own negation through `a` → not `b` → `c` → `a`"
    );
    assert_eq!(diags[0].related.len(), 3);
}

#[test]
fn stratified_negation_is_not_a_cycle() {
    let built = program_of(
        &[("p", 1), ("q", 1), ("s", 1)],
        &[
            "q(X) :- s(X), q(X).",
            "p(X) :- s(X), not q(X).",
            "p(X) :- p(X).",
        ],
        &[],
        &[],
    );
    assert!(diags_of(&built).is_empty());
}

#[test]
fn hand_built_malformed_atoms_are_reported_not_run() {
    let mut built = program_of(
        &[("p", 1), ("q", 1)],
        &["p(X) :- q(X).", "q(X) :- p(X)."],
        &[],
        &["q(a)"],
    );
    built.program.rules[0].body[0] = Literal::Pos(Atom {
        pred: claimcheck::resolve::hir::PredId(9),
        args: vec![Term::Var(VarId(0))],
        arg_spans: vec![],
        span: Span::default(),
    });
    built.program.rules[1].head.args.push(Term::Wildcard);
    let (plan, diags) = analyze_program(&built.program);
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "claimcheck::analyze::unknown_predicate",
            "claimcheck::analyze::arity_mismatch"
        ]
    );
    assert_eq!(plan.skipped_rules().len(), 2);
    let ev = run_to_fixpoint(&built.program, &plan, &EvalOptions::default());
    assert_eq!(ev.fact_count(), 1);
}

#[test]
fn time_limit_stops_cleanly() {
    let mut facts = Vec::new();
    for i in 0..300 {
        facts.push(format!("edge(n{i}, n{})", i + 1));
    }
    let facts: Vec<&str> = facts.iter().map(String::as_str).collect();
    let built = program_of(
        &[("edge", 2), ("path", 2)],
        &[
            "path(X, Y) :- edge(X, Y).",
            "path(X, Z) :- path(X, Y), path(Y, Z).",
        ],
        &[],
        &facts,
    );
    let (plan, _) = analyze_program(&built.program);
    let options = EvalOptions {
        limits: Limits {
            max_time: Duration::ZERO,
            ..Limits::default()
        },
        provenance: true,
    };
    let ev = run_to_fixpoint(&built.program, &plan, &options);
    assert_eq!(ev.limit_hit().map(|h| h.kind), Some(LimitKind::Time));
    assert!(ev.fact_count() >= 300);
}

/// `path(a, z)` over a complete bipartite middle layer has one derivation per middle node:
/// the cap keeps the first ones, drops the rest, and counts the fact.
#[test]
fn derivations_per_fact_are_capped_and_counted() {
    let mut facts = Vec::new();
    for i in 0..6 {
        facts.push(format!("edge(a, m{i})"));
        facts.push(format!("edge(m{i}, z)"));
    }
    let facts: Vec<&str> = facts.iter().map(String::as_str).collect();
    let built = program_of(
        &[("edge", 2), ("path", 2)],
        &["path(X, Z) :- edge(X, Y), edge(Y, Z)."],
        &[],
        &facts,
    );
    let (plan, _) = analyze_program(&built.program);
    let p = &built.program;
    let az = [
        Value::Entity(p.entity("a").unwrap()),
        Value::Entity(p.entity("z").unwrap()),
    ];
    let path = p.predicate("path").unwrap();
    for (cap, kept, cut) in [(2, 2, 1), (6, 6, 0), (8, 6, 0)] {
        let options = EvalOptions {
            limits: Limits {
                max_derivations: cap,
                ..Limits::default()
            },
            provenance: true,
        };
        let ev = run_to_fixpoint(p, &plan, &options);
        let fact = ev.lookup(path, &az).expect("path(a, z) holds");
        assert_eq!(ev.derivations(fact).len(), kept, "cap {cap}");
        assert_eq!(ev.derivations_cut(), cut, "cap {cap}");
    }
}

#[test]
fn lookup_values_and_derivations() {
    let built = program_of(
        &[("edge", 2), ("path", 2)],
        &[
            "base: path(X, Y) :- edge(X, Y).",
            "step: path(X, Z) :- path(X, Y), edge(Y, Z).",
        ],
        &[],
        &["edge(a, b)", "edge(b, c)", "edge(a, b)"],
    );
    let (plan, _) = analyze_program(&built.program);
    let ev = run_to_fixpoint(&built.program, &plan, &EvalOptions::default());
    let p = &built.program;
    let (a, c) = (
        Value::Entity(p.entity("a").unwrap()),
        Value::Entity(p.entity("c").unwrap()),
    );
    let path = p.predicate("path").unwrap();
    let ac = ev
        .lookup(path, &[a.clone(), c.clone()])
        .expect("path(a, c) holds");
    assert_eq!(ev.pred(ac), path);
    assert_eq!(ev.values(ac), vec![a.clone(), c.clone()]);
    assert_eq!(ev.value(ev.args(ac)[1]), &c);
    assert!(ev.lookup(path, &[c.clone(), a.clone()]).is_none());
    assert!(
        ev.lookup(path, &[Value::Str("nowhere".into()), a])
            .is_none()
    );
    // Base facts come first, in statement order; the duplicate statement is one fact.
    let edge = p.predicate("edge").unwrap();
    let ab = ev.facts_of(edge).next().unwrap();
    assert_eq!(ab, FactId(0));
    assert_eq!(
        ev.derivations(ab),
        [
            Derivation::Statement(claimcheck::resolve::hir::StatementId(0)),
            Derivation::Statement(claimcheck::resolve::hir::StatementId(2))
        ]
    );
    let [Derivation::Rule { rule, premises }] = ev.derivations(ac) else {
        panic!("one rule derivation: {:?}", ev.derivations(ac));
    };
    assert_eq!(p.rules[rule.0 as usize].name, "step");
    let premise_texts: Vec<String> = premises.iter().map(|&f| fact_text(p, &ev, f)).collect();
    assert_eq!(premise_texts, ["path(a, b)", "edge(b, c)"]);
    assert!(ev.derivations(FactId(999)).is_empty());
    assert_eq!(ev.fact_count(), 5);
}

#[test]
fn comparisons_follow_bounds_and_days() {
    use claimcheck::eval::compare_values;
    let n = |s: &str| literal_value(s, false).unwrap();
    let about = |s: &str| literal_value(s, true).unwrap();
    assert!(compare_values(CmpOp::Lt, &n("300"), &n("1000")));
    assert!(!compare_values(CmpOp::Lt, &about("950"), &n("1000")));
    assert!(compare_values(CmpOp::Le, &about("900"), &n("990")));
    assert!(compare_values(CmpOp::Gt, &n("2000..3000"), &about("1000")));
    assert!(!compare_values(CmpOp::Ge, &n("2000..3000"), &n("2500")));
    assert!(compare_values(CmpOp::Lt, &n("2023-09"), &n("2023-10-01")));
    assert!(!compare_values(CmpOp::Lt, &n("2023-09-13"), &n("2023-09")));
    assert!(compare_values(CmpOp::Eq, &n("2023-09"), &n("2023-09")));
    assert!(!compare_values(CmpOp::Lt, &n("5"), &n("2023-09")));
    let (x, y) = (Value::Str("x".into()), Value::Str("y".into()));
    assert!(compare_values(CmpOp::Ne, &x, &y));
    assert!(!compare_values(CmpOp::Lt, &x, &y));
    let shells = Value::Num(Box::new(Quantity {
        unit: Some("shell".into()),
        ..Quantity::exactly(5.0)
    }));
    let tanks = Value::Num(Box::new(Quantity {
        unit: Some("tank".into()),
        ..Quantity::exactly(50.0)
    }));
    assert!(!compare_values(CmpOp::Lt, &shells, &tanks));
    assert!(compare_values(CmpOp::Lt, &shells, &n("50")));
}

#[test]
fn evaluations_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Evaluation>();
    shareable::<Plan>();
}
