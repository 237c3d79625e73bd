// Interaction check: in forced-colours mode (Windows high contrast) every focusable element shows
// that it has the focus.
//
// On every page: with `forced-colors: active` emulated, each visible focusable element (links,
// buttons, form fields, summary, [tabindex] ≥ 0) is focused after a keypress (so :focus-visible
// applies as for a keyboard user) and its computed style is compared with the unfocused one. It
// passes when focusing adds a visible indicator: an outline that is not transparent, a box-shadow,
// a border that gets wider or changes colour (not one that goes away), a new background, or the
// element coming into view (a skip link). Computed values are what the browser paints in forced
// colours (system colours replace author colours unless forced-color-adjust:none), so a
// transparent outline kept by forced-color-adjust:none is caught — screenshots would not catch a
// box whose only change on focus is that its border disappears.

const FOCUSABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

export default {
  name: 'forced-colors',
  selector: 'body',
  async run(page) {
    await page.emulateMedia({ forcedColors: 'active' });
    try {
      // keyboard modality: a programmatic focus after a keypress matches :focus-visible
      await page.keyboard.press('Shift');
      return await page.evaluate((sel) => {
        const alpha = (c) => {
          if (!c || c === 'transparent') return 0;
          const m = c.match(/rgba?\(([^)]+)\)/);
          if (!m) return 1;
          const p = m[1].split(/[ ,/]+/).filter(Boolean);
          return p.length > 3 ? parseFloat(p[3]) : 1;
        };
        const px = (v) => parseFloat(v) || 0;
        // any CSS colour (rgb, oklch, system colours) → [r, g, b, a] through a 1×1 canvas
        const cv = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
        const rgba = (c) => {
          cv.clearRect(0, 0, 1, 1);
          cv.fillStyle = '#000'; cv.fillStyle = c; cv.fillRect(0, 0, 1, 1);
          return [...cv.getImageData(0, 0, 1, 1).data];
        };
        const lum = ([r, g, b]) => {
          const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        // a changed colour counts as a focus indicator only with 3:1 against the old one
        // (WCAG 2.2 focus appearance): KERN's focused box turning from white to #f3f4f7 does not
        const contrasts = (x, y) => {
          const a = rgba(x), b = rgba(y);
          if (a[3] === 0 || b[3] === 0) return a[3] !== b[3];
          const [l1, l2] = [lum(a), lum(b)].sort((m, n) => n - m);
          return (l1 + 0.05) / (l2 + 0.05) >= 3;
        };
        const snap = (el) => {
          const cs = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          const sides = ['Top', 'Right', 'Bottom', 'Left'].map((s) => ({
            w: cs[`border${s}Style`] === 'none' ? 0 : px(cs[`border${s}Width`]), c: cs[`border${s}Color`],
          }));
          return {
            outline: cs.outlineStyle === 'none' || alpha(cs.outlineColor) === 0 ? 0 : px(cs.outlineWidth),
            outlineKey: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} ${cs.outlineOffset}`,
            shadow: cs.boxShadow, bg: cs.backgroundColor, sides,
            inView: r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.width > 1 && r.height > 1,
          };
        };
        const visible = (el) => {
          if (el.closest('[hidden], [inert]')) return false;
          const cs = getComputedStyle(el);
          if (cs.visibility === 'hidden' || cs.display === 'none') return false;
          return el.getClientRects().length > 0;
        };
        const label = (el) => {
          let s = el.tagName.toLowerCase();
          if (el.id) s += `#${el.id}`;
          else if (el.className && typeof el.className === 'string') s += `.${el.className.trim().split(/\s+/).join('.')}`;
          const t = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('href') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
          return t ? `${s} "${t}"` : s;
        };
        const findings = [];
        let checked = 0;
        for (const el of document.querySelectorAll(sel)) {
          if (!visible(el)) continue;
          if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
          const a = snap(el);
          el.focus({ preventScroll: true });
          if (document.activeElement !== el) continue; // not focusable after all (disabled, …)
          checked += 1;
          const b = snap(el);
          const ok = (b.outline > 0 && b.outlineKey !== a.outlineKey)
            || (b.shadow !== a.shadow && b.shadow !== 'none')
            || b.sides.some((s, i) => s.w > 0 && alpha(s.c) > 0 && (s.w > a.sides[i].w || (a.sides[i].w > 0 && contrasts(s.c, a.sides[i].c))))
            || (b.bg !== a.bg && alpha(b.bg) > 0 && contrasts(b.bg, a.bg))
            || (b.inView && !a.inView);
          if (!ok) findings.push(`${label(el)} shows no change when focused in forced-colours mode (outline ${b.outlineKey}, border ${b.sides.map((s) => `${s.w}px ${s.c}`)[0]})`);
        }
        if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
        if (findings.length > 10) findings.splice(10, findings.length - 10, `… and ${findings.length - 10} more (of ${checked} focusable elements)`);
        return findings;
      }, FOCUSABLE);
    } finally {
      await page.emulateMedia({ forcedColors: null });
    }
  },
};
