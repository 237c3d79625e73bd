//! TEMPORARY scaffold: replaced by the full record type.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::common::Audience;
use super::risk::record_impl;
use super::records::Record;

#[derive(Debug, Clone, Deserialize)]
pub struct Evaluation {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub audience: Option<Spanned<Audience>>,
}
record_impl!(Evaluation);
