/**
 * Every sink × every form of a secret. The identity provider and the Transfer service echo the
 * password back in every form a server could (raw, URL-encoded, base64, JSON-, Markdown- and
 * HTML-escaped, and cut by the length cap of a log line and of a summary cell), in every place
 * their answers are quoted (error descriptions, registration messages, log lines, the outcome).
 * The built entry points run with debug on; runRow() then scans every sink for every form of the
 * secret: log lines and debug lines, annotations, the job summary, the step outputs, the exported
 * variables and the dotenv report. What a cap cut is checked apart: no first part of the secret
 * may be left anywhere.
 */
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import type { RunResult } from '../e2e/harness.js';
import { runRow, type Row } from './rows.js';
import { GOOD_TOKEN, scriptedServer, statusBody, transferService, type ScriptedServer } from './servers/scripted.js';
import { CSV1, makeWork } from './support/world.js';

let work: ReturnType<typeof makeWork>;
beforeAll(() => {
  work = makeWork();
});
afterAll(() => work.remove());

/** Passwords with every character that an escape, a cleaning or an encoding changes. */
const SHAPES: ReadonlyArray<readonly [string, string]> = [
  ['*', 'pa*ss*word-0001'],
  ['[ ]', 'pa[ss]word-0002'],
  ['_', 'pa_ss_word-0003'],
  ['%', 'pa%20ss%word-0004'],
  ['spaces', 'pa ss  word-0005'],
  ['unicode', 'pässwörd-ü-0006'],
  ['::', 'pa::ss::word-0007'],
  ['" and \\', 'pa"ss\\word-0008'],
  ['| and `', 'pa|ss`word-0009'],
  ['< & >', 'pa<ss>&word-0010'],
];

/** The forms in which a server may echo a secret. */
function echoes(secret: string): Record<string, string> {
  return {
    raw: secret,
    'URL-encoded': encodeURIComponent(secret),
    base64: Buffer.from(secret).toString('base64'),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'Markdown-escaped': secret.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`),
    'HTML-escaped': secret.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`),
    // Cut in half by the 2000-character cap of a log line, and by the 300 of a summary cell.
    'cut at 2000': `${'y'.repeat(1992)} ${secret}`,
    'cut at 300': `${'z'.repeat(292)} ${secret}`,
  };
}

/** The secret's first part, as it is and with its white space collapsed (as a cleaned line has it). */
function expectNoFirstPart(expect: ExpectStatic, result: RunResult & { dotenv?: string }, secret: string): void {
  for (const prefix of new Set([secret.slice(0, 8), secret.replace(/\s+/g, ' ').slice(0, 8)])) {
    const log = `${result.stdout}\n${result.stderr}`.replace(/^::add-mask::.*$/gm, '');
    expect(log.includes(prefix), `a first part of the secret in the log: ${prefix}`).toBe(false);
    expect(result.summary.includes(prefix), 'a first part of the secret in the summary').toBe(false);
    expect((result.dotenv ?? '').includes(prefix), 'a first part of the secret in the dotenv report').toBe(false);
    for (const [name, value] of Object.entries({ ...result.outputs, ...result.env })) {
      if (!/token$/i.test(name)) expect(value.includes(prefix), `a first part of the secret in ${name}`).toBe(false);
    }
  }
}

const DEBUG = { action: { env: { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' } }, gitlab: { args: ['--debug'] } } as const;

async function withServers(secret: string, body: (idp: ScriptedServer, transfer: ScriptedServer) => Promise<void>, refuse: boolean): Promise<void> {
  const forms = Object.entries(echoes(secret));
  const idp = await scriptedServer(() =>
    refuse
      ? { status: 400, body: { error: 'invalid_grant', error_description: forms.map(([name, form]) => `${name}: ${form}`).join(' | ') } }
      : { body: { access_token: GOOD_TOKEN, token_type: 'Bearer', expires_in: 300 } },
  );
  const transfer = await transferService({ body: { message: `The request with ID 154 was successfully registered for ${secret}.` } }, () =>
    statusBody({ outcome: `Error for ${secret}`, logs: forms.map(([name, form]) => ({ level: 'ERROR', message: `${name}: ${form}` })) }),
  );
  try {
    await body(idp, transfer);
  } finally {
    await Promise.all([idp.close(), transfer.close()]);
  }
}

describe.concurrent('every form of a secret, echoed by the servers, reaches no sink', () => {
  for (const [shape, secret] of SHAPES) {
    for (const entry of ['action', 'gitlab'] as const) {
      for (const refuse of [false, true]) {
        const where = refuse
          ? 'the identity provider refuses, echoing it in its error_description'
          : 'the Transfer service echoes it in its registration, its log and its outcome';
        it(`${entry}: a password w/ ${shape}; ${where}`, async ({ expect }) => {
          await withServers(
            secret,
            async (idp, transfer) => {
              const row: Row = {
                name: shape,
                entry,
                inputs: {
                  'token-url': `${idp.url}/token`,
                  username: 'alice',
                  password: secret,
                  'transfer-url': `${transfer.url}/3`,
                  dataspace: 'design',
                  file: CSV1,
                  'poll-interval': '0.1',
                  'wait-timeout': '20',
                },
                ...DEBUG[entry],
                cwd: work.dir,
                code: 1,
                says: refuse
                  ? ['The identity provider refused the password grant', 'raw: ***']
                  : ["completed with an unexpected outcome 'Error for ***'", '[ERROR] raw: ***'],
                secrets: () => [secret],
              };
              const result = await runRow(row, expect);
              expectNoFirstPart(expect, result, secret);
              if (!refuse && entry === 'action') {
                expect(result.summary).toContain('raw: \\*\\*\\*');
                expect(result.outputs.outcome).toBe('Error for ***');
              }
              if (!refuse && entry === 'gitlab') expect(result.dotenv).toContain('DOTSTAT_OUTCOME=Error for ***');
            },
            refuse,
          );
        });
      }
    }
  }
});
