/**
 * The command line's progress bar, in a real pseudo-terminal (util-linux `script`): drawn on
 * stderr and redrawn in place while a throttled upload runs; coloured unless NO_COLOR; never drawn
 * with TERM=dumb, under CI=true, or when stderr is not a terminal. Where `script` is missing, one
 * line says so and only the terminal cases are skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { startTransfer } from '../fixtures/transfer.mjs';
import { ROOT } from '../support/harness.js';

const noScript = spawnSync('script', ['--version']).status === 0 ? undefined : 'util-linux script is not installed';
if (noScript) console.log(`Progress bar in a terminal skipped: ${noScript}`);

let idp: Awaited<ReturnType<typeof startIdp>>;
let transfer: Awaited<ReturnType<typeof startTransfer>>;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dotstat-bar-'));
  idp = await startIdp();
  // About 4 s for a 3 MB file beyond what the sockets' buffers take at once.
  transfer = await startTransfer({ verifyToken: (token: string) => idp.verifyAccessToken(token), readBytesPerSecond: 1_000_000 });
  file = join(dir, 'bar.csv');
  spawnSync(process.execPath, [join(ROOT, 'scripts/make-sdmx-csv.mjs'), '--mb', '8', '--out', file]);
});
afterAll(async () => {
  await transfer.close();
  await idp.close();
  rmSync(dir, { recursive: true, force: true });
});

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs the command line; in a pseudo-terminal (stdout and stderr both the terminal) when `tty`. */
function runCli(tty: boolean, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const args = [
    join(ROOT, 'dist/cli.js'),
    `--authority=${idp.issuer}`,
    `--transfer-url=${transfer.baseUrl}`,
    '--dataspace=design',
    `--file=${file}`,
    '--compress=none',
    '--poll-interval=0.2',
  ];
  const base = { PATH: process.env.PATH ?? '', HOME: dir, TERM: 'xterm-256color', DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: 'alice-password', ...env };
  const [command, argv] = tty ? ['script', ['-qefc', [process.execPath, ...args].map(quote).join(' '), '/dev/null']] : [process.execPath, args];
  return new Promise((resolve) => {
    const child = spawn(command as string, argv as string[], { env: base, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const REDRAW = '\r\u001b[K';
const CYAN = '\u001b[36m';

describe.concurrent('the progress bar of the command line', () => {
  it.skipIf(noScript)(
    'in a terminal: drawn in place, then taken away; coloured',
    async ({ expect }) => {
      const { code, out } = await runCli(true, {});
      expect(code, out).toBe(0);
      const draws = out.split(REDRAW).filter((part) => /^\s*\d+% /.test(part));
      expect(draws.length, out).toBeGreaterThanOrEqual(3);
      expect(
        draws.some((d) => d.includes('█') && d.includes('░') && d.includes('uploading')),
        JSON.stringify(draws.slice(0, 3)),
      ).toBe(true);
      expect(out).toContain(CYAN);
      // Rising: the percentages drawn never fall.
      const percents = draws.map((d) => Number(/^\s*(\d+)%/.exec(d)![1]));
      expect([...percents].sort((a, b) => a - b)).toEqual(percents);
      // No line of progress text besides the bar.
      expect(out).not.toMatch(/^Uploading \S+: /m);
      expect(out).toContain('All 1 request finished.');
      expect(out).not.toContain('alice-password');
    },
    60_000,
  );

  it.skipIf(noScript)(
    'NO_COLOR: the bar without colour',
    async ({ expect }) => {
      const { code, out } = await runCli(true, { NO_COLOR: '1' });
      expect(code, out).toBe(0);
      expect(out).toContain(REDRAW);
      expect(out).toContain('█');
      expect(out).not.toContain(CYAN);
    },
    60_000,
  );

  for (const [title, env] of [
    ['TERM=dumb', { TERM: 'dumb' }],
    ['CI=true', { CI: 'true' }],
  ] as const) {
    it.skipIf(noScript)(
      `in a terminal but ${title}: no bar`,
      async ({ expect }) => {
        const { code, out } = await runCli(true, env);
        expect(code, out).toBe(0);
        expect(out).not.toContain(REDRAW);
        expect(out).not.toContain('█');
      },
      60_000,
    );
  }

  it('stderr not a terminal: no bar', async ({ expect }) => {
    const { code, out, err } = await runCli(false, {});
    expect(code, out + err).toBe(0);
    expect(out + err).not.toContain(REDRAW);
    expect(out + err).not.toContain('█');
    expect(out).toContain('All 1 request finished.');
  }, 60_000);
});
