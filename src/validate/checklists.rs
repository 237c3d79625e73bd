//! Rules for checklists. Filled in by the checklists work.

use super::Reference;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::model::common::Date;

pub fn validate(_site: &Site, _build_date: Date, _refs: &mut Vec<Reference>, _diags: &Diagnostics) {}
