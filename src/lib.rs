//! krisenfest: a static site generator for a municipality's IT masterplan and training kit.
//!
//! Pipeline: [`load`] → [`validate`] → compute → [`render`] → [`check`] → [`output`], driven by
//! [`build::build`].

// `Diagnostic` is the error type of every stage: it is built on the cold path of a user mistake
// and carries file, position, label and hint by value; boxing it would buy nothing measurable.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod cli;
pub mod compute;
pub mod config;
pub mod diagnostics;
pub mod fasthash;
pub mod files;
pub mod format;
pub mod index;
pub mod load;
pub mod markdown;
pub mod model;
pub mod outdir;
pub mod output;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod slug;
pub mod source;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod yaml;
