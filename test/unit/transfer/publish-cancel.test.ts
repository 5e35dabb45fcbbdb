/**
 * Review: cancelled while the pool's one-at-a-time zip lock holds files back. A file whose zip or
 * upload had not begun when the job was cancelled is "Not uploaded", never zipped after the
 * cancellation, and never said to be "interrupted (the service may have registered it)".
 */
import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Authorizer } from '../../../src/oidc/session.js';
import type { ProgressReporter } from '../../../src/report/progress.js';
import { publish } from '../../../src/transfer/publish.js';
import { startTransfer } from '../../fixtures/transfer.mjs';
import { transferConfig } from '../../support/builders.js';
import { fastRetry, HTTP, recordingLogger } from '../../support/unit.js';

const CSV = join(import.meta.dirname, '../../data/sample-sdmx-csv-1.0.csv');
const dir = mkdtempSync(join(tmpdir(), 'dotstat-publish-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('cancelled during the first zip: the file waiting for the zip lock is not zipped, nor said interrupted', async () => {
  const transfer = await startTransfer();
  try {
    const cancel = new AbortController();
    const started: string[] = [];
    // The job is cancelled as the first zip begins; the second file waits for the lock meanwhile.
    const progress: ProgressReporter = {
      start(kind, name) {
        started.push(`${kind} ${name}`);
        if (started.length === 1) cancel.abort();
        return { update: () => undefined, end: () => undefined };
      },
    };
    const auth: Authorizer = { withToken: (_what, call) => call('token-1') };
    const file = { path: CSV, size: statSync(CSV).size, contentType: 'text/csv' };
    const config = transferConfig({ baseUrl: new URL(transfer.baseUrl), compress: 'zip', uploadConcurrency: 2 });
    const { results, stopped } = await publish(config, [{ file: { ...file, name: 'a.csv' } }, { file: { ...file, name: 'b.csv' } }], {
      http: HTTP,
      retry: { ...fastRetry(), signal: cancel.signal },
      log: recordingLogger(),
      auth,
      redact: (text) => text,
      onRegistered: () => undefined,
      tempDir: dir,
      progress,
    });
    expect(started).toEqual(['zip a.csv']);
    expect(transfer.uploads).toEqual([]);
    expect(stopped?.code).toBe('CANCELLED');
    expect(stopped?.message).toBe('Cancelled while uploading, before any request was registered. Not uploaded: a.csv, b.csv.');
    expect(results.map((r) => r.error)).toEqual(['Not uploaded: the job was cancelled.', 'Not uploaded: the job was cancelled.']);
  } finally {
    await transfer.close();
  }
});

it('two files zipped one at a time: the second zip is timed from its own start, not from its wait for the lock', async () => {
  const transfer = await startTransfer();
  try {
    const auth: Authorizer = { withToken: (_what, call) => call('token-1') };
    const file = { path: CSV, size: statSync(CSV).size, contentType: 'text/csv' };
    const config = transferConfig({ baseUrl: new URL(transfer.baseUrl), compress: 'zip', uploadConcurrency: 2, wait: false });
    const zipping: string[] = [];
    // Each zip is seen for 200 ms by the reporter: the second waits for the first meanwhile.
    const progress: ProgressReporter = {
      start(kind, name) {
        if (kind === 'zip') zipping.push(name);
        const until = Date.now() + 200;
        while (kind === 'zip' && Date.now() < until) {
          /* busy: the zip lasts at least this long */
        }
        return { update: () => undefined, end: () => undefined };
      },
    };
    const { results } = await publish(config, [{ file: { ...file, name: 'a.csv' } }, { file: { ...file, name: 'b.csv' } }], {
      http: HTTP,
      retry: fastRetry(),
      log: recordingLogger(),
      auth,
      redact: (text) => text,
      onRegistered: () => undefined,
      tempDir: dir,
      progress,
    });
    expect(zipping).toEqual(['a.csv', 'b.csv']);
    const [a, b] = results.map((r) => r.timing ?? {});
    expect(b!.zipStartedAt).toBeGreaterThanOrEqual(a!.zipEndedAt!);
    expect(b!.zipEndedAt! - b!.zipStartedAt!).toBeGreaterThanOrEqual(200);
    expect(b!.zipEndedAt! - b!.zipStartedAt!).toBeLessThan(a!.zipEndedAt! - a!.zipStartedAt! + 200);
  } finally {
    await transfer.close();
  }
});
