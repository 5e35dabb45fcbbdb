/**
 * Nothing lost: whatever goes wrong after a token arrives or a request is registered, what the
 * user needs next is still there. A rotated refresh token is output (and the access token
 * exported, or written to --token-file) even when the upload then fails; a job cancelled while
 * uploading or waiting names every request already registered; a file that fails does not stop
 * the next one from being uploaded and reported. Each row runs a built entry point through
 * runRow(), which also asserts no stack trace, no unhandled rejection, bounded time and no leak.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import type { RunResult } from '../support/harness.js';
import { PASSWORD, runRow, type Row } from '../support/rows.js';
import { afterBody, bearerOf, CSV1, CSV2, makeWork, startFront, startWorld, type Front, type World } from '../support/world.js';

let work: ReturnType<typeof makeWork>;
beforeAll(() => {
  work = makeWork();
});
afterAll(() => work.remove());

const transferOf = (w: World, extra: Record<string, string> = {}): Record<string, string> => ({
  'transfer-url': w.transfer.url,
  dataspace: 'design',
  'poll-interval': '0.1',
  ...extra,
});
const login = (w: World) => ({ authority: w.idp.issuer, username: 'alice', password: PASSWORD });
const bearers = (w: World) => w.transfer.requests.map((r) => bearerOf(r.headers.authorization)).filter((t): t is string => Boolean(t));

/** Refreshes a token directly at the IdP (127.0.0.1) and returns the status. */
async function refreshWith(w: World, refreshToken: string): Promise<number> {
  const response = await fetch(w.idp.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'app', refresh_token: refreshToken }),
  });
  await response.arrayBuffer();
  return response.status;
}

interface ResultJson {
  file: string;
  requestId: number | null;
  executionStatus: string | null;
  outcome: string | null;
  verdict: string;
  error: string | null;
}
const resultsOf = (result: RunResult) => JSON.parse(result.outputs.results ?? 'null') as ResultJson[];

/** Runs a row against a fresh world (and optional fronts), closing everything afterwards. */
async function inWorld(options: Parameters<typeof startWorld>[0], body: (w: World, fronts: Front[]) => Promise<void>): Promise<void> {
  const w = await startWorld(options);
  const fronts: Front[] = [];
  try {
    await body(w, fronts);
  } finally {
    await Promise.all(fronts.map((f) => f.close()));
    await w.close();
  }
}

const row = (w: World, spec: Omit<Row, 'cwd' | 'secrets'>, expect: ExpectStatic, fronts: readonly Front[] = []): Promise<RunResult & { dotenv?: string }> =>
  runRow(
    { cwd: work.dir, secrets: () => [...w.seen(), ...fronts.flatMap((f) => f.requests.map((r) => bearerOf(r.headers.authorization) ?? ''))], ...spec },
    expect,
  );

describe.concurrent('nothing lost', () => {
  it('action: a refresh rotates the token, the upload then fails (401 after a renewal) → the newest refresh token is still output, the newest access token exported', async ({
    expect,
  }) => {
    // A short-lived access token makes a 401 at upload worth one renewal: two rotations in all.
    await inWorld({ idp: { accessTokenLifespan: 30 } }, async (w) => {
      const stored = w.idp.issueRefreshToken({ clientId: 'app', username: 'alice' });
      // Keycloak compares whole seconds: an older token of the chain is stale only once the chain
      // moved on in a later second than its issue, so the run starts in the next one.
      await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
      w.transfer.inject({ kind: 'unauthorized', times: 2 });
      const result = await row(
        w,
        {
          name: 'rotated then failing upload',
          entry: 'action',
          inputs: { authority: w.idp.issuer, 'refresh-token': stored, ...transferOf(w), file: CSV1 },
          code: 1,
          says: ['The access token was refused by the upload of data/sample-sdmx-csv-1.0.csv; getting a new one and trying once more.', 'answered HTTP 401'],
        },
        expect,
      );
      const refreshes = w.idp.requests.filter((r) => r.form.grant_type === 'refresh_token').map((r) => r.form.refresh_token);
      expect(refreshes, 'start, then one renewal').toHaveLength(2);
      expect(refreshes[0]).toBe(stored);
      const output = result.outputs['refresh-token'] ?? '';
      // The renewal spent the first rotated token, so the output must be the one issued after it.
      expect(output).not.toBe(stored);
      expect(output).not.toBe(refreshes[1]);
      expect(result.env.DOTSTAT_ACCESS_TOKEN, 'the exported token is not the newest').toBe(bearers(w).at(-1));
      expect(result.outputs['access-token']).toBe(bearers(w).at(-1));
      expect(await refreshWith(w, output), 'the IdP refuses the output refresh token').toBe(200);
      expect(await refreshWith(w, stored), 'the stored (old) token still works').toBe(400);
    });
  });

  it('gitlab: --token-file still holds the newest access token after a renewal and a failing upload', async ({ expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'dotstat-hostile-token-'));
    try {
      await inWorld({ idp: { accessTokenLifespan: 30 } }, async (w) => {
        w.transfer.inject({ kind: 'unauthorized', times: 2 });
        const file = join(dir, 'token');
        await row(
          w,
          {
            name: 'token file after failing upload',
            entry: 'gitlab',
            inputs: { ...login(w), ...transferOf(w), file: CSV1 },
            args: ['--token-file', file],
            code: 1,
            says: ['getting a new one and trying once more', 'answered HTTP 401'],
          },
          expect,
        );
        const seen = bearers(w);
        expect(seen).toHaveLength(2);
        expect(seen[0]).not.toBe(seen[1]);
        expect(readFileSync(file, 'utf8'), 'the token file does not hold the newest token').toBe(seen[1]);
        expect(statSync(file).mode & 0o777).toBe(0o600);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [entry, signal] of [
    ['action', 'SIGTERM'],
    ['gitlab', 'SIGINT'],
    ['action-plain', 'SIGINT'],
  ] as const) {
    it(`${entry}: cancelled (${signal}) while waiting for two files → names both pending request ids, exits non-zero at once`, async ({ expect }) => {
      await inWorld({ transfer: { scenario: () => ({ durationMs: Infinity }) } }, async (w) => {
        const result = await row(
          w,
          {
            name: 'cancelled while waiting',
            entry,
            // One at a time: the ids follow the files (100, 101).
            inputs: { ...login(w), ...transferOf(w, { 'upload-concurrency': '1' }), file: `${CSV1}\n${CSV2}` },
            kill: { when: 'Waiting for 2 requests', signal },
            code: 1,
            says: [
              `Cancelled while waiting. Requests still running on the Transfer service: 100 (${CSV1}: `,
              `101 (${CSV2}: `,
              `Check later with: curl -X POST -H "Authorization: Bearer $TOKEN" -d dataspace=design -d id=<id> ${w.transfer.url}/3/status/request (ids: 100, 101).`,
            ],
            withinMs: 8000,
          },
          expect,
        );
        expect(w.transfer.uploads.map((u) => u.id)).toEqual([100, 101]);
        if (entry === 'action') expect(result.outputs['request-id']).toBe('100\n101');
        if (entry === 'gitlab') expect(result.dotenv).toContain('DOTSTAT_REQUEST_ID=100,101');
      });
    });
  }

  for (const [entry, signal] of [
    ['action', 'SIGTERM'],
    ['gitlab', 'SIGINT'],
  ] as const) {
    it(`${entry}: cancelled (${signal}) while uploading the second file → names the request already registered`, async ({ expect }) => {
      await inWorld({}, async (w, fronts) => {
        let imports = 0;
        // The second upload is read but never answered, so the job is still uploading when cancelled.
        const front = await startFront(w.transfer.url, (req) => {
          if (!req.url?.includes('/import/') || ++imports < 2) return false;
          afterBody(req, () => undefined);
          return true;
        });
        fronts.push(front);
        const result = await row(
          w,
          {
            name: 'cancelled while uploading',
            entry,
            // One at a time: the second upload starts only once the first is registered.
            inputs: { ...login(w), ...transferOf(w, { 'transfer-url': `${front.url}/3`, 'upload-concurrency': '1' }), file: `${CSV1}\n${CSV2}` },
            kill: { when: `Uploading ${CSV2}`, signal },
            code: 1,
            says: [
              `Cancelled while uploading. Requests already registered on the Transfer service: 100 (${CSV1}).`,
              `The upload of ${CSV2} was interrupted (the service may have registered it).`,
              `Check later with: curl -X POST -H "Authorization: Bearer $TOKEN" -d dataspace=design -d id=<id> ${front.url}/3/status/request (ids: 100).`,
            ],
            withinMs: 8000,
          },
          expect,
          fronts,
        );
        expect(w.transfer.uploads.map((u) => u.id)).toEqual([100]);
        if (entry === 'action') {
          expect(result.outputs['request-id']).toBe('100');
          expect(resultsOf(result).map((r) => [r.file, r.requestId, r.verdict])).toEqual([
            [CSV1, 100, 'pending'],
            [CSV2, null, 'failed'],
          ]);
        } else {
          expect(result.dotenv).toContain('DOTSTAT_REQUEST_ID=100');
        }
      });
    });
  }

  it('action: cancelled while two uploads are under way at once → both named as interrupted, none lost', async ({ expect }) => {
    // The simulator registers each upload, then answers 3 s later: both are in flight when the job is cancelled.
    await inWorld({ transfer: { latencyMs: 3000 } }, async (w) => {
      const result = await row(
        w,
        {
          name: 'cancelled during concurrent uploads',
          entry: 'action',
          inputs: { ...login(w), ...transferOf(w), file: `${CSV1}\n${CSV2}` },
          kill: { when: `Uploading ${CSV1}`, signal: 'SIGTERM' },
          code: 1,
          says: [
            'Cancelled while uploading, before any request was registered.',
            `The upload of ${CSV1}, ${CSV2} was interrupted (the service may have registered them).`,
          ],
          withinMs: 8000,
        },
        expect,
      );
      expect(w.transfer.peakUploads).toBe(2);
      expect(resultsOf(result).map((r) => [r.file, r.requestId, r.verdict])).toEqual([
        [CSV1, null, 'failed'],
        [CSV2, null, 'failed'],
      ]);
    });
  });

  it('action: two files, the first refused (400) → the second is still uploaded, waited for and reported', async ({ expect }) => {
    await inWorld({}, async (w) => {
      w.transfer.setScenario((upload) =>
        upload.file?.filename === 'sample-sdmx-csv-1.0.csv' ? { reject: 'Dataflow DF_X not found in data space design.' } : {},
      );
      const result = await row(
        w,
        {
          name: 'first fails',
          entry: 'action',
          inputs: { ...login(w), ...transferOf(w), file: `${CSV1}\n${CSV2}` },
          code: 1,
          says: [
            `Uploading ${CSV1}: ${w.transfer.url}/3/import/sdmxFile answered HTTP 400 (text/plain: "Dataflow DF_X not found in data space design.")`,
            `Request 100 (${CSV2}): Completed, outcome Success`,
            '1 of 2 requests failed',
          ],
        },
        expect,
      );
      const results = resultsOf(result);
      expect(results.map((r) => [r.file, r.requestId, r.verdict, r.outcome])).toEqual([
        [CSV1, null, 'failed', null],
        [CSV2, 100, 'success', 'Success'],
      ]);
      expect(results[0]?.error).toContain('Dataflow DF_X not found');
      expect(result.outputs['request-id']).toBe('100');
    });
  });

  it('gitlab: two files, the first cut off mid-upload (reset) → the second is still uploaded and reported', async ({ expect }) => {
    await inWorld({}, async (w) => {
      w.transfer.inject({ kind: 'reset' });
      const result = await row(
        w,
        {
          name: 'first reset',
          entry: 'gitlab',
          // One at a time, so that the reset takes the first file's upload.
          inputs: { ...login(w), ...transferOf(w, { 'upload-concurrency': '1' }), file: `${CSV1}\n${CSV2}` },
          code: 1,
          says: [
            `Uploading ${CSV1}: Connection to ${w.transfer.url}/3/import/sdmxFile failed`,
            `Request 100 (${CSV2}): Completed, outcome Success`,
            '1 of 2 requests failed',
          ],
        },
        expect,
      );
      expect(w.transfer.uploads.map((u) => u.file?.filename)).toEqual(['sample-sdmx-csv-2.0.csv']);
      expect(result.dotenv).toContain('DOTSTAT_REQUEST_ID=100');
      expect(result.dotenv).toContain('DOTSTAT_OUTCOME=Error');
    });
  });
});
