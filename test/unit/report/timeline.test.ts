/**
 * timelineMarkdown(): the gantt block is rendered by Mermaid itself (the npm package's browser
 * bundle) in headless Chromium, as GitHub renders it; it must render without error, with one bar
 * per phase per file, and stay readable for 50 files. Where there is no browser, one line says so
 * and only the rendering is skipped.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { phasesOf } from '../../../src/report/phases.js';
import { MAX_TIMELINE_FILES, timelineMarkdown } from '../../../src/report/timeline.js';
import { SECRETS } from '../../../src/secrets.js';
import type { RequestResult } from '../../../src/transfer/publish.js';
import { success } from '../../support/builders.js';
import { browserMissing, withBrowser } from '../../support/chromium.js';

const missing = browserMissing();
if (missing) console.log(`Mermaid rendering skipped: ${missing}`);
const MERMAID = readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');

const T0 = Date.parse('2026-06-04T08:00:00Z');
function file(i: number, zipped = false): RequestResult {
  const start = T0 + i * 700;
  const zip = zipped ? { zipStartedAt: start, zipEndedAt: start + 4000 } : {};
  const up = start + (zipped ? 4000 : 0);
  return success({
    file: `data/table-${i}.csv`,
    requestId: 154 + i,
    executionStart: undefined,
    executionEnd: undefined,
    timing: { ...zip, uploadStartedAt: up, uploadEndedAt: up + 3000 + i * 100, startedAt: up + 8000 + i * 200, finishedAt: up + 20_000 + i * 1000 },
  });
}

/** The block's text between its fences. */
const blockOf = (lines: readonly string[]) => lines.slice(lines.indexOf('```mermaid') + 1, lines.lastIndexOf('```')).join('\n');

/** Mermaid's own render() in a blank page: the SVG's task bars, or the error it threw. */
async function render(source: string): Promise<{ bars: number; error?: string; sections: string[] }> {
  return withBrowser(async (context) => {
    const page = await context.newPage();
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ content: MERMAID });
    return page.evaluate(async (text) => {
      const mermaid = (globalThis as unknown as { mermaid: { initialize(o: object): void; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      mermaid.initialize({ startOnLoad: false });
      try {
        const { svg } = await mermaid.render('timeline', text);
        const out = (
          globalThis as unknown as {
            document: { getElementById(id: string): { innerHTML: string; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } };
          }
        ).document.getElementById('out');
        out.innerHTML = svg;
        const sections = Array.from(out.querySelectorAll('text.sectionTitle')).map((t) => t.textContent ?? '');
        return { bars: out.querySelectorAll('rect.task').length, sections };
      } catch (error) {
        return { bars: 0, error: String(error), sections: [] };
      }
    }, source);
  });
}

describe('timelineMarkdown()', () => {
  it('none for one file', () => {
    expect(timelineMarkdown([file(0)])).toEqual([]);
  });

  it('a gantt block w/ one bar per phase per file', () => {
    const lines = timelineMarkdown([file(0, true), file(1), file(2)]);
    const source = blockOf(lines);
    expect(source).toMatch(/^---\nconfig:\n {2}gantt:\n {4}displayMode: compact\n[^]*---\ngantt\n {2}title Where the time went\n {2}dateFormat x\n/);
    expect(source).toContain('  section data/table-0.csv (154)\n  zip :done, ');
    expect(source.match(/^ {2}(zip|upload|queued|processing) :/gm)).toHaveLength(4 + 3 + 3);
  });

  it.skipIf(missing)(
    'Mermaid renders it in Chromium without error: one bar per phase per file',
    async () => {
      const results = [file(0, true), file(1), file(2)];
      const out = await render(blockOf(timelineMarkdown(results)));
      expect(out.error).toBeUndefined();
      expect(out.bars).toBe(results.reduce((sum, r) => sum + phasesOf(r).length, 0));
    },
    60_000,
  );

  it.skipIf(missing)(
    '50 files: the slowest get a row each, the rest one row, and a note says so; Mermaid renders it',
    async () => {
      const results = Array.from({ length: 50 }, (_, i) => file(i, i % 5 === 0));
      const lines = timelineMarkdown(results);
      const out = await render(blockOf(lines));
      expect(out.error).toBeUndefined();
      expect(out.sections).toHaveLength(MAX_TIMELINE_FILES);
      expect(out.sections.at(-1)).toBe('39 other files');
      // The slowest (each file takes a second longer than the one before; a zip adds 4 s), in the files' order.
      expect(out.sections.slice(0, 2)).toEqual(['data/table-35.csv (189)', 'data/table-40.csv (194)']);
      expect(out.sections).toContain('data/table-49.csv (203)');
      expect(lines.at(-1)).toContain('shows the 11 slowest of 50 files; the other 39 share the last row');
      expect(out.bars).toBeLessThanOrEqual(MAX_TIMELINE_FILES * 4);
    },
    60_000,
  );

  it.skipIf(missing)(
    'names that Mermaid would read as syntax (: ; # %% and line breaks) and secrets do not pass',
    async () => {
      SECRETS.add('timeline-secret-1');
      const odd = [file(0), file(1)].map((r, i) => ({ ...r, file: i ? 'a: b; c # d %% e\nf.csv' : 'x-timeline-secret-1.csv' }));
      const lines = timelineMarkdown(odd);
      expect(lines.join('\n')).not.toContain('timeline-secret-1');
      const out = await render(blockOf(lines));
      expect(out.error).toBeUndefined();
      expect(out.sections).toEqual(['x-***.csv (154)', 'a b c d e f.csv (155)']);
    },
    60_000,
  );
});
