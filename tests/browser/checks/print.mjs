// Interaction check: print to A4 (issue 20 and 23) of the print edition, the risk register and the
// checklists — what a town hall actually puts on paper.
//
// Markup contract, with the page laid out at the printable width of A4 (210 mm less the 15 mm
// margins of the theme's @page: 180 mm = 680 CSS px) under `media: print`:
// - nothing that works only on screen prints: no visible nav, search form, skip link or button
//   (sort buttons excepted: they hold a column's header text);
// - nothing is cut off at the right edge: no element outside a hidden box reaches past 680 px;
// - every header cell of a table has visible text (a header row repeats on each sheet: an
//   empty one prints as a blank bar);
// - a checklist of up to 25 items prints on one sheet, as its own text promises (PDF by Chromium).

const PRINT_WIDTH = 680;
const ONE_SHEET_ITEMS = 25;

/** Number of pages of a PDF Chromium wrote: the /Count of its page tree's root. */
function pdfPages(buf) {
  const counts = [...buf.toString('latin1').matchAll(/\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 0;
}

export default {
  name: 'print',
  selector: 'body.kind-print, form[data-checklist], table[data-sortable]',
  async run(page) {
    const size = page.viewportSize();
    await page.setViewportSize({ width: PRINT_WIDTH, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    try {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const findings = await page.evaluate((width) => {
        const out = [];
        const shown = (el) => {
          const r = el.getBoundingClientRect();
          return getComputedStyle(el).visibility !== 'hidden' && r.width > 1 && r.height > 1;
        };
        const name = (el) => {
          let s = el.tagName.toLowerCase();
          if (el.id) s += `#${el.id}`;
          else if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
          return s;
        };
        const screenOnly = 'nav:not(.print-toc), form[role="search"], .skip-link, button:not(.sort-button)';
        for (const el of document.querySelectorAll(screenOnly)) {
          if (shown(el)) out.push(`${name(el)} is printed, but works only on screen`);
        }
        const wide = [...document.body.querySelectorAll('*')]
          .filter((el) => el.getBoundingClientRect().right > width + 0.5 && shown(el));
        // the outermost ones name the problem; their children follow from them
        const outer = wide.filter((el) => !wide.some((p) => p !== el && p.contains(el)));
        for (const el of outer.slice(0, 5)) {
          out.push(`${name(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px, past the printable width of ${width} px: cut off on paper`);
        }
        for (const th of document.querySelectorAll('thead th')) {
          if (shown(th.closest('table')) && !th.innerText.trim()) {
            const t = th.closest('table');
            const cap = t.caption ? t.caption.textContent.trim().slice(0, 50) : t.id || 'table';
            out.push(`a header cell of "${cap}" prints empty`);
            break;
          }
        }
        return out;
      }, PRINT_WIDTH);
      const items = await page.$$eval('form[data-checklist] .checklist__item', (els) => els.length);
      if (items > 0 && items <= ONE_SHEET_ITEMS) {
        const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
        const sheets = pdfPages(pdf);
        if (sheets !== 1) findings.push(`the checklist of ${items} items prints on ${sheets} A4 sheets, not on one`);
      }
      return findings;
    } finally {
      await page.emulateMedia({ media: 'screen' });
      if (size) await page.setViewportSize(size);
    }
  },
};
