//! Risk register pages.

use super::nav::NavEntry;
use super::{Files, LinkSink, RenderEnv, SiteIndex};
use crate::diagnostics::Diagnostics;
use crate::model::{Data, Site};

pub fn register(_site: &Site, _index: &mut SiteIndex) {}

pub fn nav_entries(_site: &Site, _data: &Data) -> Vec<NavEntry> {
    Vec::new()
}

pub fn render(_env: &RenderEnv<'_>, _sink: &LinkSink, _diags: &Diagnostics) -> Files {
    Files::new()
}
