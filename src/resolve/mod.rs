//! Names → ids, types and arity: turns parsed rule files into a [`hir::Program`].

pub mod hir;
