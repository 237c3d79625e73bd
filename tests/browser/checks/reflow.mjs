// Interaction check: reflow at 320 CSS px (WCAG 1.4.10) of the pages with stacking tables.
//
// Markup contract: table.kf-stack (the risk register, the measure list, the other record tables and
// the year tables of a provisioning page) is readable on a phone without scrolling sideways. On
// every page that has one, at a 320 px wide viewport: the page does not scroll sideways
// (document.documentElement.scrollWidth <= 320) and no table cell is wider than the viewport
// (cells inside a visually hidden header row — 1px, overflow hidden — are left out). A table in
// a .table-scroll box may still scroll there (the risk matrix, two-dimensional, may).

const WIDTH = 320;

export default {
  name: 'reflow',
  selector: 'table.kf-stack',
  async run(page) {
    const size = page.viewportSize();
    await page.setViewportSize({ width: WIDTH, height: 800 });
    try {
      // two frames: the resize has been laid out and the page's resize handlers have run
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      return await page.evaluate((width) => {
        const findings = [];
        const sw = document.documentElement.scrollWidth;
        const clipped = (el) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const cs = getComputedStyle(p);
            if (cs.overflow !== 'visible' && p.getBoundingClientRect().width <= 1) return true;
          }
          return false;
        };
        const name = (el) => {
          let s = el.tagName.toLowerCase();
          if (el.id) s += `#${el.id}`;
          else if (el.className && typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
          return s;
        };
        if (sw > width) {
          // name the widest elements that are not inside a box that scrolls by itself
          const inScroller = (el) => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
              if (getComputedStyle(p).overflowX !== 'visible') return true;
            }
            return false;
          };
          const wide = [...document.body.querySelectorAll('*')]
            .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !inScroller(el))
            .sort((x, y) => y.getBoundingClientRect().right - x.getBoundingClientRect().right)
            .slice(0, 3).map((el) => `${name(el)} (to ${Math.round(el.getBoundingClientRect().right)} px)`);
          findings.push(`the page scrolls sideways at ${width} px: scrollWidth ${sw}${wide.length ? `; widest: ${wide.join(', ')}` : ''}`);
        }
        for (const cell of document.querySelectorAll('td, th')) {
          const w = cell.getBoundingClientRect().width;
          if (w > width && !clipped(cell)) {
            const table = cell.closest('table');
            const cap = table && table.caption ? table.caption.textContent.trim().slice(0, 50) : (table && table.id) || 'table';
            findings.push(`a cell of "${cap}" is ${Math.round(w)} px wide at a ${width} px viewport: "${cell.textContent.trim().slice(0, 40)}"`);
            if (findings.length >= 10) break;
          }
        }
        return findings;
      }, WIDTH);
    } finally {
      if (size) await page.setViewportSize(size);
    }
  },
};
