/**
 * Review: cancelled in the middle of a concurrent poll round. The answers that came in the round
 * are kept (their lines written, their request no longer pending), the error names exactly the
 * requests still running, and nothing is left as an unhandled rejection.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Authorizer } from '../../../src/oidc/session.js';
import { TransferError } from '../../../src/errors.js';
import { waitForAll, type PollContext, type Tracked } from '../../../src/transfer/poll.js';
import { register } from '../../../src/transfer/upload.js';
import { startTransfer } from '../../fixtures/transfer.mjs';
import { transferConfig } from '../../support/builders.js';
import { fastRetry, HTTP, recordingLogger } from '../../support/unit.js';

const CSV = join(import.meta.dirname, '../../data/sample-sdmx-csv-1.0.csv');

it('cancelled while one status request of a round hangs: the others answers are kept, the pending ones named', async () => {
  let n = 0;
  // The first request finishes at once; the others run on.
  const transfer = await startTransfer({ scenario: () => (n++ === 0 ? { durationMs: 0 } : { durationMs: Infinity }) });
  try {
    const cancel = new AbortController();
    const log = recordingLogger();
    const auth: Authorizer = { withToken: (_what, call) => call('token-1') };
    const ctx: PollContext = { http: HTTP, retry: { ...fastRetry(), signal: cancel.signal }, log, auth, redact: (t) => t };
    const config = transferConfig({ baseUrl: new URL(transfer.baseUrl), pollIntervalMs: 20, uploadConcurrency: 3 });
    const file = { path: CSV, size: statSync(CSV).size, contentType: 'text/csv' };
    const requests: Tracked[] = [];
    for (const name of ['a.csv', 'b.csv', 'c.csv']) {
      const { requestId } = await register({ file: { ...file, name } }, config, ctx, 'token-1');
      requests.push({ requestId, name, registeredAt: Date.now() });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One status request of the first round hangs; the others are answered.
    transfer.inject({ kind: 'hang', on: 'status' });
    setTimeout(() => cancel.abort(), 400);
    const error = await waitForAll(requests, config, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransferError);
    const stopped = error as TransferError;
    expect(stopped.code).toBe('CANCELLED');
    const finished = requests.filter((r) => r.finishedAt !== undefined).map((r) => r.name);
    const pending = requests.filter((r) => r.finishedAt === undefined);
    expect(pending.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.status).length).toBeGreaterThan(0);
    expect(stopped.message).toBe(
      `Cancelled while waiting. Requests still running on the Transfer service: ${pending.map((r) => `${r.requestId} (${r.name}: ${r.status?.executionStatus ?? 'not checked yet'})`).join(', ')}.`,
    );
    for (const name of finished)
      expect(log.lines.map((l) => l.message)).toContainEqual(expect.stringMatching(new RegExp(`\\(${name}\\): Completed, outcome Success`)));
    // Each request answered has its line: none lost with the cancelled round.
    for (const r of requests.filter((q) => q.status)) expect(log.lines.some((l) => l.message.startsWith(`Request ${r.requestId} (${r.name}): `))).toBe(true);
  } finally {
    await transfer.close();
  }
});
