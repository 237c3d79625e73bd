// Interaction check: checklist progress is saved in the browser.
//
// Markup contract: <form data-checklist="ID"> containing <input type="checkbox" data-item="ITEMID">.
// In every checklist on the page the first unchecked box is ticked (as a user would, by clicking);
// the page is then loaded again (in a fresh tab of the same browser profile, so the browser's own
// form-state restoration cannot fake it) and the box must still be ticked. localStorage is cleared
// afterwards.

const attr = (v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;

export default {
  name: 'checklist',
  selector: 'form[data-checklist]',
  async run(page, url, ctx) {
    const findings = [];
    const forms = await page.$$eval('form[data-checklist]', (fs) => fs.map((f) => ({
      id: f.getAttribute('data-checklist'),
      items: [...f.querySelectorAll('input[type="checkbox"][data-item]')]
        .map((i) => ({ item: i.getAttribute('data-item'), checked: i.checked, disabled: i.disabled })),
    })));
    const ticked = [];
    for (const f of forms) {
      if (!f.id) { findings.push('<form data-checklist> without an id'); continue; }
      if (!f.items.length) { findings.push(`checklist "${f.id}" has no <input type="checkbox" data-item>`); continue; }
      const first = f.items.find((i) => !i.checked && !i.disabled);
      if (!first) continue; // nothing left to tick on a fresh profile: nothing to test here
      const sel = `form[data-checklist=${attr(f.id)}] input[type="checkbox"][data-item=${attr(first.item)}]`;
      const box = page.locator(sel).first();
      try {
        await box.check({ timeout: 3000 });
      } catch {
        try {
          await box.check({ force: true, timeout: 2000 }); // visually hidden native box behind a styled label
        } catch (e) {
          findings.push(`checklist "${f.id}": cannot tick item "${first.item}": ${e.message.split('\n')[0]}`);
          continue;
        }
      }
      ticked.push({ form: f.id, item: first.item, sel });
    }
    if (!ticked.length) return findings;

    await page.waitForTimeout(100); // let debounced savers run
    const again = await ctx.newPage();
    try {
      await again.goto(url, { waitUntil: 'load' });
      for (const t of ticked) {
        const ok = await again.waitForFunction(
          (sel) => { const el = document.querySelector(sel); return !!(el && el.checked); },
          t.sel, { timeout: 2000 },
        ).then(() => true, () => false);
        if (!ok) findings.push(`checklist "${t.form}": item "${t.item}" was ticked, but is not ticked after reloading the page (progress not saved in the browser)`);
      }
      await again.evaluate(() => { try { localStorage.clear(); } catch { /* ignore */ } });
    } finally {
      await again.close().catch(() => {});
    }
    return findings;
  },
};
