//! The plan as plain data: pages, records, static files. Ordered collections only (BTreeMap,
//! sorted Vec) so that output never depends on hash order.

pub mod common;
pub mod page;

use std::path::PathBuf;

use crate::config::SiteConfig;
pub use page::Page;

/// A file copied verbatim into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    pub src: PathBuf,
    pub display: PathBuf,
    /// Output path relative to the output root.
    pub out: String,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub data: Vec<DataFile>,
    pub statics: Vec<StaticFile>,
}

/// A data file under content/data/, read but not yet parsed into records.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub kind: String,
    pub file: PathBuf,
    pub text: std::sync::Arc<str>,
}
