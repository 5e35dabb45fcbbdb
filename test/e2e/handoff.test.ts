/**
 * The token handed to a later job on GitHub, end to end: two jobs in the runner emulation
 * (test/support/workflow.ts), the first signing in with handoff-key and the second receiving its
 * `handoff` output through `needs.<job>.outputs`, as the runner passes it: a job output that holds
 * any masked value would be dropped, so the test holds that this one is not. The second job
 * uploads with the token it received, without asking the identity provider for anything.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { ROOT, expectMasked, expectNoLeaks } from '../support/harness.js';
import { runJob } from '../support/workflow.js';

const PASSWORD = 'alice-password';
const KEY = randomBytes(32).toString('base64');
const CSV = 'data/sample-sdmx-csv-1.0.csv';
const JWT = /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+/;

let idp: Idp;
let transfer: Transfer;
let work: string;

beforeAll(async () => {
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t) });
  work = mkdtempSync(join(tmpdir(), 'dotstat-e2e-handoff-'));
  mkdirSync(join(work, 'data'));
  copyFileSync(join(ROOT, 'test', CSV), join(work, CSV));
});
afterAll(async () => {
  await transfer.close();
  await idp.close();
  rmSync(work, { recursive: true, force: true });
});

const signIn = { authority: '', username: 'alice', password: PASSWORD, 'handoff-key': KEY };

describe('a GitHub workflow hands the token to a later job (needs.<job>.outputs.handoff)', () => {
  it('job 1 signs in and outputs only ciphertext; job 2 opens it, masks first, exports, uploads; no IdP call, no token shown', async () => {
    const producer = await runJob([{ id: 'dotstat', uses: 'action', with: { ...signIn, authority: idp.issuer } }], {
      handoff: (steps) => steps.dotstat?.outputs.handoff,
    });
    const step1 = producer.steps.dotstat!;
    expect(step1.code, step1.stdout).toBe(0);
    const token = step1.outputs['access-token']!;
    const refresh = step1.outputs['refresh-token']!;
    expect(producer.skipped, 'the runner would drop the job output').toEqual([]);
    const handoff = producer.outputs.handoff!;
    expect(handoff.split('.')).toHaveLength(5);
    for (const secret of [token, refresh, PASSWORD]) expect(handoff).not.toContain(secret);
    expect(step1.stdout).toContain('The handoff output holds the access token, sealed with handoff-key');
    // The key is masked before anything else, as every secret input is.
    expectMasked(step1, [KEY], [KEY]);
    expectNoLeaks(step1, [token, refresh, PASSWORD, KEY], { outputs: ['access-token', 'refresh-token'], env: ['DOTSTAT_ACCESS_TOKEN'] });
    // The producer's post step leaves the session open: later jobs hold its access token.
    expect(producer.posts.dotstat?.stdout).toContain('The session is left open: its access token was handed off');

    const before = idp.requests.length;
    const uploads = transfer.uploads.length;
    const consumer = await runJob(
      [
        {
          id: 'publish',
          uses: 'action',
          with: { handoff, 'handoff-key': KEY, 'transfer-url': transfer.baseUrl, dataspace: 'design', file: CSV, 'poll-interval': '0.2' },
        },
      ],
      {},
      { cwd: work },
    );
    const step2 = consumer.steps.publish!;
    expect(step2.code, step2.stdout).toBe(0);
    expect(step2.outputs['access-token']).toBe(token);
    expect(step2.env.DOTSTAT_ACCESS_TOKEN).toBe(token);
    expect(step2.outputs['grant-type']).toBe('password');
    expect(step2.outputs['refresh-token']).toBeUndefined();
    expect(step2.stdout).toContain("Received the access token of an earlier job's password sign-in (hand-off)");
    expectMasked(step2, [token, KEY], [KEY]);
    // Masked before its first use: the mask line precedes every line that is not a mask.
    const lines = step2.stdout.split('\n');
    expect(lines.indexOf(`::add-mask::${token}`)).toBeLessThan(lines.findIndex((l) => !l.startsWith('::add-mask::')));
    expect(idp.requests.length, 'the later job asked the identity provider nothing').toBe(before);
    expect(transfer.uploads.length).toBe(uploads + 1);
    expectNoLeaks(step2, [token, refresh, PASSWORD, KEY], { outputs: ['access-token'], env: ['DOTSTAT_ACCESS_TOKEN'] });
    for (const job of [producer, consumer]) {
      const shown = job.log.replace(/^::add-mask::.*$/gm, '');
      for (const secret of [token, refresh, KEY]) expect(shown.includes(secret), 'a secret in a job log').toBe(false);
      expect(shown).not.toMatch(JWT);
    }
  });

  it('a tampered hand-off, another key, or an expired one: refused before any request, naming the input', async () => {
    const short = await startIdp({ accessTokenLifespan: 2 });
    try {
      const producer = await runJob([{ id: 's', uses: 'action', with: { ...signIn, authority: short.issuer } }], { handoff: (s) => s.s?.outputs.handoff });
      const handoff = producer.outputs.handoff!;
      const parts = handoff.split('.');
      parts[3] = `${parts[3]![0] === 'A' ? 'B' : 'A'}${parts[3]!.slice(1)}`;
      const cases: Array<[string, Record<string, string>, string]> = [
        [
          'tampered',
          { handoff: parts.join('.'), 'handoff-key': KEY },
          "Input 'handoff': could not be opened: it was changed after it was made, or it was sealed with another key.",
        ],
        ['another key', { handoff, 'handoff-key': randomBytes(32).toString('base64') }, "Input 'handoff': could not be opened"],
        [
          'a key of the wrong size',
          { handoff, 'handoff-key': randomBytes(16).toString('base64') },
          "Input 'handoff-key': must be 32 bytes (256 bits); this one is 16 bytes.",
        ],
        ['no key', { handoff }, "Input 'handoff-key': is required with handoff"],
      ];
      for (const [name, inputs, says] of cases) {
        const job = await runJob([{ id: 'c', uses: 'action', with: inputs }], {});
        const result = job.steps.c!;
        expect(result.code, name).toBe(1);
        expect(result.stdout, name).toContain(says);
        expect(result.stdout, name).not.toMatch(/\n\s+at /);
        expectNoLeaks(result, [producer.steps.s!.outputs['access-token']!, inputs['handoff-key'] ?? KEY].filter(Boolean));
      }
      const wrongSize = await runJob([{ id: 'c', uses: 'action', with: { handoff, 'handoff-key': 'c2hvcnQ=' } }], {});
      expect(wrongSize.steps.c!.stdout).toContain('Make one with: openssl rand -base64 32');
      // The token ends 2 s after it was issued, and the hand-off with it.
      await new Promise((resolve) => setTimeout(resolve, 2200));
      const expired = await runJob([{ id: 'c', uses: 'action', with: { handoff, 'handoff-key': KEY } }], {});
      expect(expired.steps.c!.code).toBe(1);
      expect(expired.steps.c!.stdout).toMatch(/Input 'handoff': has expired at \d{4}-\d\d-\d\dT[\d:.]+Z: the access token it holds is no longer valid\./);
    } finally {
      await short.close();
    }
  });
});
