// @ts-check
/**
 * A failed import with a long log: the simulator answers Completed/Error with a log of N ERROR
 * lines of about 150 characters, streamed (test/fixtures/long-log.mjs), and the action reads it,
 * writes the full-log file and its reports. Peak RSS is what the memory target is about: the
 * 200,000-line answer is about 44 MB of JSON, which the action must never hold whole.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { failedImportLog } from '../../test/fixtures/long-log.mjs';
import { stepEnv, uploadInputs } from './fixtures.mjs';
import { timed } from './proc.mjs';

/** The sizes measured: a log a person could still read, and one no report can hold. */
export const LONG_LOG_LINES = [2_000, 200_000];

/**
 * @typedef {object} LongLogRow
 * @property {number} lines
 * @property {number} wallMs
 * @property {number} rssKiB
 * @property {number} fileBytes the full-log file
 * @property {number} fileLines
 * @property {number} summaryBytes
 * @property {number} outputsChars all outputs together
 */

/**
 * @param {{ idp: import('../../test/fixtures/idp.mjs').Idp, transfer: import('../../test/fixtures/transfer.mjs').Transfer, scratch: string }} s
 * @param {string} file a small file to upload
 * @param {string} entry the action's bundle
 * @param {import('./proc.mjs').Wrap} wrap
 * @returns {Promise<LongLogRow[]>}
 */
export async function measureLongLogs(s, file, entry, wrap) {
  /** @type {LongLogRow[]} */
  const rows = [];
  for (const lines of LONG_LOG_LINES) {
    s.transfer.setScenario(() => ({ durationMs: 0, executionStatus: 'Completed', outcome: 'Error', longLog: failedImportLog(lines) }));
    const step = stepEnv(s.scratch, uploadInputs(s.idp, s.transfer.baseUrl, file, { compress: 'none' }));
    try {
      const [command, args] = wrap([process.execPath, entry]);
      const result = await timed(command, args, { env: step.env, cwd: step.dir, scratch: s.scratch, timeoutMs: 120_000 });
      const outputs = step.outputs();
      if (result.code !== 1 || outputs.outcome !== 'Error' || outputs['execution-status'] !== 'Completed') {
        throw new Error(
          `the long-log run did not report the service's verdict (exit ${result.code}, ${outputs['execution-status']}/${outputs.outcome}):\n${result.stdout.slice(-2000)}`,
        );
      }
      const dir = join(step.dir, 'dotstat-logs');
      const [name] = readdirSync(dir);
      const path = join(dir, name ?? '');
      const fileLines = readFileSync(path, 'utf8').split('\n').length - 1;
      if (fileLines !== lines) throw new Error(`the full-log file holds ${fileLines} lines, not ${lines}`);
      const summaryBytes = statSync(join(step.dir, 'summary')).size;
      const outputsChars = Object.values(outputs).reduce((sum, value) => sum + value.length, 0);
      rows.push({ lines, wallMs: result.wallMs, rssKiB: result.rssKiB, fileBytes: statSync(path).size, fileLines, summaryBytes, outputsChars });
    } finally {
      rmSync(step.dir, { recursive: true, force: true });
    }
  }
  s.transfer.setScenario(() => ({ durationMs: 50 }));
  return rows;
}
