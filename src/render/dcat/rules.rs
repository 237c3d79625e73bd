//! What DCAT-AP.de demands of the catalogue, as one table, and the check of a built graph
//! against it.

use crate::render::rdf::Graph;

/// How binding a rule is, and so how a missing property is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Mandatory in DCAT-AP.de 2.0 (specification "Pflicht" or a MUST of the conventions): an
    /// error, since GovData and Open.NRW reject the catalogue.
    V2,
    /// Made mandatory by the DCAT-AP.de 3.0 draft: a warning.
    V3Draft,
}

/// A property a node of a class must have (one of `any_of`), where it comes from in site.yaml.
#[derive(Debug)]
pub struct Rule {
    pub class: &'static str,
    pub any_of: &'static [&'static str],
    pub level: Level,
    /// Where DCAT-AP.de says so.
    pub source: &'static str,
    /// The site.yaml key the value is made from.
    pub key: &'static str,
}

const fn rule(
    class: &'static str,
    any_of: &'static [&'static str],
    level: Level,
    source: &'static str,
    key: &'static str,
) -> Rule {
    Rule {
        class,
        any_of,
        level,
        source,
        key,
    }
}

/// What DCAT-AP.de 2.0 (specification and Konventionenhandbuch) and the 3.0 draft require of the
/// classes the catalogue uses. Properties both demand appear once, at the 2.0 level.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    rule("dcat:Catalog", &["dct:title"], Level::V2, "2.0 Pflicht", "title"),
    rule("dcat:Catalog", &["dct:description"], Level::V2, "2.0 Pflicht", "title"),
    rule("dcat:Catalog", &["dct:publisher"], Level::V2, "2.0 Pflicht", "legal.publisher.name"),
    rule("dcat:Catalog", &["dcat:dataset"], Level::V2, "2.0 Pflicht", "outputs[].base_url"),
    rule("dcat:Dataset", &["dct:title"], Level::V2, "2.0 Pflicht", "title"),
    rule("dcat:Dataset", &["dct:description"], Level::V2, "2.0 Pflicht", "title"),
    rule("dcat:Dataset", &["dct:publisher"], Level::V3Draft, "3.0-Entwurf Pflicht", "legal.publisher.name"),
    rule("dcat:Distribution", &["dcat:accessURL"], Level::V2, "2.0 Pflicht", "outputs[].base_url"),
    rule("dcat:Distribution", &["dct:license"], Level::V2, "2.0 Konvention 32, 3.0-Entwurf Pflicht", "license"),
    rule("foaf:Organization", &["foaf:name"], Level::V2, "2.0 Pflicht", "legal.publisher.name"),
    rule("vcard:Organization", &["vcard:hasEmail", "vcard:hasURL"], Level::V2, "2.0 Konvention 01", "open_data.contact"),
];

/// A rule a node breaks.
#[derive(Debug)]
pub struct Miss<'a> {
    pub rule: &'a Rule,
    pub node: String,
}

/// Every rule of `rules` that a node of `g` breaks, in graph order.
pub fn check<'a>(g: &Graph, rules: &'a [Rule]) -> Vec<Miss<'a>> {
    let mut out = Vec::new();
    for n in &g.nodes {
        for r in rules.iter().filter(|r| n.types.contains(&r.class)) {
            if !r.any_of.iter().any(|p| n.values(p).next().is_some()) {
                out.push(Miss {
                    rule: r,
                    node: n.iri.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::rdf::{Node, Object};

    #[test]
    fn the_check_finds_every_missing_mandatory_property() {
        let mut g = Graph::default();
        g.nodes
            .push(Node::new("https://x/c#katalog", "dcat:Catalog"));
        let mut d = Node::new("https://x/c#d", "dcat:Distribution");
        d.iri("dcat:accessURL", "https://x/d.csv");
        d.add("dct:license", Object::Iri(" ".into()));
        g.nodes.push(d);
        let mut k = Node::new("https://x/c#k", "vcard:Organization");
        k.iri("vcard:hasURL", "https://x/kontakt");
        g.nodes.push(k);
        let missing: Vec<(&str, &str)> = check(&g, RULES)
            .iter()
            .map(|m| (m.rule.class, m.rule.any_of[0]))
            .collect();
        assert_eq!(
            missing,
            [
                ("dcat:Catalog", "dct:title"),
                ("dcat:Catalog", "dct:description"),
                ("dcat:Catalog", "dct:publisher"),
                ("dcat:Catalog", "dcat:dataset"),
                // An empty value counts as missing.
                ("dcat:Distribution", "dct:license"),
            ]
        );
    }

    #[test]
    fn the_rules_cover_the_mandatory_properties_of_dcat_ap_de() {
        let has = |class: &str, prop: &str, level: Level| {
            RULES
                .iter()
                .any(|r| r.class == class && r.any_of.contains(&prop) && r.level == level)
        };
        for (class, prop) in [
            ("dcat:Catalog", "dct:title"),
            ("dcat:Catalog", "dct:description"),
            ("dcat:Catalog", "dct:publisher"),
            ("dcat:Catalog", "dcat:dataset"),
            ("dcat:Dataset", "dct:title"),
            ("dcat:Dataset", "dct:description"),
            ("dcat:Distribution", "dcat:accessURL"),
            ("dcat:Distribution", "dct:license"),
            ("foaf:Organization", "foaf:name"),
        ] {
            assert!(has(class, prop, Level::V2), "{class} {prop}");
        }
        assert!(has("dcat:Dataset", "dct:publisher", Level::V3Draft));
    }
}
