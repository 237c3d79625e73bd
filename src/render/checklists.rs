//! Checklist pages. Filled in by the checklists work.

use super::nav::NavEntry;
use super::{Files, LinkSink, RenderEnv, SiteIndex};
use crate::diagnostics::Diagnostics;
use crate::model::{Data, Site};

/// Register every decision page in the index (for `@ID` links and audience checks).
pub fn register(_site: &Site, _index: &mut SiteIndex) {}

/// Navigation entries of the checklist pages visible in this output.
pub fn nav_entries(_env_site: &Site, _data: &Data) -> Vec<NavEntry> {
    Vec::new()
}

pub fn render(_env: &RenderEnv<'_>, _sink: &LinkSink, _diags: &Diagnostics) -> Files {
    Files::new()
}
