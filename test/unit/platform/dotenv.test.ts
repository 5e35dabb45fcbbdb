import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DotstatError } from '../../../src/errors.js';
import { DotenvReport, dotenvName, fitValue, MAX_DOTENV_BYTES } from '../../../src/platform/dotenv.js';
import { SecretRegistry } from '../../../src/secrets.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const PUBLIC = ['grant-type', 'token-type', 'expires-in', 'expires-at', 'refresh-expires-at', 'request-id', 'execution-status', 'outcome'];

const dir = mkdtempSync(join(tmpdir(), 'dotstat-dotenv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function report(): { report: DotenvReport; secrets: SecretRegistry; read: () => string } {
  const path = join(dir, `${++files}.env`);
  const secrets = new SecretRegistry();
  secrets.add(TOKEN);
  return { report: new DotenvReport(path, secrets), secrets, read: () => readFileSync(path, 'utf8') };
}

describe('dotenvName()', () => {
  it("never names a setting's variable: a later job's inputs must not be overridden", async () => {
    const { INPUTS } = await import('../../../src/inputs.js');
    const { envName } = await import('../../../src/cli/args.js');
    const settings = new Set(INPUTS.map((input) => envName(input.name)));
    for (const output of PUBLIC) expect(settings.has(dotenvName(output)), output).toBe(false);
  });

  it.each([
    ['grant-type', 'DOTSTAT_GRANT_USED'],
    ['refresh-expires-at', 'DOTSTAT_REFRESH_EXPIRES_AT'],
    ['outcome', 'DOTSTAT_OUTCOME'],
  ])('%s → %s', (output, name) => expect(dotenvName(output)).toBe(name));
});

describe('DotenvReport', () => {
  it('writes only the public outputs, as DOTSTAT_* lines', () => {
    const { report: r, read } = report();
    const values: Record<string, string> = {
      'access-token': TOKEN,
      'refresh-token': 'unregistered-refresh-token',
      'id-token': 'unregistered-id-token',
      'grant-type': 'password',
      'token-type': 'Bearer',
      'expires-in': '300',
      'expires-at': '2026-06-04T08:05:00.000Z',
      'refresh-expires-at': '2026-06-04T08:30:00.000Z',
      'request-id': '101',
      'execution-status': 'Completed',
      outcome: 'Success',
      results: '[{"requestId":101}]',
      file: 'data/a.csv',
      other: 'x',
    };
    for (const [name, value] of Object.entries(values)) r.set(name, value);
    expect(read()).toBe(
      [
        'DOTSTAT_GRANT_USED=password',
        'DOTSTAT_TOKEN_TYPE=Bearer',
        'DOTSTAT_EXPIRES_IN=300',
        'DOTSTAT_EXPIRES_AT=2026-06-04T08:05:00.000Z',
        'DOTSTAT_REFRESH_EXPIRES_AT=2026-06-04T08:30:00.000Z',
        'DOTSTAT_REQUEST_ID=101',
        'DOTSTAT_EXECUTION_STATUS=Completed',
        'DOTSTAT_OUTCOME=Success',
        '',
      ].join('\n'),
    );
    expect(
      read()
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=')[0]),
    ).toEqual(PUBLIC.map(dotenvName));
  });

  it.each([
    ['\\n', '101\n102\n103', '101,102,103'],
    ['\\r\\n', '101\r\n102', '101,102'],
    ['one value', '101', '101'],
  ])('multi-line values are joined by commas (%s)', (_title, value, expected) => {
    const { report: r, read } = report();
    r.set('request-id', value);
    expect(read()).toBe(`DOTSTAT_REQUEST_ID=${expected}\n`);
  });

  it('strips control and non-ASCII characters, so each variable stays on one line', () => {
    const { report: r, read } = report();
    r.set('outcome', 'Success\r\u0000\u001b\u2028');
    expect(read()).toBe('DOTSTAT_OUTCOME=Success\n');
  });

  it.each([
    ['raw', TOKEN],
    ['inside a longer value', `Bearer ${TOKEN}`],
    ['base64', Buffer.from(TOKEN).toString('base64')],
    ['on one line of several', `101\n${TOKEN}`],
  ])('refuses a value holding a registered secret (%s)', (_title, value) => {
    const { report: r, read } = report();
    r.set('outcome', 'Success');
    r.set('outcome', value);
    r.set('request-id', value);
    expect(read()).toBe('DOTSTAT_OUTCOME=Success\n');
  });

  it('refuses a secret registered after the report was made', () => {
    const { report: r, secrets, read } = report();
    r.set('grant-type', 'password');
    secrets.add('late-registered-secret');
    r.set('outcome', 'late-registered-secret');
    expect(read()).toBe('DOTSTAT_GRANT_USED=password\n');
  });

  it('rewrites the file on each set: new variables added, a set variable replaced in place', () => {
    const { report: r, read } = report();
    r.set('request-id', '101');
    expect(read()).toBe('DOTSTAT_REQUEST_ID=101\n');
    r.set('execution-status', 'InProgress');
    expect(read()).toBe('DOTSTAT_REQUEST_ID=101\nDOTSTAT_EXECUTION_STATUS=InProgress\n');
    r.set('request-id', '101\n102');
    r.set('execution-status', 'Completed');
    expect(read()).toBe('DOTSTAT_REQUEST_ID=101,102\nDOTSTAT_EXECUTION_STATUS=Completed\n');
  });

  it('replaces what the file held before', () => {
    const { report: r } = report();
    writeFileSync(r.path, `DOTSTAT_ACCESS_TOKEN=${TOKEN}\nOLD=1\n`);
    r.set('outcome', 'Error');
    expect(readFileSync(r.path, 'utf8')).toBe('DOTSTAT_OUTCOME=Error\n');
  });

  it('writes nothing until a public output is set', () => {
    const { report: r } = report();
    r.set('access-token', TOKEN);
    expect(() => readFileSync(r.path)).toThrow(/ENOENT/);
  });

  // Regression: a missing folder surfaced as "Unexpected internal error … this is a bug".
  it('unwritable path: DOTENV error naming the path and what to do', () => {
    const path = join(dir, 'no/such/folder/dotstat.env');
    const r = new DotenvReport(path, new SecretRegistry());
    let error: unknown;
    try {
      r.set('outcome', 'Success');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DotstatError);
    expect(error).toMatchObject({
      code: 'DOTENV',
      message: `Cannot write the dotenv report '${path}': ENOENT.`,
      hint: 'Check that its folder exists and is writable, or set --dotenv (DOTSTAT_DOTENV) to another path.',
    });
  });

  it("2,000 request ids (one per file): the report stays under GitLab's 5 KiB, the list cut between ids with the count left out", () => {
    const { report: r, read } = report();
    const ids = Array.from({ length: 2000 }, (_, i) => String(100_000 + i));
    r.set('grant-type', 'password');
    r.set('request-id', ids.join('\n'));
    r.set('execution-status', 'Completed');
    r.set('outcome', 'Error');
    const text = read();
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_DOTENV_BYTES);
    const line = text.split('\n').find((l) => l.startsWith('DOTSTAT_REQUEST_ID='))!;
    const shown = line.slice('DOTSTAT_REQUEST_ID='.length).split(',');
    const more = Number(/^\+(\d+) more$/.exec(shown.pop()!)?.[1]);
    expect(shown).toEqual(ids.slice(0, shown.length));
    expect(shown.length + more).toBe(2000);
    expect(text).toContain('DOTSTAT_EXECUTION_STATUS=Completed\nDOTSTAT_OUTCOME=Error\n');
  });
});

describe('fitValue()', () => {
  it.each([
    ['101,102,103', 11, '101,102,103'],
    ['101,102,103,104', 12, '101,+3 more'],
    ['101,102,103', 9, '+3 more'],
    ['Completed', 4, 'Comp'],
  ])('%j in %i → %j', (value, room, fitted) => expect(fitValue(value, room)).toBe(fitted));
});

describe('DotenvReport: the hand-off', () => {
  it('is DOTSTAT_HANDOFF, the handoff setting of a later job on purpose (that is how it is received)', () => {
    expect(dotenvName('handoff')).toBe('DOTSTAT_HANDOFF');
  });

  it('is never cut to fit: the request ids are cut instead', () => {
    const { report: r, read } = report();
    const handoff = `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..${'i'.repeat(16)}.${'c'.repeat(3000)}.${'t'.repeat(22)}`;
    r.set('handoff', handoff);
    r.set('request-id', Array.from({ length: 600 }, (_, i) => String(1000 + i)).join('\n'));
    const text = read();
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_DOTENV_BYTES);
    expect(text).toContain(`DOTSTAT_HANDOFF=${handoff}\n`);
    expect(text).toMatch(/DOTSTAT_REQUEST_ID=1000,1001,.*\+\d+ more/);
  });
});
