/**
 * Every sink × every form of a secret. The identity provider and the Transfer service echo the
 * password back in every form a server could (raw, lower-cased, URL-encoded in either hex case,
 * base64, JSON- (also ASCII-only), Markdown- and HTML-escaped (numeric and named), and cut by the
 * length cap of a log line and of a summary cell), in every place
 * their answers are quoted (error descriptions, registration messages, log lines, the outcome).
 * The built entry points run with debug on; runRow() then scans every sink for every form of the
 * secret: log lines and debug lines, annotations, the job summary, the step outputs, the exported
 * variables and the dotenv report. What a cap cut is checked apart: no first part of the secret
 * may be left anywhere.
 */
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import type { RunResult } from '../support/harness.js';
import { runRow, type Row } from '../support/rows.js';
import { GOOD_TOKEN, scriptedServer, statusBody, transferService, type ScriptedServer } from '../support/scripted.js';
import { CSV1, makeWork } from '../support/world.js';
import { echoes, SHAPES } from '../support/secret-shapes.js';

let work: ReturnType<typeof makeWork>;
beforeAll(() => {
  work = makeWork();
});
afterAll(() => work.remove());

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
