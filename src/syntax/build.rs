//! pest's parse tree → [`ast`] nodes. Checks what the grammar leaves lenient on purpose: string
//! escapes, the shape and existence of dates, digit groups and number ranges, and the few item
//! rules a PEG cannot say well (two atoms per `exclusive`, no doc comment on an `import`). The
//! extraction items (patterns, frames, lexicons, cues, anaphors) are built in `extract`.
//!
//! It recurses only along the grammar's fixed nesting (file → item → atom → term), and along
//! the groups of a pattern body up to a fixed depth, so its depth is bounded whatever the text.
//! It never panics on a tree it does not expect: that is an internal error.

use super::ast::*;
use super::error::SyntaxError;
use super::lex::unescape;
use super::parser::Rule;
use crate::source::{FileId, Span};
use crate::value::{Date, Interval, Qualifier, Quantity, days_in_month};
use pest::iterators::{Pair, Pairs};

mod extract;

pub(crate) use extract::MAX_GAP;

type Result<T> = std::result::Result<T, SyntaxError>;

/// Builds nodes for one input; spans are shifted by `base` into `file`.
pub(crate) struct Builder {
    /// The file spans point into.
    pub file: FileId,
    /// Where the parsed text starts in that file.
    pub base: usize,
}

/// `value`, or the internal error for a node the grammar should have given (`what`) at `span`.
fn required<T>(value: Option<T>, span: Span, what: &'static str) -> Result<T> {
    value.ok_or(SyntaxError::Internal { span, what })
}

impl Builder {
    fn span(&self, s: pest::Span<'_>) -> Span {
        Span::new(self.file, self.base + s.start(), self.base + s.end())
    }

    /// A node's span without the whitespace and comments pest skips after it. pest skips them
    /// before trying an optional tail (`(eq ~ term)?`) and keeps the skip when the tail is not
    /// there; so a non-atomic rule ends where its last child ends. Atomic rules skip nothing.
    fn node_span(&self, pair: &Pair<'_, Rule>) -> Span {
        let outer = pair.as_span();
        let atomic = matches!(
            pair.as_rule(),
            Rule::interval | Rule::time_span | Rule::number | Rule::doc_comment | Rule::string
        );
        let mut end = outer.end();
        if !atomic && let Some(last) = pair.clone().into_inner().next_back() {
            end = self.node_span(&last).end as usize - self.base;
        }
        Span::new(self.file, self.base + outer.start(), self.base + end)
    }

    fn internal(&self, pair: &Pair<'_, Rule>, what: &'static str) -> SyntaxError {
        SyntaxError::Internal {
            span: self.node_span(pair),
            what,
        }
    }

    fn ident(&self, pair: &Pair<'_, Rule>) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(pair.as_span()),
        }
    }

    fn string(&self, pair: &Pair<'_, Rule>) -> Result<StrLit> {
        let span = self.span(pair.as_span());
        Ok(StrLit {
            value: unescape(pair.as_str(), self.file, span.start as usize)?,
            span,
        })
    }

    /// The single child of a wrapper rule such as `term` or `display`.
    fn only_child<'i>(&self, pair: Pair<'i, Rule>, what: &'static str) -> Result<Pair<'i, Rule>> {
        let err = self.internal(&pair, what);
        pair.into_inner().next().ok_or(err)
    }

    /// `stance`: `asserts`, `asserts not` or `denies`.
    fn stance(&self, pair: Pair<'_, Rule>) -> Result<StanceLit> {
        Ok(match self.only_child(pair, "a stance")?.as_rule() {
            Rule::asserts_not => StanceLit::Negates,
            Rule::kw_denies => StanceLit::Denies,
            _ => StanceLit::Asserts,
        })
    }

    /// `file`: items up to the end of input.
    pub(crate) fn file(&self, mut pairs: Pairs<'_, Rule>) -> Result<RuleFile> {
        let mut items = Vec::new();
        if let Some(file) = pairs.next() {
            for pair in file.into_inner() {
                if pair.as_rule() == Rule::item {
                    items.push(self.item(pair)?);
                }
            }
        }
        Ok(RuleFile { items })
    }

    /// `atom_input`: one atom.
    pub(crate) fn atom_input(&self, mut pairs: Pairs<'_, Rule>) -> Result<Atom> {
        let input = pairs.next().ok_or(SyntaxError::Internal {
            span: Span::new(self.file, self.base, self.base),
            what: "an atom",
        })?;
        let err = self.internal(&input, "an atom");
        let atom = input
            .into_inner()
            .find(|p| p.as_rule() == Rule::atom)
            .ok_or(err)?;
        self.atom(atom)
    }

    /// `time_input`: a date, a year or an interval.
    pub(crate) fn time_input(&self, mut pairs: Pairs<'_, Rule>) -> Result<TimeLit> {
        let input = pairs.next().ok_or(SyntaxError::Internal {
            span: Span::new(self.file, self.base, self.base),
            what: "a time",
        })?;
        let err = self.internal(&input, "a time");
        let span = input
            .into_inner()
            .find(|p| p.as_rule() == Rule::time_span)
            .ok_or(err)?;
        if span.as_str().contains("..") {
            Ok(TimeLit::Interval(self.interval(span)?))
        } else {
            let lo = self.only_child(span, "a date")?;
            Ok(TimeLit::Date(self.time_point(lo)?))
        }
    }

    fn item(&self, pair: Pair<'_, Rule>) -> Result<Item> {
        let mut doc_lines: Vec<String> = Vec::new();
        let mut doc_span: Option<Span> = None;
        for inner in pair.clone().into_inner() {
            match inner.as_rule() {
                Rule::doc_comment => {
                    let s = self.node_span(&inner);
                    doc_span = Some(doc_span.map_or(s, |d| d.to(s)));
                    let text = inner
                        .into_inner()
                        .next()
                        .map_or("", |t| t.as_str())
                        .trim_end();
                    doc_lines.push(text.strip_prefix(' ').unwrap_or(text).to_string());
                }
                _ => return self.decl(inner, doc_lines, doc_span),
            }
        }
        Err(self.internal(&pair, "an item"))
    }

    fn decl(
        &self,
        pair: Pair<'_, Rule>,
        doc_lines: Vec<String>,
        doc_span: Option<Span>,
    ) -> Result<Item> {
        let doc: Doc = (!doc_lines.is_empty()).then(|| doc_lines.join("\n"));
        let span = self.node_span(&pair);
        let misplaced = |what| match doc_span {
            Some(span) => Err(SyntaxError::MisplacedDocComment { span, what }),
            None => Ok(()),
        };
        Ok(match pair.as_rule() {
            Rule::import_decl => {
                misplaced("an `import`")?;
                let path = pair.into_inner().find(|p| p.as_rule() == Rule::string);
                let path = required(path, span, "a path")?;
                Item::Import(Import {
                    path: self.string(&path)?,
                    span,
                })
            }
            Rule::document_decl => {
                misplaced("a `document`")?;
                let (mut name, mut path) = (None, None);
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => name = Some(self.ident(&p)),
                        Rule::string => path = Some(self.string(&p)?),
                        _ => {}
                    }
                }
                Item::Document(DocumentDecl {
                    name: required(name, span, "a name")?,
                    path: required(path, span, "a path")?,
                    span,
                })
            }
            Rule::type_decl => {
                let (mut name, mut parent) = (None, None);
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => name = Some(self.ident(&p)),
                        Rule::type_name => parent = Some(self.ident(&p)),
                        _ => {}
                    }
                }
                Item::Type(TypeDecl {
                    doc,
                    name: required(name, span, "a name")?,
                    parent,
                    span,
                })
            }
            Rule::role_decl => {
                let (mut name, mut of) = (None, None);
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => name = Some(self.ident(&p)),
                        Rule::type_name => of = Some(self.ident(&p)),
                        _ => {}
                    }
                }
                Item::Role(RoleDecl {
                    doc,
                    name: required(name, span, "a name")?,
                    of,
                    span,
                })
            }
            Rule::entity_decl => Item::Entity(self.entity(pair, doc)?),
            Rule::predicate_decl => Item::Predicate(self.predicate(pair, doc)?),
            Rule::exclusive_decl => {
                let (mut name, mut atoms) = (None, Vec::new());
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => name = Some(self.ident(&p)),
                        Rule::atom => atoms.push(self.atom(p)?),
                        _ => {}
                    }
                }
                if atoms.len() < 2 {
                    return Err(SyntaxError::ExclusiveTooFew { span });
                }
                Item::Exclusive(ExclusiveDecl {
                    doc,
                    name,
                    atoms,
                    span,
                })
            }
            Rule::rule_decl => {
                let (mut name, mut head, mut body) = (None, None, Vec::new());
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => name = Some(self.ident(&p)),
                        Rule::atom if head.is_none() => head = Some(self.atom(p)?),
                        Rule::atom | Rule::neg_literal | Rule::comparison => {
                            body.push(self.literal(p)?)
                        }
                        _ => {}
                    }
                }
                Item::Rule(RuleDecl {
                    doc,
                    name: required(name, span, "a name")?,
                    head: required(head, span, "a head")?,
                    body,
                    span,
                })
            }
            Rule::constraint_decl => {
                let (mut name, mut body) = (None, Vec::new());
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::name => name = Some(self.ident(&p)),
                        Rule::atom | Rule::neg_literal | Rule::comparison => {
                            body.push(self.literal(p)?)
                        }
                        _ => {}
                    }
                }
                Item::Constraint(ConstraintDecl {
                    doc,
                    name: required(name, span, "a name")?,
                    body,
                    span,
                })
            }
            Rule::reference_decl => {
                let (mut negated, mut atom, mut time, mut cite) = (false, None, None, None);
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::kw_not => negated = true,
                        Rule::atom => atom = Some(self.atom(p)?),
                        Rule::on_clause | Rule::during_clause => time = Some(self.time_clause(p)?),
                        Rule::string => cite = Some(self.string(&p)?),
                        _ => {}
                    }
                }
                Item::Reference(ReferenceDecl {
                    doc,
                    negated,
                    atom: required(atom, span, "an atom")?,
                    time,
                    cite: required(cite, span, "a citation")?,
                    span,
                })
            }
            Rule::claim_decl => Item::Claim(self.claim(pair, doc)?),
            Rule::lexicon_decl => Item::Lexicon(self.lexicon(pair, doc)?),
            Rule::cue_decl => Item::Cue(self.cue(pair, doc)?),
            Rule::anaphor_decl => Item::Anaphor(self.anaphor(pair, doc)?),
            Rule::pattern_decl => Item::Pattern(self.pattern(pair, doc)?),
            Rule::frame_decl => Item::Frame(self.frame(pair, doc)?),
            _ => return Err(self.internal(&pair, "an item")),
        })
    }

    fn entity(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<EntityDecl> {
        let span = self.node_span(&pair);
        let (mut name, mut ty, mut display) = (None, None, None);
        let (mut aliases, mut demonyms, mut relations) = (Vec::new(), Vec::new(), Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.ident(&p)),
                Rule::type_name => ty = Some(self.ident(&p)),
                Rule::display => display = Some(self.string(&self.only_child(p, "a string")?)?),
                Rule::aka_clause | Rule::demonym_clause => {
                    let list = if p.as_rule() == Rule::aka_clause {
                        &mut aliases
                    } else {
                        &mut demonyms
                    };
                    for s in p.into_inner().filter(|s| s.as_rule() == Rule::string) {
                        list.push(self.string(&s)?);
                    }
                }
                Rule::speaks_for_clause | Rule::part_of_clause | Rule::located_in_clause => {
                    let rule = p.as_rule();
                    let target = self.only_named(p)?;
                    relations.push(match rule {
                        Rule::speaks_for_clause => EntityRelation::SpeaksFor(target),
                        Rule::part_of_clause => EntityRelation::PartOf(target),
                        _ => EntityRelation::LocatedIn(target),
                    });
                }
                Rule::holds_clause => relations.push(EntityRelation::Holds(self.holding(p)?)),
                _ => {}
            }
        }
        Ok(EntityDecl {
            doc,
            name: required(name, span, "a name")?,
            ty: required(ty, span, "a type")?,
            display,
            aliases,
            demonyms,
            relations,
            span,
        })
    }

    /// The `name` inside a one-name clause such as `speaks_for russia`.
    fn only_named(&self, pair: Pair<'_, Rule>) -> Result<Ident> {
        let err = self.internal(&pair, "a name");
        let name = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::name)
            .ok_or(err)?;
        Ok(self.ident(&name))
    }

    fn holding(&self, pair: Pair<'_, Rule>) -> Result<RoleHolding> {
        let span = self.node_span(&pair);
        let (mut role, mut of, mut from, mut until) = (None, None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::role_name => role = Some(self.ident(&p)),
                Rule::name => of = Some(self.ident(&p)),
                Rule::from_clause | Rule::until_clause => {
                    let rule = p.as_rule();
                    let err = self.internal(&p, "a date");
                    let point = p
                        .into_inner()
                        .find(|t| t.as_rule() == Rule::time_point)
                        .ok_or(err)?;
                    let date = Some(self.time_point(point)?);
                    if rule == Rule::from_clause {
                        from = date;
                    } else {
                        until = date;
                    }
                }
                _ => {}
            }
        }
        if let (Some(f), Some(u)) = (&from, &until)
            && u.value.days().1 < f.value.days().0
        {
            return Err(SyntaxError::InvalidDate {
                span: f.span.to(u.span),
                text: format!("{}..{}", f.value, u.value),
                reason: "the role is held until before it is held from".to_string(),
                help: Some("swap the `from` and `until` dates".to_string()),
            });
        }
        Ok(RoleHolding {
            role: required(role, span, "a role")?,
            of,
            from,
            until,
            span,
        })
    }

    fn predicate(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<PredicateDecl> {
        let span = self.node_span(&pair);
        let (mut name, mut output, mut params, mut properties) =
            (None, None, Vec::new(), Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.ident(&p)),
                Rule::param => {
                    let (mut pname, mut ty) = (None, None);
                    let pspan = self.node_span(&p);
                    for q in p.into_inner() {
                        match q.as_rule() {
                            Rule::param_name => pname = Some(self.ident(&q)),
                            Rule::type_name => ty = Some(self.ident(&q)),
                            _ => {}
                        }
                    }
                    params.push(Param {
                        name: required(pname, pspan, "a name")?,
                        ty: required(ty, pspan, "a type")?,
                    });
                }
                Rule::type_name => output = Some(self.ident(&p)),
                Rule::property => properties.push(self.ident(&p)),
                _ => {}
            }
        }
        Ok(PredicateDecl {
            doc,
            name: required(name, span, "a name")?,
            params,
            output,
            properties,
            span,
        })
    }

    fn claim(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<ClaimDecl> {
        let span = self.node_span(&pair);
        let (mut document, mut quote, mut reporter, mut speaker) = (None, None, None, None);
        let (mut stance, mut modality, mut atom, mut time, mut reported) =
            (None, None, None, None, None);
        let mut after_by = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_by => after_by = true,
                Rule::name if after_by => reporter = Some(self.ident(&p)),
                Rule::name => document = Some(self.ident(&p)),
                Rule::string => quote = Some(self.string(&p)?),
                Rule::speaker => {
                    let who = self.only_child(p, "a speaker")?;
                    speaker = Some(match who.as_rule() {
                        Rule::kw_author => SpeakerLit::Author(self.span(who.as_span())),
                        _ => SpeakerLit::Entity(self.ident(&who)),
                    });
                }
                Rule::stance => stance = Some(self.stance(p)?),
                Rule::modality => modality = Some(self.ident(&self.only_child(p, "a modality")?)),
                Rule::atom => atom = Some(self.atom(p)?),
                Rule::on_clause | Rule::during_clause => time = Some(self.time_clause(p)?),
                Rule::reported_clause => {
                    let err = self.internal(&p, "a date");
                    let point = p
                        .into_inner()
                        .find(|t| t.as_rule() == Rule::time_point)
                        .ok_or(err)?;
                    reported = Some(self.time_point(point)?);
                }
                _ => {}
            }
        }
        Ok(ClaimDecl {
            doc,
            document: required(document, span, "a document")?,
            quote: required(quote, span, "a quote")?,
            reporter,
            speaker: required(speaker, span, "a speaker")?,
            stance: required(stance, span, "a stance")?,
            modality,
            atom: required(atom, span, "an atom")?,
            time,
            reported,
            span,
        })
    }

    fn time_clause(&self, pair: Pair<'_, Rule>) -> Result<TimeLit> {
        let rule = pair.as_rule();
        let err = self.internal(&pair, "a time");
        let inner = pair
            .into_inner()
            .find(|p| matches!(p.as_rule(), Rule::time_point | Rule::time_span))
            .ok_or(err)?;
        if rule == Rule::on_clause {
            Ok(TimeLit::Date(self.time_point(inner)?))
        } else {
            Ok(TimeLit::Interval(self.interval(inner)?))
        }
    }

    fn literal(&self, pair: Pair<'_, Rule>) -> Result<Literal> {
        match pair.as_rule() {
            Rule::atom => Ok(Literal::Pos(self.atom(pair)?)),
            Rule::neg_literal => {
                let span = self.node_span(&pair);
                let err = self.internal(&pair, "an atom");
                let atom = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::atom)
                    .ok_or(err)?;
                Ok(Literal::Neg(self.atom(atom)?, span))
            }
            _ => {
                let span = self.node_span(&pair);
                let (mut terms, mut op) = (Vec::new(), None);
                for p in pair.into_inner() {
                    match p.as_rule() {
                        Rule::term => terms.push(self.term(p)?),
                        Rule::cmp_op => {
                            op = Some(match p.as_str() {
                                "!=" => CmpOp::Ne,
                                "<=" => CmpOp::Le,
                                ">=" => CmpOp::Ge,
                                "<" => CmpOp::Lt,
                                ">" => CmpOp::Gt,
                                _ => CmpOp::Eq,
                            })
                        }
                        _ => {}
                    }
                }
                let mut terms = terms.into_iter();
                match (terms.next(), op, terms.next()) {
                    (Some(lhs), Some(op), Some(rhs)) => {
                        Ok(Literal::Cmp(Comparison { lhs, op, rhs, span }))
                    }
                    _ => Err(SyntaxError::Internal {
                        span,
                        what: "a comparison",
                    }),
                }
            }
        }
    }

    fn atom(&self, pair: Pair<'_, Rule>) -> Result<Atom> {
        let (pred, args, output, span) = self.atom_parts(pair, Rule::term, Builder::term)?;
        Ok(Atom {
            pred,
            args,
            output,
            span,
        })
    }

    /// The parts of an atom whose arguments are `arg_rule` pairs read by `arg`: the predicate,
    /// the arguments, the output written after `=`, and the atom's span. Rule bodies and the
    /// heads of patterns and frames share this shape.
    fn atom_parts<T>(
        &self,
        pair: Pair<'_, Rule>,
        arg_rule: Rule,
        arg: impl Fn(&Builder, Pair<'_, Rule>) -> Result<T>,
    ) -> Result<(Ident, Vec<T>, Option<T>, Span)> {
        let span = self.node_span(&pair);
        let (mut pred, mut args, mut output, mut closed) = (None, Vec::new(), None, false);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::pred_name => pred = Some(self.ident(&p)),
                Rule::rparen => closed = true,
                r if r == arg_rule && closed => output = Some(arg(self, p)?),
                r if r == arg_rule => args.push(arg(self, p)?),
                _ => {}
            }
        }
        let pred = required(pred, span, "a predicate")?;
        Ok((pred, args, output, span))
    }

    fn term(&self, pair: Pair<'_, Rule>) -> Result<Term> {
        let inner = self.only_child(pair, "a term")?;
        let span = self.span(inner.as_span());
        Ok(match inner.as_rule() {
            Rule::wildcard => Term::Wildcard(span),
            Rule::var => Term::Var(self.ident(&inner)),
            Rule::name => Term::Name(self.ident(&inner)),
            Rule::string => Term::Str(self.string(&inner)?),
            Rule::date => Term::Date(DateLit {
                value: self.date_value(inner.as_str(), span)?,
                span,
            }),
            Rule::interval => Term::Interval(self.interval(inner)?),
            Rule::number => Term::Number(self.number(inner)?),
            _ => return Err(self.internal(&inner, "a term")),
        })
    }

    fn number(&self, pair: Pair<'_, Rule>) -> Result<NumberLit> {
        let span = self.node_span(&pair);
        let text = pair.as_str();
        let invalid = |reason: &str, help: Option<&str>| SyntaxError::InvalidNumber {
            span,
            text: shown(text),
            reason: reason.to_string(),
            help: help.map(str::to_string),
        };
        let mut quantity = Quantity::exactly(0.0);
        let mut values = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::qualifier => {
                    let q = self.only_child(p, "a qualifier")?;
                    quantity.qualifier = match q.as_rule() {
                        Rule::q_ge => Qualifier::AtLeast,
                        Rule::q_le => Qualifier::AtMost,
                        Rule::q_gt => Qualifier::MoreThan,
                        Rule::q_lt => Qualifier::LessThan,
                        Rule::q_about => Qualifier::About,
                        _ => Qualifier::Exactly,
                    };
                }
                Rule::num_value => {
                    values.push(number_value(p.as_str()).map_err(|(r, h)| invalid(r, h))?)
                }
                Rule::unit => quantity.unit = Some(p.as_str().to_string()),
                _ => {}
            }
        }
        let mut values = values.into_iter();
        quantity.value = required(values.next(), span, "a number")?;
        quantity.upper = values.next();
        if let Some(hi) = quantity.upper {
            if quantity.qualifier != Qualifier::Exactly {
                return Err(invalid(
                    "a range cannot also be qualified",
                    Some("write either a range `300..500` or a qualified number `about 400`"),
                ));
            }
            if hi < quantity.value {
                return Err(invalid(
                    "the range ends below its start",
                    Some("write the smaller end first"),
                ));
            }
        }
        Ok(NumberLit {
            value: quantity,
            span,
        })
    }

    /// `interval` (an argument) or `time_span` (after `during`): `lo..hi`, `lo..`, `..hi`, or a
    /// single `lo` that covers itself.
    fn interval(&self, pair: Pair<'_, Rule>) -> Result<IntervalLit> {
        let span = self.node_span(&pair);
        let text = pair.as_str();
        let (mut from, mut until) = (None, None);
        for p in pair.into_inner() {
            let rule = p.as_rule();
            if !matches!(rule, Rule::lo | Rule::hi) {
                continue;
            }
            let d = self.time_point(p)?.value;
            if rule == Rule::lo {
                from = Some(d);
            } else {
                until = Some(d);
            }
        }
        if !text.contains("..") {
            until = from;
        }
        let value = Interval { from, until };
        if from.is_none() && until.is_none() {
            return Err(SyntaxError::Internal {
                span,
                what: "an interval",
            });
        }
        if value.is_empty() {
            return Err(SyntaxError::InvalidDate {
                span,
                text: shown(text),
                reason: "the interval ends before it starts".to_string(),
                help: Some("write the earlier date first".to_string()),
            });
        }
        Ok(IntervalLit { value, span })
    }

    /// A `time_point`, `lo` or `hi`: a date, or a four-digit year.
    fn time_point(&self, pair: Pair<'_, Rule>) -> Result<DateLit> {
        let inner = self.only_child(pair, "a date")?;
        let span = self.span(inner.as_span());
        let text = inner.as_str();
        let value = match inner.as_rule() {
            Rule::year => year_value(text).map_err(|(reason, help)| SyntaxError::InvalidDate {
                span,
                text: shown(text),
                reason,
                help: Some(help.to_string()),
            })?,
            _ => self.date_value(text, span)?,
        };
        Ok(DateLit { value, span })
    }

    fn date_value(&self, text: &str, span: Span) -> Result<Date> {
        date_value(text).map_err(|(reason, help)| SyntaxError::InvalidDate {
            span,
            text: shown(text),
            reason,
            help: Some(help.to_string()),
        })
    }
}

/// Literal text for a message: long digit runs are cut after 40 characters.
fn shown(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let mut s: String = text.chars().take(MAX).collect();
    s.push('…');
    s
}

const DATE_HELP: &str = "dates are written `YYYY-MM-DD` or `YYYY-MM`, with a four-digit year";

/// A four-digit year.
fn year_value(text: &str) -> std::result::Result<Date, (String, &'static str)> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err((
            "a year has four digits".to_string(),
            "write the year in full, like `2023`",
        ));
    }
    let year = text
        .parse::<i32>()
        .map_err(|_| ("not a year".to_string(), DATE_HELP))?;
    Ok(Date {
        year,
        month: None,
        day: None,
    })
}

/// `YYYY-MM` or `YYYY-MM-DD`, checked against the calendar.
fn date_value(text: &str) -> std::result::Result<Date, (String, &'static str)> {
    let parts: Vec<&str> = text.split('-').collect();
    let shape_ok = matches!(parts.len(), 2 | 3)
        && parts.first().is_some_and(|y| y.len() == 4)
        && parts.iter().skip(1).all(|p| p.len() == 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !shape_ok {
        return Err(("expected `YYYY-MM-DD` or `YYYY-MM`".to_string(), DATE_HELP));
    }
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    let (Some(year), Some(month)) = (num(0), num(1)) else {
        return Err(("expected `YYYY-MM-DD` or `YYYY-MM`".to_string(), DATE_HELP));
    };
    let year = year as i32;
    if !(1..=12).contains(&month) {
        return Err((
            format!("there is no month {month}"),
            "months run from `01` to `12`",
        ));
    }
    let month = month as u8;
    let Some(day) = num(2) else {
        return Ok(Date {
            year,
            month: Some(month),
            day: None,
        });
    };
    let last = days_in_month(year, month);
    let date = u8::try_from(day)
        .ok()
        .and_then(|d| Date::ymd(year, month, d));
    date.ok_or_else(|| {
        (
            format!(
                "{} {year} has {last} days",
                MONTHS
                    .get(month as usize - 1)
                    .copied()
                    .unwrap_or("the month")
            ),
            "check the day of the month",
        )
    })
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The value of a `num_value`: sign, digits with `,` groups of three, optional decimals.
fn number_value(text: &str) -> std::result::Result<f64, (&'static str, Option<&'static str>)> {
    let unsigned = text.trim_start_matches(['+', '-']);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if int.contains(',') {
        let mut groups = int.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return Err((
                "digit groups after `,` have three digits",
                Some(
                    "write thousands like `1,000`; to separate two arguments put a space after the comma: `1, 2`",
                ),
            ));
        }
    }
    let mut clean: String = text.chars().filter(|c| *c != ',' && *c != '+').collect();
    if frac.is_empty() && clean.ends_with('.') {
        clean.pop();
    }
    match clean.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(("the number is too large", None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(date_value("2024-02-29").is_ok());
        assert!(date_value("2023-02-29").is_err());
        assert!(date_value("2023-13").is_err());
        assert!(date_value("2023-00-10").is_err());
        assert!(date_value("2023-9-1").is_err());
        assert!(date_value("23-09-01").is_err());
        assert!(date_value("2023-09-00").is_err());
        assert_eq!(
            date_value("2023-02-30").err().map(|e| e.0),
            Some("February 2023 has 28 days".to_string())
        );
    }

    #[test]
    fn numbers_with_groups_and_decimals() {
        assert_eq!(number_value("1,000"), Ok(1000.0));
        assert_eq!(number_value("-1,234,567.5"), Ok(-1234567.5));
        assert_eq!(number_value("+3.5"), Ok(3.5));
        assert!(number_value("1,00").is_err());
        assert!(number_value("1234,567").is_err());
        assert!(number_value(&"9".repeat(400)).is_err());
    }
}
