/**
 * The hostile world, part 3: malicious or odd answers. Tiny scripted servers on 127.0.0.1 play an
 * identity provider and a Transfer service that answer what no faithful fixture would: tokens and
 * log messages carrying newlines, workflow commands (`::add-mask::`, `::stop-commands::`,
 * `::set-output`, the legacy `##[command]`) and ANSI escapes; token responses with missing fields
 * or wrong types; request ids that are not numbers; statuses nobody defined; and texts built to
 * make a backtracking pattern run for minutes. Every row runs dist/ through runRow, and checks
 * that nothing the servers sent became a command, an annotation, a mask or a colour.
 */
/* eslint-disable no-control-regex -- the rows are about control characters. */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { ROOT, type RunResult } from '../e2e/harness.js';
import { PASSWORD, runRow, type Row } from './rows.js';
import { GOOD_TOKEN, GOOD_TOKENS, REGISTERED, scriptedServer, statusBody, transferService, type Scripted, type ScriptedServer } from './servers/scripted.js';

const CSV = 'data/sample-sdmx-csv-1.0.csv';
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dotstat-hostile-answers-'));
  mkdirSync(join(work, 'data'));
  copyFileSync(join(ROOT, 'test', CSV), join(work, CSV));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The action's own workflow commands; anything else starting with `::` was forged. */
const OWN_COMMAND = /^::(add-mask|debug|group|endgroup|error|warning|notice)( [^\n]*?)?::/;

/**
 * Nothing the servers sent became a command: no `::stop-commands::` or `::set-output` anywhere, no
 * `##[` anywhere (the runner parses it in the middle of a line), only the action's own `::`
 * commands on GitHub (none elsewhere), no annotation whose text starts with the forged words,
 * masks only for real secrets, and no ANSI escape or carriage return but GitLab's section markers.
 */
function expectNoInjection(result: RunResult, entry: Row['entry'], masks: readonly string[], expect: ExpectStatic): void {
  const out = `${result.stdout}\n${result.stderr}`;
  expect(out).not.toContain('::stop-commands::');
  expect(out).not.toContain('::set-output');
  expect(out).not.toContain('##[');
  for (const line of out.split('\n')) {
    const text = line.trimStart();
    if (text.startsWith('::')) {
      expect(entry, `a :: line outside GitHub: ${line}`).toBe('action');
      expect(text, 'a forged workflow command').toMatch(OWN_COMMAND);
      expect(text, 'a forged annotation').not.toMatch(/^::(error|warning|notice)[^:]*::\s*forged/);
      const mask = /^::add-mask::(.*)$/.exec(text);
      if (mask) expect(masks, 'a forged mask').toContain(mask[1]);
    }
    const bare = entry === 'gitlab' ? line.replace(/\r?\u001b\[0K/g, '') : line;
    expect(bare, 'an ANSI escape from a server').not.toContain('\u001b');
    expect(bare, 'a carriage return from a server').not.toContain('\r');
  }
  expect(result.summary).not.toMatch(/[\u001b\r]/);
  expect(result.summary).not.toContain('##[');
}

interface AnswerRow {
  readonly name: string;
  readonly entry: Row['entry'];
  /** The token endpoint's answer; default a good one. */
  readonly token?: Scripted;
  /** With these, the row uploads a file and waits. */
  readonly registration?: Scripted;
  readonly status?: (nth: number) => Scripted;
  readonly code: number;
  readonly says: readonly (string | RegExp)[];
  /** Hostile values the servers sent that must never be printed (tokens). */
  readonly secrets?: readonly string[];
  readonly withinMs?: number;
}

/** A token answer with a hostile field, the rest good. */
const tokenWith = (fields: Record<string, unknown>): Scripted => ({ body: { access_token: GOOD_TOKEN, token_type: 'Bearer', expires_in: 300, ...fields } });
const BAD_TOKEN = [/The token endpoint http:\/\/127\.0\.0\.1:\d+\/token answered HTTP 200 but/, 'check token-url / authority'];
const invalidToken = (key: string) => [...BAD_TOKEN, `its ${key} is not a valid token`, 'not shown'];
const upload = (status: (nth: number) => Scripted, registration: Scripted = REGISTERED) => ({ registration, status });

const HOSTILE_LOGS = [
  { date: '2026-06-04T08:00:01Z', level: 'ERROR', message: 'bad row\n::error::forged' },
  { date: '::error::forged', level: 'WARN', message: '\r::warning file=x::forged' },
  { level: 'ERROR\n::add-mask::x', message: '\u001b[31m##[error]forged\u001b[0m' },
  { level: 'NOTICE', message: '::stop-commands::abc\n::add-mask::y\n##[set-output name=x;]y' },
  { level: 'NOTICE', message: '\u001b]0;forged title\u0007\u001b[2J\u001b[Hclear screen \u202eevil' },
  'a bare string ::set-output name=x::y',
  null,
  { message: 42 },
  { level: 'NOTICE', message: '12 observations have been processed' },
];

const ROWS: readonly AnswerRow[] = [
  // A token with a newline, a workflow command or an escape in it is no token: refused, never printed.
  {
    name: 'access_token w/ a newline and ::add-mask::',
    entry: 'action',
    token: tokenWith({ access_token: 'hostile-at-0001\n::add-mask::x' }),
    code: 1,
    says: invalidToken('access_token'),
    secrets: ['hostile-at-0001'],
  },
  {
    name: 'access_token w/ ::stop-commands:: and a forged error',
    entry: 'action',
    token: tokenWith({ access_token: 'hostile-at-0002\n::stop-commands::abc\n::error::forged' }),
    code: 1,
    says: invalidToken('access_token'),
    secrets: ['hostile-at-0002'],
  },
  {
    name: 'access_token w/ ::set-output',
    entry: 'action-plain',
    token: tokenWith({ access_token: 'hostile-at-0003\n::set-output name=x::y' }),
    code: 1,
    says: invalidToken('access_token'),
    secrets: ['hostile-at-0003'],
  },
  {
    name: 'access_token in ANSI colours',
    entry: 'gitlab',
    token: tokenWith({ access_token: '\u001b[31mhostile-at-0004\u001b[0m' }),
    code: 1,
    says: invalidToken('access_token'),
    secrets: ['hostile-at-0004'],
  },
  {
    name: 'access_token w/ :: and no newline',
    entry: 'action',
    token: tokenWith({ access_token: 'hostile-at-0005::error::forged' }),
    code: 1,
    says: invalidToken('access_token'),
    secrets: ['hostile-at-0005'],
  },
  {
    name: 'access_token w/ a legacy ##[add-mask]',
    entry: 'action',
    token: tokenWith({ access_token: 'hostile-at-0006 ##[add-mask]x' }),
    code: 1,
    says: invalidToken('access_token'),
    secrets: ['hostile-at-0006'],
  },
  {
    name: 'refresh_token w/ a newline and ::add-mask::',
    entry: 'action',
    token: tokenWith({ refresh_token: 'hostile-rt-0007\n::add-mask::x' }),
    code: 1,
    says: invalidToken('refresh_token'),
    secrets: ['hostile-rt-0007'],
  },
  {
    name: 'refresh_token w/ a carriage return',
    entry: 'gitlab',
    token: tokenWith({ refresh_token: 'hostile-rt-0008\r::error::forged' }),
    code: 1,
    says: invalidToken('refresh_token'),
    secrets: ['hostile-rt-0008'],
  },
  {
    name: 'id_token w/ a legacy ##[set-output]',
    entry: 'action',
    token: tokenWith({ id_token: 'hostile-it-0009\n##[set-output name=x;]y' }),
    code: 1,
    says: invalidToken('id_token'),
    secrets: ['hostile-it-0009'],
  },
  {
    name: 'refresh_token w/ :: inside',
    entry: 'action-plain',
    token: tokenWith({ refresh_token: 'hostile-rt::0010' }),
    code: 1,
    says: invalidToken('refresh_token'),
    secrets: ['hostile-rt::0010'],
  },

  // A token response w/ missing fields or wrong types.
  {
    name: 'expires_in "abc"',
    entry: 'action',
    token: tokenWith({ expires_in: 'abc' }),
    code: 1,
    says: [...BAD_TOKEN, 'its expires_in is not a number of seconds'],
  },
  { name: 'token_type mac', entry: 'gitlab', token: tokenWith({ token_type: 'mac' }), code: 1, says: [...BAD_TOKEN, "its token_type is 'mac', not Bearer"] },
  { name: 'refresh_token 42', entry: 'action', token: tokenWith({ refresh_token: 42 }), code: 1, says: [...BAD_TOKEN, 'its refresh_token is not a string'] },
  { name: 'access_token {}', entry: 'action-plain', token: tokenWith({ access_token: {} }), code: 1, says: [...BAD_TOKEN, 'its access_token is not a string'] },
  {
    name: 'no access_token at all',
    entry: 'action',
    token: { body: { token_type: 'Bearer', expires_in: 300 } },
    code: 1,
    says: [...BAD_TOKEN, 'it holds no access_token'],
  },
  { name: 'a JSON array', entry: 'gitlab', token: { body: [GOOD_TOKEN] }, code: 1, says: [...BAD_TOKEN, 'its body is not a JSON object'] },
  {
    name: 'JSON null',
    entry: 'action-plain',
    token: { body: 'null', headers: { 'content-type': 'application/json' } },
    code: 1,
    says: [...BAD_TOKEN, 'its body is not a JSON object'],
  },
  // Regression: 1e20 seconds made an Invalid Date, and printing it crashed with a RangeError.
  {
    name: 'expires_in 1e20',
    entry: 'action',
    token: tokenWith({ expires_in: 1e20 }),
    code: 1,
    says: [...BAD_TOKEN, 'its expires_in is not a number of seconds'],
  },
  {
    name: 'expires_in negative',
    entry: 'gitlab',
    token: tokenWith({ expires_in: -300 }),
    code: 1,
    says: [...BAD_TOKEN, 'its expires_in is not a number of seconds'],
  },
  {
    name: 'token_type w/ a forged error',
    entry: 'action',
    token: tokenWith({ token_type: 'Bearer\n::error::forged' }),
    code: 1,
    says: [...BAD_TOKEN, "its token_type is 'Bearer :", 'not Bearer'],
  },

  // Error texts from the identity provider.
  {
    name: 'error and error_description w/ commands, CR and ANSI',
    entry: 'action',
    token: {
      status: 400,
      body: { error: 'invalid_grant\n::error::forged', error_description: 'Invalid user credentials\r\n::warning file=x::forged \u001b[31m##[add-mask]y' },
    },
    code: 1,
    says: ['The identity provider refused the password grant (HTTP 400, invalid_grant', 'Invalid user credentials'],
  },
  {
    name: 'error_description that clears the screen',
    entry: 'action-plain',
    token: { status: 401, body: { error: 'unauthorized_client', error_description: '\u001b[2J\u001b[H::error::forged' } },
    code: 1,
    says: ['(HTTP 401, unauthorized_client', 'Check client-id'],
  },
  {
    name: 'an HTML 404 whose title is a command',
    entry: 'gitlab',
    token: {
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>::error::forged ##[error]forged</title></head><body>\u001b[31m</body></html>',
    },
    code: 1,
    says: ['answered HTTP 404 (text/html', 'Wrong URL'],
  },
  // Regression: excerpt() backtracked for minutes on an error page of unclosed tags.
  {
    name: 'an error page of 170 000 unclosed <title',
    entry: 'action',
    token: { status: 404, headers: { 'content-type': 'text/html' }, body: '<title'.repeat(170_000) },
    code: 1,
    says: ['answered HTTP 404 (text/html'],
    withinMs: 10_000,
  },

  // A request id that is not a number.
  {
    name: 'ID abc in the message',
    entry: 'gitlab',
    ...upload(() => statusBody(), { body: { message: 'The request with ID abc was registered' } }),
    code: 1,
    says: ['without a request id ("The request with ID abc was registered")', 'Without a request id the outcome cannot be checked'],
  },
  {
    name: 'requestId "12x"',
    entry: 'action',
    ...upload(() => statusBody(), { body: { requestId: '12x', message: '' } }),
    code: 1,
    says: ['without a request id'],
  },
  {
    name: 'a 20-digit id',
    entry: 'action-plain',
    ...upload(() => statusBody(), { body: { requestId: 1e20, message: 'The request with ID 99999999999999999999 was registered' } }),
    code: 1,
    says: ['without a request id'],
  },
  { name: 'a negative id', entry: 'action', ...upload(() => statusBody(), { body: { requestId: -1 } }), code: 1, says: ['without a request id'] },
  {
    name: 'a registration message w/ commands and ANSI',
    entry: 'action',
    ...upload(() => statusBody(), { body: { message: 'The request with ID 154 was successfully registered.\n::error::forged \u001b[31m##[add-mask]x' } }),
    code: 0,
    says: ['Request 154 registered', 'All 1 request finished'],
  },
  {
    name: 'a message that is not text, w/ a numeric id',
    entry: 'gitlab',
    ...upload(() => statusBody(), { body: { requestId: 154, message: { text: 'x' } } }),
    code: 0,
    says: ['Request 154 registered'],
  },
  // Regression: 'ID' and a run of spaces made the request-id pattern backtrack for minutes.
  {
    name: 'ID and 900 000 spaces',
    entry: 'gitlab',
    ...upload(() => statusBody(), { body: { message: `ID${' '.repeat(900_000)}x` } }),
    code: 1,
    says: ['without a request id'],
    withinMs: 10_000,
  },

  // Status answers w/ unknown values.
  {
    name: 'executionStatus Paused',
    entry: 'action',
    ...upload(() => statusBody({ executionStatus: 'Paused', outcome: 'None' })),
    code: 1,
    says: ["the request ended in an unknown state (execution status 'Paused'", '1 of 1 request failed'],
  },
  {
    name: 'outcome Maybe',
    entry: 'gitlab',
    ...upload(() => statusBody({ outcome: 'Maybe' })),
    code: 1,
    says: ["completed with an unexpected outcome 'Maybe'"],
  },
  { name: 'logs not an array', entry: 'action-plain', ...upload(() => statusBody({ logs: 'not an array' })), code: 0, says: ['All 1 request finished'] },
  {
    name: 'executionStatus missing',
    entry: 'action',
    ...upload(() => statusBody({ executionStatus: undefined })),
    code: 1,
    says: ['has no executionStatus', 'check transfer-url and the service version'],
  },
  { name: 'executionStatus a number', entry: 'gitlab', ...upload(() => statusBody({ executionStatus: 3 })), code: 1, says: ['has no executionStatus'] },
  {
    name: 'executionStatus w/ a forged error',
    entry: 'action',
    ...upload(() => statusBody({ executionStatus: 'Completed\n::error::forged', outcome: 'Success\u001b[31m' })),
    code: 1,
    says: ['unknown state'],
  },
  { name: 'a status that is a JSON array', entry: 'action-plain', ...upload(() => ({ body: [] })), code: 1, says: ['not a JSON object'] },
  {
    name: 'running, then Paused',
    entry: 'action',
    ...upload((nth) => statusBody(nth < 2 ? { executionStatus: 'InProgress', outcome: 'None' } : { executionStatus: 'Paused' })),
    code: 1,
    says: ['Request 154 (data/sample-sdmx-csv-1.0.csv): InProgress', "execution status 'Paused'"],
  },

  // Transfer log messages w/ commands, CR, ANSI, bidirectional controls; other shapes of entry.
  {
    name: 'Transfer log w/ forged commands',
    entry: 'action',
    ...upload(() => statusBody({ logs: HOSTILE_LOGS })),
    code: 0,
    says: ['[ERROR] bad row :', '12 observations have been processed'],
  },
  {
    name: 'Transfer log w/ forged commands',
    entry: 'gitlab',
    ...upload(() => statusBody({ logs: HOSTILE_LOGS })),
    code: 0,
    says: ['[ERROR] bad row :', 'section_start'],
  },
  {
    name: 'Transfer log w/ forged commands',
    entry: 'action-plain',
    ...upload(() => statusBody({ logs: HOSTILE_LOGS })),
    code: 0,
    says: ['[ERROR] bad row :', 'clear screen'],
  },
  // Regression: the observation count's pattern backtracked for hours on a log of digits and spaces.
  {
    name: 'a log message of 400 000 "1 "',
    entry: 'action',
    ...upload(() => statusBody({ logs: [{ level: 'NOTICE', message: '1 '.repeat(400_000) }] })),
    code: 0,
    says: ['All 1 request finished'],
    withinMs: 10_000,
  },
  {
    name: '500 ERROR lines, annotated ten times',
    entry: 'action',
    ...upload(() => statusBody({ logs: Array.from({ length: 500 }, (_, i) => ({ level: 'ERROR', message: `row ${i} rejected` })) })),
    code: 0,
    says: [
      '(490 ERROR lines of this log are not repeated as annotations: GitHub shows 10 of each kind per step.)',
      '(60 of 500 log lines shown (ERROR 500); 440 left out. The full log is in transfer-log-',
    ],
  },
];

async function runAnswerRow(row: AnswerRow, expect: ExpectStatic): Promise<void> {
  const idp = await scriptedServer(() => row.token ?? GOOD_TOKENS);
  const transfer: ScriptedServer | undefined = row.registration && row.status ? await transferService(row.registration, row.status) : undefined;
  try {
    const inputs: Record<string, string> = { 'token-url': `${idp.url}/token`, username: 'alice', password: PASSWORD };
    if (transfer) Object.assign(inputs, { 'transfer-url': `${transfer.url}/3`, dataspace: 'design', file: CSV, 'poll-interval': '0.1', 'wait-timeout': '20' });
    const result = await runRow(
      {
        name: row.name,
        entry: row.entry,
        inputs,
        cwd: work,
        code: row.code,
        says: row.says,
        secrets: () => [GOOD_TOKEN, ...(row.secrets ?? [])],
        withinMs: row.withinMs ?? 15_000,
      },
      expect,
    );
    expectNoInjection(result, row.entry, ['alice', PASSWORD, GOOD_TOKEN], expect);
    if (row.name.includes('500 ERROR lines')) expect(result.stdout.split('\n').filter((l) => l.startsWith('::error title=Transfer error'))).toHaveLength(10);
  } finally {
    await Promise.all([idp.close(), transfer?.close()]);
  }
}

describe.concurrent('malicious or odd answers are neutralised', () => {
  for (const row of ROWS) it(`${row.entry}: ${row.name}`, ({ expect }) => runAnswerRow(row, expect));
});
