/** The leak scan itself must be able to fail, or every end-to-end test that relies on it proves nothing. */
import { describe, expect, it } from 'vitest';
import { expectNoLeaks, expectNoWorkflowCommands, parseFileCommands, type RunResult } from './harness.js';

const secret = 'p@ss word/+=';
const base: RunResult = { code: 0, stdout: '', stderr: '', outputs: {}, env: {}, summary: '', state: '', durationMs: 0 };

describe('expectNoLeaks()', () => {
  const leaks: Array<[string, Partial<RunResult>]> = [
    ['raw on stdout', { stdout: `hello ${secret}` }],
    ['URL-encoded', { stdout: encodeURIComponent(secret) }],
    ['form-encoded', { stderr: new URLSearchParams({ p: secret }).toString() }],
    ['base64', { summary: Buffer.from(secret).toString('base64') }],
    ['JSON-escaped', { stdout: JSON.stringify({ secret: 'a"b\\c' }) }],
    ['in an output not allowed', { outputs: { 'grant-type': secret } }],
    ['in state', { state: secret }],
  ];
  for (const [name, leak] of leaks) {
    it(`catches a leak ${name}`, () => {
      const secrets = name === 'JSON-escaped' ? ['a"b\\c'] : [secret];
      expect(() => expectNoLeaks({ ...base, ...leak }, secrets)).toThrow();
    });
  }
  it('allows a secret in its own mask line and in allowed outputs', () => {
    expect(() =>
      expectNoLeaks({ ...base, stdout: `::add-mask::${secret}\n`, outputs: { 'access-token': secret } }, [secret], { outputs: ['access-token'] }),
    ).not.toThrow();
  });
  it('catches a workflow command outside GitHub', () => {
    expect(() => expectNoWorkflowCommands({ ...base, stdout: 'ok\n::warning::x' })).toThrow();
  });
});

describe('parseFileCommands()', () => {
  it('reads heredoc and name=value entries', () => {
    expect(parseFileCommands('a<<EOF_1\nline1\nline2\nEOF_1\nb=2\n')).toEqual({ a: 'line1\nline2', b: '2' });
  });
});
