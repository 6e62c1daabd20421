//! Parse tree → [`ast`](super::super::ast) nodes for the extraction items: lexicons, cues,
//! anaphors, patterns and frames. Besides building, it checks the shape rules a PEG cannot say
//! well: gap lengths, a body that can match something, `{claim}` only in frames (once, at the
//! top level, exactly when the head has a claim), no optional gap, no list of pairs, and the
//! nesting depth of groups (the one place the grammar recurses). Names are left to `resolve`.

use super::super::ast::*;
use super::super::error::SyntaxError;
use super::super::parser::Rule;
use super::{Builder, Result, required};
use crate::source::Span;
use pest::iterators::Pair;

/// Most tokens a `..N` gap may skip.
pub(crate) const MAX_GAP: u32 = 50;

/// Tokens a `...` gap may skip.
pub(crate) const DEFAULT_GAP: u32 = 5;

/// Deepest nesting of groups and optional groups in a body.
pub(crate) const MAX_DEPTH: usize = 8;

/// Which item a body belongs to, for messages and the `{claim}` rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyOf {
    Pattern,
    Frame,
}

impl BodyOf {
    fn word(self) -> &'static str {
        match self {
            BodyOf::Pattern => "pattern",
            BodyOf::Frame => "frame",
        }
    }
}

impl Builder {
    /// `lexicon name: "a", "b"`.
    pub(super) fn lexicon(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<LexiconDecl> {
        let span = self.node_span(&pair);
        let (mut name, mut phrases) = (None, Vec::new());
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.ident(&p)),
                Rule::string => phrases.push(self.phrase(&p, "lexicon")?),
                _ => {}
            }
        }
        Ok(LexiconDecl {
            doc,
            name: required(name, span, "a name")?,
            phrases,
            span,
        })
    }

    /// `cue lexicon => effect`.
    pub(super) fn cue(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<CueDecl> {
        let span = self.node_span(&pair);
        let (mut lexicon, mut effect) = (None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => lexicon = Some(self.ident(&p)),
                Rule::cue_effect => {
                    let inner = self.only_child(p, "a cue effect")?;
                    effect = Some(match inner.as_rule() {
                        Rule::kw_negates => CueEffect::Negates(self.span(inner.as_span())),
                        _ => CueEffect::Modality(self.ident(&inner)),
                    });
                }
                _ => {}
            }
        }
        Ok(CueDecl {
            doc,
            lexicon: required(lexicon, span, "a lexicon")?,
            effect: required(effect, span, "a cue effect")?,
            span,
        })
    }

    /// `anaphor "a", "b": target [pair]`.
    pub(super) fn anaphor(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<AnaphorDecl> {
        let span = self.node_span(&pair);
        let (mut phrases, mut target, mut is_pair) = (Vec::new(), None, false);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => phrases.push(self.phrase(&p, "anaphor")?),
                Rule::name => target = Some(self.ident(&p)),
                Rule::kw_pair => is_pair = true,
                _ => {}
            }
        }
        Ok(AnaphorDecl {
            doc,
            phrases,
            target: required(target, span, "a target")?,
            pair: is_pair,
            span,
        })
    }

    /// A phrase of a lexicon or anaphor: a string with at least one visible character.
    fn phrase(&self, pair: &Pair<'_, Rule>, what: &'static str) -> Result<StrLit> {
        let lit = self.string(pair)?;
        if lit.value.trim().is_empty() {
            return Err(SyntaxError::InvalidPattern {
                span: lit.span,
                what,
                reason: "an empty phrase matches nothing".to_string(),
                help: Some("write at least one word between the quotes".to_string()),
            });
        }
        Ok(lit)
    }

    /// `pattern name: elements => head`.
    pub(super) fn pattern(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<PatternDecl> {
        let (span, name, body, head) = self.item_parts(
            pair,
            BodyOf::Pattern,
            Rule::pattern_head,
            Self::pattern_head,
        )?;
        Ok(PatternDecl {
            doc,
            name,
            body,
            head,
            span,
        })
    }

    /// The parts a `pattern` and a `frame` share: the item's span, its name, its body (checked
    /// by [`check_body`]) and its head, read by `read_head` from the `head_rule` node.
    fn item_parts<H>(
        &self,
        pair: Pair<'_, Rule>,
        of: BodyOf,
        head_rule: Rule,
        read_head: fn(&Self, Pair<'_, Rule>) -> Result<H>,
    ) -> Result<(Span, Ident, Vec<Element>, H)> {
        let span = self.node_span(&pair);
        let (mut name, mut body, mut head) = (None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::name => name = Some(self.ident(&p)),
                Rule::elements => body = Some(self.elements(p, of, 0)?),
                rule if rule == head_rule => head = Some(read_head(self, p)?),
                _ => {}
            }
        }
        let name = required(name, span, "a name")?;
        let body = required(body, span, "a body")?;
        let head = required(head, span, "a head")?;
        check_body(&body, of, span)?;
        Ok((span, name, body, head))
    }

    /// `frame name: elements => head`.
    pub(super) fn frame(&self, pair: Pair<'_, Rule>, doc: Doc) -> Result<FrameDecl> {
        let (span, name, body, head) =
            self.item_parts(pair, BodyOf::Frame, Rule::frame_head, Self::frame_head)?;
        let claims: Vec<Span> = body
            .iter()
            .filter_map(|e| match e {
                Element::Claim(s) => Some(*s),
                _ => None,
            })
            .collect();
        match (head.stance.is_some(), claims.as_slice()) {
            (true, [_]) | (false, []) => {}
            (true, []) => {
                return Err(SyntaxError::InvalidPattern {
                    span: head.span,
                    what: "frame",
                    reason: "the head reports a claim but the body has no `{claim}`".to_string(),
                    help: Some(
                        "add `{claim}` where the reported clause stands, or write the head \
                         without a claim: `=> speaker declined`"
                            .to_string(),
                    ),
                });
            }
            (true, [_, second, ..]) => {
                return Err(SyntaxError::InvalidPattern {
                    span: *second,
                    what: "frame",
                    reason: "a frame reports one `{claim}`".to_string(),
                    help: Some("write two frames".to_string()),
                });
            }
            (false, [first, ..]) => {
                return Err(SyntaxError::InvalidPattern {
                    span: *first,
                    what: "frame",
                    reason: "the head has no claim, so the body cannot have a `{claim}`"
                        .to_string(),
                    help: Some(
                        "write the head as `=> speaker asserts claim` (or `denies`), or remove \
                         `{claim}`"
                            .to_string(),
                    ),
                });
            }
        }
        Ok(FrameDecl {
            doc,
            name,
            body,
            head,
            span,
        })
    }

    fn elements(&self, pair: Pair<'_, Rule>, of: BodyOf, depth: usize) -> Result<Vec<Element>> {
        let mut out = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::element {
                out.push(self.element(p, of, depth)?);
            }
        }
        Ok(out)
    }

    fn element(&self, pair: Pair<'_, Rule>, of: BodyOf, depth: usize) -> Result<Element> {
        let span = self.node_span(&pair);
        let mut inner = pair.into_inner();
        let first = required(inner.next(), span, "an element")?;
        let optional = inner.any(|p| p.as_rule() == Rule::question);
        let element = match first.as_rule() {
            Rule::word => Element::Word(self.ident(&first)),
            Rule::string => {
                let lit = self.string(&first)?;
                if lit.value.trim().is_empty() {
                    return Err(SyntaxError::InvalidPattern {
                        span: lit.span,
                        what: of.word(),
                        reason: "an empty literal matches nothing".to_string(),
                        help: Some("write the exact text to match between the quotes".to_string()),
                    });
                }
                Element::Literal(lit)
            }
            Rule::class_ref => Element::Class(self.context_ref(first)?),
            Rule::gap => self.gap(&first)?,
            Rule::claim_slot => {
                let claim_span = self.node_span(&first);
                if of == BodyOf::Pattern {
                    return Err(SyntaxError::InvalidPattern {
                        span: claim_span,
                        what: "pattern",
                        reason: "`{claim}` belongs in frames".to_string(),
                        help: Some(
                            "a pattern states a proposition; a frame attributes the claim it \
                             surrounds: `frame name: {speaker: actor} said {claim} => speaker \
                             asserts claim`"
                                .to_string(),
                        ),
                    });
                }
                if depth > 0 {
                    return Err(claim_not_top_level(claim_span));
                }
                Element::Claim(claim_span)
            }
            Rule::slot => Element::Slot(self.slot(first, of)?),
            Rule::group => {
                let group_span = self.node_span(&first);
                if depth + 1 > MAX_DEPTH {
                    return Err(SyntaxError::TooDeep {
                        span: group_span,
                        limit: MAX_DEPTH,
                    });
                }
                let mut alternatives = Vec::new();
                for p in first.into_inner() {
                    if p.as_rule() == Rule::elements {
                        alternatives.push(self.elements(p, of, depth + 1)?);
                    }
                }
                if let Some(claim) = alternatives.iter().flatten().find_map(|e| match e {
                    Element::Claim(s) => Some(*s),
                    _ => None,
                }) {
                    return Err(claim_not_top_level(claim));
                }
                Element::Group(Group {
                    alternatives,
                    span: group_span,
                })
            }
            _ => return Err(self.internal(&first, "an element")),
        };
        if !optional {
            return Ok(element);
        }
        match &element {
            Element::Gap(g) => Err(SyntaxError::InvalidPattern {
                span: span.to(g.span),
                what: of.word(),
                reason: "a gap is already optional".to_string(),
                help: Some("remove the `?`: a gap matches zero tokens too".to_string()),
            }),
            Element::Claim(s) => Err(SyntaxError::InvalidPattern {
                span: *s,
                what: of.word(),
                reason: "`{claim}` cannot be optional".to_string(),
                help: Some("a frame without a claim is written `=> speaker declined`".to_string()),
            }),
            _ => Ok(Element::Optional(Box::new(element), span)),
        }
    }

    fn gap(&self, pair: &Pair<'_, Rule>) -> Result<Element> {
        let span = self.span(pair.as_span());
        let text = pair.as_str();
        if text == "..." {
            return Ok(Element::Gap(Gap {
                max: DEFAULT_GAP,
                span,
            }));
        }
        let digits = text.trim_start_matches('.');
        let invalid = |reason: String| SyntaxError::InvalidGap {
            span,
            text: text.chars().take(40).collect(),
            reason,
        };
        match digits.parse::<u32>() {
            Ok(0) => Err(invalid("a gap must allow at least one token".to_string())),
            Ok(n) if n <= MAX_GAP => Ok(Element::Gap(Gap { max: n, span })),
            _ => Err(invalid(format!("a gap spans at most {MAX_GAP} tokens"))),
        }
    }

    fn slot(&self, pair: Pair<'_, Rule>, of: BodyOf) -> Result<Slot> {
        let span = self.node_span(&pair);
        let (mut names, mut ty, mut list) = (Vec::new(), None, false);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::slot_name => names.push(self.ident(&p)),
                Rule::type_name => ty = Some(self.ident(&p)),
                Rule::plus => list = true,
                _ => {}
            }
        }
        if list && names.len() > 1 {
            return Err(SyntaxError::InvalidPattern {
                span,
                what: of.word(),
                reason: "a pair cannot also be a list".to_string(),
                help: Some(
                    "write `{a, b: type}` for two entities or `{items: type+}` for a list"
                        .to_string(),
                ),
            });
        }
        Ok(Slot {
            names,
            ty: required(ty, span, "a slot type")?,
            list,
            span,
        })
    }

    fn pattern_head(&self, pair: Pair<'_, Rule>) -> Result<PatternHead> {
        let span = self.node_span(&pair);
        let (mut negated, mut modality, mut atom) = (false, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_not => negated = true,
                Rule::modality => modality = Some(self.ident(&self.only_child(p, "a modality")?)),
                Rule::head_atom => atom = Some(self.head_atom(p)?),
                _ => {}
            }
        }
        Ok(PatternHead {
            negated,
            modality,
            atom: required(atom, span, "a proposition")?,
            span,
        })
    }

    fn head_atom(&self, pair: Pair<'_, Rule>) -> Result<HeadAtom> {
        let (pred, args, output, span) =
            self.atom_parts(pair, Rule::head_arg, Builder::head_arg)?;
        Ok(HeadAtom {
            pred,
            args,
            output,
            span,
        })
    }

    fn head_arg(&self, pair: Pair<'_, Rule>) -> Result<HeadArg> {
        let inner = self.only_child(pair, "an argument")?;
        match inner.as_rule() {
            Rule::context_ref => Ok(HeadArg::Context(self.context_ref(inner)?)),
            _ => Ok(HeadArg::Term(self.term(inner)?)),
        }
    }

    /// `@name`: the name, with a span that includes the `@`.
    fn context_ref(&self, pair: Pair<'_, Rule>) -> Result<Ident> {
        let span = self.span(pair.as_span());
        let err = self.internal(&pair, "a name");
        let name = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::name)
            .ok_or(err)?;
        Ok(Ident {
            name: name.as_str().to_string(),
            span,
        })
    }

    fn frame_head(&self, pair: Pair<'_, Rule>) -> Result<FrameHead> {
        let span = self.node_span(&pair);
        let (mut speaker, mut stance, mut modality) = (None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::head_speaker => {
                    let who = self.only_child(p, "a speaker")?;
                    speaker = Some(match who.as_rule() {
                        Rule::kw_author => HeadSpeaker::Author(self.span(who.as_span())),
                        Rule::context_ref => HeadSpeaker::Context(self.context_ref(who)?),
                        _ => HeadSpeaker::Name(self.ident(&who)),
                    });
                }
                Rule::stance => stance = Some(self.stance(p)?),
                Rule::modality => modality = Some(self.ident(&self.only_child(p, "a modality")?)),
                _ => {}
            }
        }
        Ok(FrameHead {
            speaker: required(speaker, span, "a speaker")?,
            stance,
            modality,
            span,
        })
    }
}

fn claim_not_top_level(span: Span) -> SyntaxError {
    SyntaxError::InvalidPattern {
        span,
        what: "frame",
        reason: "`{claim}` must stand at the top level of the body".to_string(),
        help: Some("move `{claim}` out of the group".to_string()),
    }
}

/// Whether a sequence can match without consuming a token.
fn can_be_empty(seq: &[Element]) -> bool {
    seq.iter().all(element_can_be_empty)
}

fn element_can_be_empty(e: &Element) -> bool {
    match e {
        Element::Optional(..) | Element::Gap(_) => true,
        Element::Group(g) => g.alternatives.iter().any(|alt| can_be_empty(alt)),
        Element::Word(_)
        | Element::Literal(_)
        | Element::Slot(_)
        | Element::Claim(_)
        | Element::Class(_) => false,
    }
}

/// The whole-body rules: something is required, and no gap at either end.
fn check_body(body: &[Element], of: BodyOf, item: Span) -> Result<()> {
    if can_be_empty(body) {
        let span = match (body.first(), body.last()) {
            (Some(a), Some(b)) => a.span().to(b.span()),
            _ => item,
        };
        return Err(SyntaxError::InvalidPattern {
            span,
            what: of.word(),
            reason: "the body can match no text at all".to_string(),
            help: Some("make at least one word, literal or slot required".to_string()),
        });
    }
    for gap in [body.first(), body.last()].into_iter().flatten() {
        if let Element::Gap(g) = gap {
            return Err(SyntaxError::InvalidPattern {
                span: g.span,
                what: of.word(),
                reason: "a gap at the start or end of a body only widens the match".to_string(),
                help: Some("remove the gap".to_string()),
            });
        }
    }
    Ok(())
}
