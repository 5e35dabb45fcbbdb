/**
 * Long work shows itself, end to end through dist/: an upload over a throttled link prints
 * progress lines with rising percentages and rates near the link's; a short upload prints none;
 * a request the Transfer simulator keeps InProgress for over two minutes gets one heartbeat a
 * minute, and the wait's end says how long each phase took. The tests run side by side: the
 * heartbeat test waits about 2 min 10 s of real time (it sleeps, it does not load the machine).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { startTransfer } from '../fixtures/transfer.mjs';
import { expectNoLeaks, ROOT, runAction } from '../support/harness.js';
import { progressLines } from '../support/progress.js';

let idp: Awaited<ReturnType<typeof startIdp>>;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dotstat-progress-'));
  idp = await startIdp();
});
afterAll(async () => {
  await idp.close();
  rmSync(dir, { recursive: true, force: true });
});

function generate(name: string, mb: number): string {
  const out = join(dir, name);
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/make-sdmx-csv.mjs'), '--mb', String(mb), '--out', out]);
  if (result.status !== 0) throw new Error(result.stderr.toString());
  return out;
}

const inputs = (transfer: { baseUrl: string }) => ({
  authority: idp.issuer,
  username: 'alice',
  password: 'alice-password',
  'transfer-url': transfer.baseUrl,
  dataspace: 'design',
  'poll-interval': '0.2',
  compress: 'none',
});

describe.concurrent('progress, heartbeats and phases in the log', () => {
  it('an upload over a throttled link (> 20 s) prints progress lines w/ rising percentages and sane rates', async ({ expect }) => {
    const rate = 600_000;
    const transfer = await startTransfer({ verifyToken: (token: string) => idp.verifyAccessToken(token), readBytesPerSecond: rate });
    try {
      const file = generate('slow.csv', 16);
      const started = Date.now();
      const result = await runAction({ ...inputs(transfer), file }, { cwd: dir, timeoutMs: 90_000 });
      const elapsed = Date.now() - started;
      expect(result.code, result.stdout).toBe(0);
      expect(elapsed).toBeGreaterThan(20_000);
      const lines = progressLines(result.stdout, 'Uploading', file);
      expect(lines.length, result.stdout).toBeGreaterThanOrEqual(2);
      // At most one line per 10 s of the upload, and none in its first 10 s.
      expect(lines.length).toBeLessThanOrEqual(Math.floor(elapsed / 10_000));
      for (const [i, line] of lines.entries()) {
        if (i > 0) expect(line.percent).toBeGreaterThan(lines[i - 1]!.percent);
        expect(line.percent).toBeLessThanOrEqual(100);
        // The rate is the link's, give or take what the sockets' buffers hold.
        expect(line.rate).toBeGreaterThan(rate / 3);
        expect(line.rate).toBeLessThan(rate * 3);
      }
      expect(result.stdout).toMatch(/^Uploaded \S+slow\.csv: 1[67] MB in [\d.]+ s \([\d.]+ KB\/s\)\.$/m);
      expect(result.stdout).toMatch(/^Where the time went:$/m);
      expect(result.stdout).toMatch(/slow\.csv\): uploaded in [\d.]+ s \([\d.]+ KB\/s\), queued \d+ ms, processing \d+ ms\./);
      expectNoLeaks(result, ['alice-password']);
    } finally {
      await transfer.close();
    }
  }, 120_000);

  it('a short upload prints no progress line', async ({ expect }) => {
    const transfer = await startTransfer({ verifyToken: (token: string) => idp.verifyAccessToken(token) });
    try {
      const result = await runAction({ ...inputs(transfer), file: join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv') }, { cwd: dir, timeoutMs: 30_000 });
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).not.toMatch(/^(Uploading|Zipping) [^ ]+: |^Uploaded /m);
      expect(result.stdout).not.toContain('still ');
    } finally {
      await transfer.close();
    }
  });

  it('a request kept InProgress for over two minutes gets one heartbeat a minute', async ({ expect }) => {
    const transfer = await startTransfer({
      verifyToken: (token: string) => idp.verifyAccessToken(token),
      scenario: () => ({ durationMs: 130_000, queuedMs: 0 }),
    });
    try {
      const result = await runAction(
        { ...inputs(transfer), file: join(ROOT, 'test/data/sample-sdmx-csv-1.0.csv'), 'poll-interval': '5' },
        { cwd: dir, timeoutMs: 200_000 },
      );
      expect(result.code, result.stdout).toBe(0);
      const beats = [...result.stdout.matchAll(/^Request (\d+) \(\S+sample-sdmx-csv-1\.0\.csv\): still InProgress after (\d+) min$/gm)].map((m) =>
        Number(m[2]),
      );
      expect(beats, result.stdout).toEqual([1, 2]);
      expect(result.stdout).toMatch(/sample-sdmx-csv-1\.0\.csv\): uploaded in \d+ ms \([\d.]+ [KM]B\/s\), queued [\d.]+ m?s, processing 2 min 10 s\./);
    } finally {
      await transfer.close();
    }
  }, 240_000);
});
