import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fullLogPath, fullLogs, redactedLine } from '../../../src/report/full-log.js';
import { SecretRegistry } from '../../../src/secrets.js';

const root = mkdtempSync(join(tmpdir(), 'dotstat-full-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const fresh = () => join(root, `d${++dirs}`);

describe('fullLogs()', () => {
  it("writes every line as JSON, in a folder it creates; the .part file becomes the request's file on close", () => {
    const dir = fresh();
    const warnings: string[] = [];
    const sink = fullLogs({ dir, redact: (t) => t, warn: (m) => warnings.push(m) })(154);
    for (let n = 1; n <= 3_000; n++) sink.write({ line: n, level: 'ERROR', date: '2026-06-04T08:00:00Z', message: `row ${n}` });
    expect(readdirSync(dir)).toEqual(['transfer-log-154.jsonl.part']);
    expect(sink.close()).toBe(join(dir, 'transfer-log-154.jsonl'));
    expect(readdirSync(dir)).toEqual(['transfer-log-154.jsonl']);
    const lines = readFileSync(fullLogPath(dir, 154), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3_000);
    expect(JSON.parse(lines[2_999]!)).toEqual({ line: 3_000, date: '2026-06-04T08:00:00Z', level: 'ERROR', message: 'row 3000' });
    expect(warnings).toEqual([]);
  });

  it('a later answer replaces the file only once it was read whole; a failed one leaves the last good file', () => {
    const dir = fresh();
    const logs = fullLogs({ dir, redact: (t) => t, warn: () => undefined });
    const first = logs(7);
    first.write({ line: 1, message: 'queued' });
    first.close();
    const second = logs(7);
    second.write({ line: 1, message: 'half of an answer' });
    second.discard();
    expect(readdirSync(dir)).toEqual(['transfer-log-7.jsonl']);
    expect(readFileSync(fullLogPath(dir, 7), 'utf8')).toBe('{"line":1,"date":null,"level":null,"message":"queued"}\n');
  });

  it('an unwritable folder: one warning naming the file, no path, and nothing thrown', () => {
    const blocker = join(fresh());
    writeFileSync(blocker, 'a file where the folder should be');
    const warnings: string[] = [];
    const sink = fullLogs({ dir: join(blocker, 'logs'), redact: (t) => t, warn: (m) => warnings.push(m) })(9);
    for (let n = 1; n <= 5_000; n++) sink.write({ line: n, message: `row ${n} ${'x'.repeat(50)}` });
    expect(sink.close()).toBeUndefined();
    expect(warnings).toEqual([
      `The full Transfer log could not be written to ${join(blocker, 'logs', 'transfer-log-9.jsonl')} (ENOTDIR); the reports still show its first lines.`,
    ]);
  });
});

describe('redactedLine()', () => {
  it('redacts each field raw, before JSON escapes it: a secret holding a quote and a backslash still matches', () => {
    const secrets = new SecretRegistry();
    const secret = 'pa"ss\\word-1';
    secrets.add(secret);
    const line = redactedLine({ line: 5, level: `ERR ${secret}`, date: secret, message: `user bob, password ${secret}.` }, (t) => secrets.redact(t));
    expect(JSON.parse(line)).toEqual({ line: 5, level: 'ERR ***', date: '***', message: 'user bob, password ***.' });
    expect(line).not.toContain('pa\\"ss');
  });
});
