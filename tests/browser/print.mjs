// Prints a shisetsu HTML page (the report or 施設カルテ) to PDF in headless Chromium, as a reader's
// browser would, and checks the printed pages:
// - no heading (h1–h4) is the last thing on a page (its content would start on the next page);
// - in every scenario section that states its cap (`data-cap-yen`), the stacked chart's cap line
//   is drawn at that cap, measured against the chart's own grid, in a colour no series of any
//   chart of the page has;
// - with --marker REGEX: how many times REGEX matches on each page (one facility a page).
//
// Usage: node print.mjs PAGE.html OUT.pdf [--marker REGEX]
// Prints one JSON object; exits 0 when every check holds, 1 otherwise. Needs `pdftotext`
// (Debian's poppler-utils) to read the printed pages back.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

const args = process.argv.slice(2);
const [file, pdf] = args;
const markerAt = args.indexOf('--marker');
const marker = markerAt >= 0 ? args[markerAt + 1] : null;
if (!file || !pdf) {
  console.error('usage: node print.mjs PAGE.html OUT.pdf [--marker REGEX]');
  process.exit(2);
}
const url = pathToFileURL(resolve(file)).href;
const squash = (t) => t.replace(/\s+/g, '');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const problems = [];
let headings = [];
let caps = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request beyond the file: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  headings = await page.$$eval('h1, h2, h3, h4', (hs) => hs.map((h) => h.innerText));
  // Every colour a series is drawn in, anywhere on the page.
  const seriesColours = await page.$$eval('svg.chart rect[data-series], svg.chart polyline.series', (els) =>
    [...new Set(els.map((e) => (e.getAttribute('fill') !== 'none' && e.getAttribute('fill')) || e.getAttribute('stroke')))].map((c) =>
      (c || '').toLowerCase(),
    ),
  );
  caps = await page.$$eval('section[data-cap-yen]', (sections) =>
    sections.map((sec) => {
      const id = sec.dataset.scenario || sec.id;
      const svg = sec.querySelector('svg.chart.stacked');
      if (!svg) return { id, problem: 'no stacked chart' };
      const rule = svg.querySelector('line.rule[data-key="cap"]');
      if (!rule) return { id, problem: 'no cap line' };
      // The grid: a horizontal line per step, labelled at its left end with its value.
      const labels = new Map();
      for (const t of svg.querySelectorAll('text[text-anchor="end"]')) {
        labels.set(t.getAttribute('y'), Number(t.textContent.replace(/,/g, '')));
      }
      const grid = [...svg.querySelectorAll('line.grid')]
        .map((l) => ({ y: Number(l.getAttribute('y1')), v: labels.get(l.getAttribute('y1')) }))
        .filter((g) => Number.isFinite(g.v))
        .sort((a, b) => a.v - b.v);
      if (grid.length < 2) return { id, problem: 'no grid' };
      const [lo, hi] = [grid[0], grid[grid.length - 1]];
      const cap = Number(sec.dataset.capYen) / 1e8; // the chart is in 億円
      const expected = lo.y + ((cap - lo.v) * (hi.y - lo.y)) / (hi.v - lo.v);
      const drawn = Number(rule.getAttribute('y1'));
      const colour = (rule.getAttribute('stroke') || '').toLowerCase();
      return { id, cap, expected, drawn, colour };
    }),
  );
  for (const c of caps) {
    if (c.problem) problems.push(`${c.id}: ${c.problem}`);
    else if (Math.abs(c.expected - c.drawn) > 0.2)
      problems.push(`${c.id}: cap ${c.cap} drawn at y ${c.drawn}, expected ${c.expected.toFixed(1)}`);
    if (!c.problem && seriesColours.includes(c.colour))
      problems.push(`${c.id}: the cap line's colour ${c.colour} is also a series' colour`);
  }
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
} finally {
  await browser.close();
}

const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { maxBuffer: 1 << 28 }).toString();
const pages = text.split('\f');
if (pages.length > 0 && pages[pages.length - 1].trim() === '') pages.pop();
const headingSet = new Set(headings.map(squash).filter((h) => h.length > 0));
// The check reads the printed text back: without a font for the page's script the text cannot be
// read, and no heading could ever be found at a page foot.
const whole = squash(text);
if (headings.length > 0 && !whole.includes(squash(headings[0])))
  problems.push(`the printed text does not contain the first heading "${headings[0]}" (a font missing?)`);
const markers = [];
pages.forEach((p, i) => {
  const lines = p.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const last = lines.length > 0 ? lines[lines.length - 1] : '';
  if (headingSet.has(squash(last))) problems.push(`page ${i + 1} ends with the heading "${last}"`);
  if (marker !== null) markers.push((p.match(new RegExp(marker, 'g')) || []).length);
});
console.log(JSON.stringify({ pages: pages.length, headings: headings.length, caps: caps.length, markers, problems }));
process.exit(problems.length === 0 ? 0 : 1);
