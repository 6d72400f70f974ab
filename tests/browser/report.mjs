// Renders a shisetsu HTML report in headless Chromium and checks what a reader would see:
// no console error, no page error, no request leaving the file, and every stacked chart drawn
// with the number of bars it says it has (one a fiscal year) and its legend.
//
// Usage: node report.mjs REPORT.html EXPECTED_BARS [SCREENSHOT.png]
// Prints one JSON object; exits 0 when every check holds, 1 otherwise.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [file, expectedText, screenshot] = process.argv.slice(2);
const expected = Number(expectedText);
if (!file || !Number.isInteger(expected)) {
  console.error('usage: node report.mjs REPORT.html EXPECTED_BARS [SCREENSHOT.png]');
  process.exit(2);
}
const url = pathToFileURL(resolve(file)).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request beyond the file: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });

  const charts = await page.$$eval('svg.chart', (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      return {
        id: svg.dataset.chart,
        kind: svg.classList.contains('stacked') ? 'stacked' : 'lines',
        declared: Number(svg.dataset.bars),
        bars: svg.querySelectorAll('g.bar').length,
        drawnBars: [...svg.querySelectorAll('g.bar')].filter((g) => g.getBoundingClientRect().height > 0).length,
        series: svg.querySelectorAll('polyline.series').length,
        keys: svg.querySelectorAll('rect.key').length,
        width: box.width,
        height: box.height,
      };
    }),
  );
  const stacked = charts.filter((c) => c.kind === 'stacked');
  const lines = charts.filter((c) => c.kind === 'lines');
  if (charts.length < 2) problems.push(`only ${charts.length} charts`);
  if (stacked.length === 0) problems.push('no stacked bar chart');
  for (const c of stacked) {
    if (c.bars !== expected) problems.push(`${c.id}: ${c.bars} bars, expected ${expected}`);
    if (c.declared !== c.bars) problems.push(`${c.id}: declares ${c.declared} bars, has ${c.bars}`);
    if (c.drawnBars !== c.bars) problems.push(`${c.id}: ${c.bars - c.drawnBars} bars not drawn`);
    if (c.keys === 0) problems.push(`${c.id}: no legend`);
  }
  for (const c of lines) {
    if (c.series === 0) problems.push(`${c.id}: no line`);
  }
  for (const c of charts) {
    if (!(c.width > 100 && c.height > 100)) problems.push(`${c.id}: drawn ${c.width}×${c.height}`);
  }
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: false });
  console.log(JSON.stringify({ charts: charts.length, stacked: stacked.length, problems }));
} finally {
  await browser.close();
}
process.exit(problems.length === 0 ? 0 : 1);
