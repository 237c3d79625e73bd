//! A small RDF graph and its two written forms, RDF/XML and JSON-LD, for the open data catalogue.
//!
//! Every subject is an IRI (no blank nodes), so both forms name the same nodes and a harvester
//! that merges them gets one graph. RDF/XML is written in the nested form of the DCAT-AP.de
//! examples (a node inside the property that first refers to it), because some harvesters read
//! it with XPath rather than an RDF parser; JSON-LD is a flat `@graph` with an inline context, so
//! no processor has to fetch one from another host.

use serde_json::{Map, Value, json};

/// Prefixes used in property, type and datatype names (`dct:title`).
pub const NAMESPACES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("dcatde", "http://dcat-ap.de/def/dcatde/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// `dct:title` → `http://purl.org/dc/terms/title`.
pub fn expand(name: &str) -> String {
    let (prefix, local) = name.split_once(':').unwrap_or(("", name));
    match NAMESPACES.iter().find(|(p, _)| *p == prefix) {
        Some((_, ns)) => format!("{ns}{local}"),
        None => name.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Object {
    Iri(String),
    /// A literal with a datatype (`xsd:date`) or a language, or neither.
    Literal {
        value: String,
        datatype: Option<&'static str>,
        lang: Option<&'static str>,
    },
}

impl Object {
    pub fn text(value: impl Into<String>, lang: &'static str) -> Self {
        Object::Literal {
            value: value.into(),
            datatype: None,
            lang: Some(lang),
        }
    }

    pub fn plain(value: impl Into<String>) -> Self {
        Object::Literal {
            value: value.into(),
            datatype: None,
            lang: None,
        }
    }

    pub fn typed(value: impl Into<String>, datatype: &'static str) -> Self {
        Object::Literal {
            value: value.into(),
            datatype: Some(datatype),
            lang: None,
        }
    }

    /// Whether the value says nothing (an empty text or address).
    pub fn is_empty(&self) -> bool {
        match self {
            Object::Iri(i) => i.trim().is_empty(),
            Object::Literal { value, .. } => value.trim().is_empty(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Node {
    pub iri: String,
    /// `dcat:Dataset`; the first one names the element in RDF/XML.
    pub types: Vec<&'static str>,
    pub props: Vec<(&'static str, Object)>,
}

impl Node {
    pub fn new(iri: impl Into<String>, kind: &'static str) -> Self {
        Node {
            iri: iri.into(),
            types: vec![kind],
            props: Vec::new(),
        }
    }

    pub fn add(&mut self, prop: &'static str, o: Object) {
        self.props.push((prop, o));
    }

    pub fn iri(&mut self, prop: &'static str, iri: impl Into<String>) {
        self.add(prop, Object::Iri(iri.into()));
    }

    /// The values of `prop` that say something.
    pub fn values(&self, prop: &str) -> impl Iterator<Item = &Object> {
        self.props
            .iter()
            .filter(move |(p, o)| *p == prop && !o.is_empty())
            .map(|(_, o)| o)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
}

impl Graph {
    pub fn node(&self, iri: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.iri == iri)
    }
}

/// Text for XML content and attribute values. Characters XML 1.0 cannot carry at all (most
/// control characters) are dropped; a carriage return is written as a reference, or a parser
/// would turn it into a line feed.
pub(crate) fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The graph as RDF/XML: nodes nested where they are first referred to, starting from those no
/// other node refers to, in graph order.
pub fn to_rdfxml(g: &Graph) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF");
    for (p, ns) in NAMESPACES {
        out.push_str(&format!("\n    xmlns:{p}=\"{ns}\""));
    }
    out.push_str(">\n");
    let referenced: Vec<&str> = g
        .nodes
        .iter()
        .flat_map(|n| n.props.iter())
        .filter_map(|(_, o)| match o {
            Object::Iri(i) => Some(i.as_str()),
            _ => None,
        })
        .collect();
    let mut written = vec![false; g.nodes.len()];
    let roots: Vec<usize> = (0..g.nodes.len())
        .filter(|&i| !referenced.contains(&g.nodes[i].iri.as_str()))
        .collect();
    let rest: Vec<usize> = (0..g.nodes.len()).collect();
    for i in roots.into_iter().chain(rest) {
        if !written[i] {
            write_node(g, i, 1, &mut written, &mut out);
        }
    }
    out.push_str("</rdf:RDF>\n");
    out
}

fn write_node(g: &Graph, i: usize, depth: usize, written: &mut [bool], out: &mut String) {
    written[i] = true;
    let n = &g.nodes[i];
    let pad = "  ".repeat(depth);
    let element = n.types.first().copied().unwrap_or("rdf:Description");
    out.push_str(&format!(
        "{pad}<{element} rdf:about=\"{}\">\n",
        xml_text(&n.iri)
    ));
    for t in n.types.iter().skip(1) {
        out.push_str(&format!(
            "{pad}  <rdf:type rdf:resource=\"{}\"/>\n",
            xml_text(&expand(t))
        ));
    }
    for (prop, o) in &n.props {
        match o {
            Object::Iri(iri) => match g.nodes.iter().position(|m| &m.iri == iri) {
                Some(j) if !written[j] => {
                    out.push_str(&format!("{pad}  <{prop}>\n"));
                    write_node(g, j, depth + 2, written, out);
                    out.push_str(&format!("{pad}  </{prop}>\n"));
                }
                _ => out.push_str(&format!(
                    "{pad}  <{prop} rdf:resource=\"{}\"/>\n",
                    xml_text(iri)
                )),
            },
            Object::Literal {
                value,
                datatype,
                lang,
            } => {
                let attr = match (datatype, lang) {
                    (Some(d), _) => format!(" rdf:datatype=\"{}\"", xml_text(&expand(d))),
                    (None, Some(l)) => format!(" xml:lang=\"{l}\""),
                    (None, None) => String::new(),
                };
                out.push_str(&format!(
                    "{pad}  <{prop}{attr}>{}</{prop}>\n",
                    xml_text(value)
                ));
            }
        }
    }
    out.push_str(&format!("{pad}</{element}>\n"));
}

/// The graph as JSON-LD: one object per node in `@graph`, names shortened by the inline context.
pub fn to_jsonld(g: &Graph) -> String {
    let context: Map<String, Value> = NAMESPACES
        .iter()
        .filter(|(p, _)| *p != "rdf")
        .map(|(p, ns)| (p.to_string(), Value::String(ns.to_string())))
        .collect();
    let nodes: Vec<Value> = g
        .nodes
        .iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("@id".into(), json!(n.iri));
            m.insert("@type".into(), json!(n.types));
            let mut props: Vec<&str> = n.props.iter().map(|(p, _)| *p).collect();
            props.dedup();
            for p in props {
                let values: Vec<Value> = n
                    .props
                    .iter()
                    .filter(|(q, _)| *q == p)
                    .map(|(_, o)| match o {
                        Object::Iri(i) => json!({ "@id": i }),
                        Object::Literal {
                            value,
                            datatype: Some(d),
                            ..
                        } => json!({ "@value": value, "@type": d }),
                        Object::Literal {
                            value,
                            lang: Some(l),
                            ..
                        } => json!({ "@value": value, "@language": l }),
                        Object::Literal { value, .. } => json!(value),
                    })
                    .collect();
                let v = match <[Value; 1]>::try_from(values) {
                    Ok([one]) => one,
                    Err(many) => Value::Array(many),
                };
                m.insert(p.to_string(), v);
            }
            Value::Object(m)
        })
        .collect();
    let doc = json!({ "@context": context, "@graph": nodes });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        let mut a = Node::new("https://x.example/c#a", "dcat:Catalog");
        a.add("dct:title", Object::text("A & <B> \"C\"\r\u{1}", "de"));
        a.iri("dcat:dataset", "https://x.example/c#b");
        a.iri("dcat:dataset", "https://x.example/c#b");
        let mut b = Node::new("https://x.example/c#b", "dcat:Dataset");
        b.add("dcat:byteSize", Object::typed("12", "xsd:decimal"));
        Graph { nodes: vec![b, a] }
    }

    #[test]
    fn rdfxml_nests_a_node_once_and_escapes_text() {
        let x = to_rdfxml(&sample());
        // The catalogue is the root although it comes second; the dataset is inside it once,
        // and referred to by address the second time.
        let cat = x.find("<dcat:Catalog").unwrap();
        let ds = x.find("<dcat:Dataset").unwrap();
        assert!(cat < ds, "{x}");
        assert_eq!(x.matches("<dcat:Dataset rdf:about").count(), 1, "{x}");
        assert!(x.contains("<dcat:dataset rdf:resource=\"https://x.example/c#b\"/>"));
        assert!(
            x.contains(">A &amp; &lt;B&gt; &quot;C&quot;&#13;</dct:title>"),
            "{x}"
        );
        assert!(x.contains(
            "<dcat:byteSize rdf:datatype=\"http://www.w3.org/2001/XMLSchema#decimal\">12</dcat:byteSize>"
        ));
    }

    #[test]
    fn jsonld_has_one_object_per_node_with_typed_values() {
        let v: Value = serde_json::from_str(&to_jsonld(&sample())).unwrap();
        let graph = v["@graph"].as_array().unwrap();
        assert_eq!(graph.len(), 2);
        assert_eq!(graph[0]["dcat:byteSize"]["@type"], "xsd:decimal");
        assert_eq!(graph[1]["dct:title"]["@language"], "de");
        assert_eq!(graph[1]["dcat:dataset"].as_array().unwrap().len(), 2);
        assert_eq!(v["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    }
}
