//! krisenfest: a static site generator for a municipality's IT masterplan and training kit.
//!
//! Pipeline: [`load`] → [`validate`] → compute → [`render`] → [`check`] → [`output`], driven by
//! [`build::build`].

pub mod build;
pub mod check;
pub mod cli;
pub mod compute;
pub mod config;
pub mod diagnostics;
pub mod format;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod source;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod yaml;
