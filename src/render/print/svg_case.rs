//! The tokenizer lowers every name; SVG's mixed-case names are restored from the tables the
//! HTML parser itself uses for foreign content (WHATWG HTML, "adjust SVG attributes" and the
//! tag names of "in foreign content"), or a chart would lose its `viewBox`.

const ELEMENTS: [&str; 37] = [
    "altGlyph",
    "altGlyphDef",
    "altGlyphItem",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "clipPath",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "foreignObject",
    "glyphRef",
    "linearGradient",
    "radialGradient",
    "textPath",
];

const ATTRIBUTES: [&str; 58] = [
    "attributeName",
    "attributeType",
    "baseFrequency",
    "baseProfile",
    "calcMode",
    "clipPathUnits",
    "diffuseConstant",
    "edgeMode",
    "filterUnits",
    "glyphRef",
    "gradientTransform",
    "gradientUnits",
    "kernelMatrix",
    "kernelUnitLength",
    "keyPoints",
    "keySplines",
    "keyTimes",
    "lengthAdjust",
    "limitingConeAngle",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "maskContentUnits",
    "maskUnits",
    "numOctaves",
    "pathLength",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "preserveAspectRatio",
    "primitiveUnits",
    "refX",
    "refY",
    "repeatCount",
    "repeatDur",
    "requiredExtensions",
    "requiredFeatures",
    "specularConstant",
    "specularExponent",
    "spreadMethod",
    "startOffset",
    "stdDeviation",
    "stitchTiles",
    "surfaceScale",
    "systemLanguage",
    "tableValues",
    "targetX",
    "targetY",
    "textLength",
    "viewBox",
    "viewTarget",
    "xChannelSelector",
    "yChannelSelector",
    "zoomAndPan",
];

fn restore<'a>(table: &[&'static str], lower: &'a str) -> &'a str {
    table
        .iter()
        .find(|n| n.eq_ignore_ascii_case(lower))
        .copied()
        .unwrap_or(lower)
}

pub fn element(lower: &str) -> &str {
    restore(&ELEMENTS, lower)
}

pub fn attribute(lower: &str) -> &str {
    restore(&ATTRIBUTES, lower)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_come_back_as_svg_spells_them() {
        assert_eq!(super::attribute("viewbox"), "viewBox");
        assert_eq!(super::attribute("fill"), "fill");
        assert_eq!(super::element("lineargradient"), "linearGradient");
        assert_eq!(super::element("rect"), "rect");
    }
}
