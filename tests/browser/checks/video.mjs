// Interaction check: the two-click video.
//
// Markup contract: an element [data-video] containing a <button>. Before the click the page has no
// <iframe> and has made no request to any host but the serving one. After clicking the button an
// <iframe> whose src starts with https://www.youtube-nocookie.com/embed/ exists. The request to
// youtube-nocookie that the iframe then makes is expected (and aborted by the gate's router, which
// blocks every other host); a request to any other host is a finding.

const PREFIX = 'https://www.youtube-nocookie.com/embed/';
const YT_HOST = 'www.youtube-nocookie.com';

export default {
  name: 'video',
  selector: '[data-video]',
  async run(page, url, ctx) {
    const findings = [];
    const iframesBefore = await page.$$eval('iframe', (fs) => fs.map((f) => f.getAttribute('src') || '(no src)'));
    if (iframesBefore.length) findings.push(`before the click the page already has ${iframesBefore.length} iframe(s): ${iframesBefore.join(', ')}`);
    for (const r of ctx.requests.filter((x) => x.foreign)) findings.push(`before the click: request to another host ${r.url}`);

    ctx.allowHost(YT_HOST);
    const mark = ctx.requests.length;
    const videos = page.locator('[data-video]');
    const n = await videos.count();
    for (let i = 0; i < n; i++) {
      const v = videos.nth(i);
      const label = `[data-video] #${i + 1}`;
      const button = v.locator('button').first();
      if (!(await button.count())) { findings.push(`${label} has no <button>`); continue; }
      const before = await page.$$eval('iframe', (fs, p) => fs.filter((f) => (f.getAttribute('src') || '').startsWith(p)).length, PREFIX);
      try {
        await button.click({ timeout: 3000 });
      } catch (e) {
        findings.push(`${label}: cannot click its button: ${e.message.split('\n')[0]}`);
        continue;
      }
      const ok = await page.waitForFunction(
        ([p, b]) => [...document.querySelectorAll('iframe')].filter((f) => (f.getAttribute('src') || '').startsWith(p)).length > b,
        [PREFIX, before], { timeout: 2000 },
      ).then(() => true, () => false);
      if (!ok) {
        const srcs = await page.$$eval('iframe', (fs) => fs.map((f) => f.getAttribute('src') || '(no src)'));
        findings.push(`${label}: after the click there is no iframe with src ${PREFIX}… (iframes: ${srcs.join(', ') || 'none'})`);
      }
    }
    await page.waitForTimeout(200);
    for (const r of ctx.requests.slice(mark)) {
      if (!r.foreign) continue;
      let host = '';
      try { host = new URL(r.url).host; } catch { /* keep */ }
      if (host !== YT_HOST) findings.push(`after the click: request to another host ${r.url}`);
    }
    return findings;
  },
};
