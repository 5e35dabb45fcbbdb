/**
 * The hostile world, long logs: a Transfer service whose failed-import log of 20,000 lines echoes
 * the password (raw, or URL-encoded) deep inside it, in line 19,999 (among the last lines every
 * report keeps), and near its start. Every row runs dist/ through runRow, whose leak scan covers
 * the log, the summary, the outputs and the dotenv report; the rows add the full-log file, which
 * must hold all 20,000 lines with the secret redacted, and check that the echoing lines are shown
 * (redacted) rather than silently dropped.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { secretForms } from '../../src/secrets.js';
import { failedImportLog } from '../fixtures/long-log.mjs';
import { CLIENT_SECRET, PASSWORD, runRow, type Row } from './rows.js';
import { CSV1, makeWork, startWorld } from './support/world.js';

const LINES = 20_000;

interface LongRow {
  readonly name: string;
  readonly entry: Row['entry'];
  /** Log lines replaced by text echoing the secret. */
  readonly echoes: Record<number, string>;
}

const rows: LongRow[] = [
  {
    name: 'Transfer status: the password echoed raw in line 19,999 of 20,000 → redacted in the file and every report',
    entry: 'action',
    echoes: { 19_999: `Row 19999: user bob (password ${PASSWORD}) may not write to dataflow OECD:DF_TEST(1.0).` },
  },
  {
    name: 'Transfer status: the password URL-encoded in line 19,999 and raw in line 2 → redacted in the file and every report',
    entry: 'gitlab',
    echoes: {
      2: `Row 2: rejected by rule check?pw=${PASSWORD} for user bob.`,
      19_999: `Row 19999: callback https://idp.example.org/cb?password=${encodeURIComponent(PASSWORD)}&user=bob failed.`,
    },
  },
];

describe.concurrent('long logs that echo a secret', () => {
  for (const spec of rows) {
    it(`${spec.entry}: ${spec.name}`, async ({ expect }) => {
      const world = await startWorld({
        transfer: { scenario: () => ({ durationMs: 0, executionStatus: 'Completed', outcome: 'Error', longLog: failedImportLog(LINES, spec.echoes) }) },
      });
      const work = makeWork();
      const temp = mkdtempSync(join(tmpdir(), 'dotstat-hostile-long-'));
      try {
        const inputs = {
          authority: world.idp.issuer,
          username: 'alice',
          password: PASSWORD,
          'transfer-url': world.transfer.url,
          dataspace: 'design',
          file: CSV1,
          'poll-interval': '0.1',
        };
        // On GitLab there is no RUNNER_TEMP: the file goes to the working folder, for artifacts:paths.
        const env = { RUNNER_TEMP: spec.entry === 'action' ? temp : '' };
        const result = await runRow({
          name: spec.name,
          entry: spec.entry,
          inputs,
          env,
          cwd: work.dir,
          code: 1,
          says: ['the import ended with outcome Error'],
          secrets: () => [CLIENT_SECRET, ...world.seen()],
          withinMs: 30_000,
        });
        const dir = join(spec.entry === 'action' ? temp : work.dir, 'dotstat-logs');
        const [name] = readdirSync(dir);
        const file = readFileSync(join(dir, name ?? ''), 'utf8');
        for (const form of secretForms(PASSWORD)) expect(file.includes(form), `a secret form in the full-log file: ${form}`).toBe(false);
        const lines = file
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as { line: number; message: string });
        expect(lines).toHaveLength(LINES);
        for (const [n, text] of Object.entries(spec.echoes)) {
          const redacted = text.replace(PASSWORD, '***').replace(encodeURIComponent(PASSWORD), '***');
          expect(lines[Number(n) - 1]).toEqual({ line: Number(n), date: expect.any(String), level: 'ERROR', message: redacted });
          // Shown, redacted, where the reports keep that line: the log group (GitLab) or summary and group (GitHub).
          expect(result.stdout).toContain(redacted.split('(')[0]!.trim());
          if (spec.entry === 'action') expect(result.summary).toContain(`Row ${n}:`);
        }
      } finally {
        rmSync(temp, { recursive: true, force: true });
        work.remove();
        await world.close();
      }
    });
  }
});
