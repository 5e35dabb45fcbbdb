/**
 * Review: the error annotations of uploads made at once are capped (MAX_ERROR_ANNOTATIONS, GitHub
 * shows ten per step), go to the first files in the files' order whatever order the answers come
 * in, and the rest are plain lines that still say everything.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Authorizer } from '../../../src/oidc/session.js';
import { MAX_ERROR_ANNOTATIONS, publish } from '../../../src/transfer/publish.js';
import { startTransfer } from '../../fixtures/transfer.mjs';
import { transferConfig } from '../../support/builders.js';
import { fastRetry, HTTP, recordingLogger } from '../../support/unit.js';

const CSV = join(import.meta.dirname, '../../data/sample-sdmx-csv-1.0.csv');
const dir = mkdtempSync(join(tmpdir(), 'dotstat-publish-cap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('12 files refused, 4 at once: the first 9 files get an annotation, in order; the other 3 are plain lines', async () => {
  const transfer = await startTransfer({ scenario: () => ({ reject: 'Dataflow DF_X not found in data space design.' }) });
  try {
    const log = recordingLogger();
    const auth: Authorizer = { withToken: (_what, call) => call('token-1') };
    const file = { path: CSV, size: statSync(CSV).size, contentType: 'text/csv' };
    const names = Array.from({ length: 12 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.csv`);
    const config = transferConfig({ baseUrl: new URL(transfer.baseUrl), uploadConcurrency: 4 });
    const { results } = await publish(
      config,
      names.map((name) => ({ file: { ...file, name } })),
      { http: HTTP, retry: fastRetry(), log, auth, redact: (text) => text, onRegistered: () => undefined, tempDir: dir },
    );
    expect(results.map((r) => r.verdict)).toEqual(names.map(() => 'failed'));
    expect(transfer.peakUploads).toBeGreaterThan(1);
    const annotated = log.lines.filter((l) => l.level === 'error');
    expect(annotated.map((l) => l.annotation?.title)).toEqual(names.slice(0, MAX_ERROR_ANNOTATIONS).map((n) => `Upload failed: ${n}`));
    const plain = log.lines.filter((l) => l.level === 'info' && l.message.startsWith('Error: '));
    expect(plain.map((l) => /Uploading (\S+):/.exec(l.message)?.[1])).toEqual(names.slice(MAX_ERROR_ANNOTATIONS));
  } finally {
    await transfer.close();
  }
});
