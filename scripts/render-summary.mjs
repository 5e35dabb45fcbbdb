#!/usr/bin/env node
/**
 * Makes the README's picture of the job summary (docs/summary.png): runs the bundled action the
 * way the GitHub runner does (dist/index.js) against the project's local identity provider and
 * Transfer simulator, four files (one zipped, one failing, a throttled link), takes the job summary
 * it wrote, turns its Markdown into HTML with marked (GitHub-flavoured) and renders its timeline
 * with Mermaid, in Debian's headless Chromium through playwright-core (never a downloaded browser).
 *
 *   node scripts/render-summary.mjs [--out docs/summary.png] [--markdown FILE]
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { marked } from 'marked';
import { chromium } from 'playwright-core';
import { startIdp } from '../test/fixtures/idp.mjs';
import { startTransfer } from '../test/fixtures/transfer.mjs';
import { ROOT, runStep } from './lib/runner.mjs';

const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'docs/summary.png') }, markdown: { type: 'string' } } });
const CHROMIUM = process.env.DOTSTAT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`No browser at ${CHROMIUM}: apt-get install chromium, or set DOTSTAT_CHROMIUM.`);
  process.exit(1);
}

/** How each file fares on the simulator: [queued ms, total ms, outcome]. */
const PLAN = {
  'population.csv': [800, 4000, 'Success'],
  'prices.csv': [2500, 6000, 'Success'],
  'trade.csv': [500, 7000, 'Warning'],
  'employment.csv': [1500, 3000, 'Error'],
};

async function summaryOfARun() {
  const work = mkdtempSync(join(tmpdir(), 'dotstat-render-'));
  const idp = await startIdp();
  const transfer = await startTransfer({
    verifyToken: (token) => idp.verifyAccessToken(token),
    readBytesPerSecond: 1_500_000,
    scenario: (upload) => {
      const name = (upload.file?.filename ?? '').replace(/\.zip$/, '');
      const [queuedMs, durationMs, outcome] = PLAN[name] ?? [500, 2000, 'Success'];
      const logs =
        outcome === 'Error'
          ? [
              { level: 'ERROR', message: 'Row 2: the code X99 is not in codelist CL_AREA.' },
              { level: 'ERROR', message: 'Row 7: the code X99 is not in codelist CL_AREA.' },
            ]
          : undefined;
      return { queuedMs, durationMs, outcome, executionStatus: 'Completed', ...(logs ? { logs } : {}) };
    },
  });
  try {
    mkdirSync(join(work, 'out'));
    copyFileSync(join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv'), join(work, 'out/population.csv'));
    copyFileSync(join(ROOT, 'test/data/sample-sdmx-csv-2.0.csv'), join(work, 'out/prices.csv'));
    copyFileSync(join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv'), join(work, 'out/employment.csv'));
    const made = spawnSync(process.execPath, [join(ROOT, 'scripts/make-sdmx-csv.mjs'), '--mb', '30', '--out', join(work, 'out/trade.csv')]);
    if (made.status !== 0) throw new Error(made.stderr.toString());
    const result = await runStep(
      {
        authority: idp.issuer,
        username: 'alice',
        password: 'alice-password',
        'transfer-url': transfer.baseUrl,
        dataspace: 'design',
        file: 'out/population.csv\nout/prices.csv\nout/trade.csv\nout/employment.csv',
        'compress-threshold': '1MB',
        'poll-interval': '0.5',
      },
      { cwd: work, timeoutMs: 120_000 },
    );
    if (!result.summary.includes('```mermaid')) throw new Error(`The run wrote no timeline:\n${result.stdout}`);
    return result.summary;
  } finally {
    await transfer.close();
    await idp.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const markdown = values.markdown ? readFileSync(values.markdown, 'utf8') : await summaryOfARun();
// marked writes a fenced block as <pre><code class="language-mermaid">; Mermaid wants <pre class="mermaid">.
const body = (await marked.parse(markdown, { gfm: true })).replace(
  /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
  (_, source) => `<pre class="mermaid">${source}</pre>`,
);
const mermaidJs = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');
const page = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; margin: 0; padding: 24px; background: #fff; width: 1100px; }
  .frame { border: 1px solid #d1d9e0; border-radius: 6px; padding: 16px 24px; }
  h3 { font-size: 1.25em; margin: 0 0 12px; } h4 { font-size: 1em; margin: 20px 0 8px; }
  table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d1d9e0; padding: 4px 10px; } th { background: #f6f8fa; }
  code { background: #eff1f3; border-radius: 4px; padding: 0 4px; font-size: 85%; } details { margin: 6px 0; } summary { cursor: pointer; }
  pre.mermaid { background: none; }
</style></head><body><div class="frame">${body}</div></body></html>`;

/* global document, mermaid -- the functions given to evaluate() run in the page */
const profile = mkdtempSync(join(tmpdir(), 'dotstat-chromium-'));
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args, viewport: { width: 1150, height: 800 } });
try {
  const tab = await context.newPage();
  await tab.setContent(page);
  // The failed file's log open, as a reader would open it.
  await tab.evaluate(() => document.querySelectorAll('details').forEach((d, i) => i === 3 && (d.open = true)));
  await tab.addScriptTag({ content: mermaidJs });
  await tab.evaluate(async () => {
    mermaid.initialize({ startOnLoad: false, gantt: { useWidth: 1000 } });
    await mermaid.run({ querySelector: 'pre.mermaid' });
  });
  const errors = await tab.evaluate(() => document.querySelectorAll('.error-icon, [aria-roledescription="error"]').length);
  if (errors) throw new Error('Mermaid could not render the timeline.');
  const out = resolve(values.out);
  mkdirSync(join(out, '..'), { recursive: true });
  await tab.locator('.frame').screenshot({ path: out });
  writeFileSync(out.replace(/\.png$/, '.md'), markdown);
  console.log(`Wrote ${out} (and the Markdown beside it).`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
