/**
 * Review: with uploads at once, each file's lines are kept in the files' order (inFileOrder in
 * publish.ts); the progress reporter's "Uploaded x" line is one of the file's own lines, so it
 * must not come out before that file's "Uploading x … to data space" line.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import type { Authorizer } from '../../../src/oidc/session.js';
import { createProgress, MAX_GAP_MS } from '../../../src/report/progress.js';
import { publish } from '../../../src/transfer/publish.js';
import { startTransfer } from '../../fixtures/transfer.mjs';
import { transferConfig } from '../../support/builders.js';
import { fastRetry, HTTP, recordingLogger } from '../../support/unit.js';

const CSV = join(import.meta.dirname, '../../data/sample-sdmx-csv-1.0.csv');
const dir = mkdtempSync(join(tmpdir(), 'dotstat-publish-order-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

it('two uploads at once, the second ends first: its "Uploaded" line comes after its "Uploading" line', async () => {
  const transfer = await startTransfer();
  try {
    // The progress reporter's clock is faked; the HTTP exchange runs on the real one.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    const gates = new Map<string, { reached: () => void; open: Promise<void>; release: () => void }>();
    const reached: Promise<void>[] = [];
    for (const name of ['a.csv', 'b.csv']) {
      let release!: () => void;
      let reach!: () => void;
      reached.push(new Promise<void>((resolve) => (reach = resolve)));
      gates.set(name, { reached: reach, release: () => release(), open: new Promise<void>((resolve) => (release = resolve)) });
    }
    // Each upload is held after the service answered, still in flight for the progress reporter.
    const auth: Authorizer = {
      async withToken(what, call) {
        const result = await call('token-1');
        const gate = gates.get(/upload of (\S+)/.exec(what)?.[1] ?? '');
        gate?.reached();
        await gate?.open;
        return result;
      },
    };
    const log = recordingLogger();
    const progress = createProgress({ line: (text) => log.info(text) });
    const file = { path: CSV, size: statSync(CSV).size, contentType: 'text/csv' };
    const config = transferConfig({ baseUrl: new URL(transfer.baseUrl), uploadConcurrency: 2, wait: false });
    const done = publish(config, [{ file: { ...file, name: 'a.csv' } }, { file: { ...file, name: 'b.csv' } }], {
      http: HTTP,
      retry: fastRetry(),
      log,
      auth,
      redact: (text) => text,
      onRegistered: () => undefined,
      tempDir: dir,
      progress,
    });
    await Promise.all(reached);
    vi.advanceTimersByTime(MAX_GAP_MS);
    gates.get('b.csv')?.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gates.get('a.csv')?.release();
    await done;
    const lines = log.lines.map((l) => l.message);
    expect(lines.some((l) => l.startsWith('Uploading 2 files:'))).toBe(true);
    const uploading = lines.findIndex((l) => l.startsWith('Uploading b.csv ('));
    const uploaded = lines.findIndex((l) => l.startsWith('Uploaded b.csv:'));
    expect(uploaded, lines.join('\n')).toBeGreaterThan(-1);
    expect(uploaded, lines.join('\n')).toBeGreaterThan(uploading);
    expect(lines.findIndex((l) => l.startsWith('Uploaded a.csv:'))).toBeLessThan(uploading);
  } finally {
    vi.useRealTimers();
    await transfer.close();
  }
});
