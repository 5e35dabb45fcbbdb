/**
 * The sinks of long work and of GitLab's reports × every shape of secret (../support/secret-shapes.ts):
 * the summary file, the JUnit report and the timeline (the built command line and action, the
 * Transfer service echoing the password in every form in its log, its outcome and its times), and
 * the progress lines, the bar and the heartbeats (the reporters with the real platform adapters,
 * the file names holding every form). No form of the secret, and no first part of it, may be left.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it, vi, type ExpectStatic } from 'vitest';
import { createGithubPlatform } from '../../src/platform/github.js';
import { createTerminalPlatform } from '../../src/platform/terminal.js';
import { createBar } from '../../src/report/progress-bar.js';
import { createProgress } from '../../src/report/progress.js';
import { SECRETS, secretForms } from '../../src/secrets.js';
import { Heartbeat } from '../../src/transfer/heartbeat.js';
import { runRow } from '../support/rows.js';
import { scriptedServer, statusBody, transferService, GOOD_TOKEN } from '../support/scripted.js';
import { echoes, SHAPES } from '../support/secret-shapes.js';
import { makeWork } from '../support/world.js';

let work: ReturnType<typeof makeWork>;
beforeAll(() => {
  work = makeWork();
});
afterAll(() => work.remove());

function expectClean(expect: ExpectStatic, where: string, text: string, secret: string): void {
  for (const form of secretForms(secret)) if (form.length >= 4) expect(text.includes(form), `${where} holds a form of the secret: ${form}`).toBe(false);
  for (const prefix of new Set([secret.slice(0, 8), secret.replace(/\s+/g, ' ').slice(0, 8)]))
    expect(text.includes(prefix), `${where}: a first part ${prefix}`).toBe(false);
}

describe.concurrent('the summary file, the JUnit report and the timeline hold no form of a secret', () => {
  for (const [shape, secret] of SHAPES) {
    for (const entry of ['gitlab', 'action'] as const) {
      it(`${entry}: a password w/ ${shape}, echoed in the log, the outcome and the times`, async ({ expect }) => {
        const forms = Object.entries(echoes(secret));
        const idp = await scriptedServer(() => ({ body: { access_token: GOOD_TOKEN, token_type: 'Bearer', expires_in: 300 } }));
        const transfer = await transferService({ body: { message: `The request with ID 154 was successfully registered for ${secret}.` } }, () =>
          statusBody({
            outcome: `Error for ${secret}`,
            executionStart: `2026-06-04T08:00:00Z ${secret}`,
            logs: forms.map(([name, form]) => ({ level: 'ERROR', date: secret, message: `${name}: ${form}` })),
          }),
        );
        const out = mkdtempSync(join(tmpdir(), 'dotstat-report-sinks-'));
        try {
          const result = await runRow(
            {
              name: shape,
              entry,
              inputs: {
                'token-url': `${idp.url}/token`,
                username: 'alice',
                password: secret,
                'transfer-url': `${transfer.url}/3`,
                dataspace: 'design',
                file: 'data/*.csv',
                'poll-interval': '0.1',
                'wait-timeout': '20',
                'summary-file': join(out, 'summary.md'),
                'junit-file': join(out, 'junit.xml'),
              },
              cwd: work.dir,
              code: 1,
              says: ["completed with an unexpected outcome 'Error for ***'"],
              secrets: () => [secret],
            },
            expect,
          );
          const summary = readFileSync(join(out, 'summary.md'), 'utf8');
          const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
          expect(summary).toMatch(/```mermaid\n---\nconfig:[^]*\ngantt\n/);
          expect(junit).toContain('<failure message=');
          expect(junit).toContain('raw: ***');
          for (const [where, text] of [
            ['the summary file', summary],
            ['the JUnit report', junit],
            ['the job summary', result.summary],
          ] as const)
            expectClean(expect, where, text, secret);
        } finally {
          rmSync(out, { recursive: true, force: true });
          await Promise.all([idp.close(), transfer.close()]);
        }
      });
    }
  }
});

describe('the progress lines, the bar and the heartbeats hold no form of a secret', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => vi.useRealTimers());

  for (const [shape, secret] of SHAPES) {
    it(`a password w/ ${shape}, in the names of files in flight and of requests`, ({ expect }) => {
      SECRETS.add(secret);
      const names = Object.values(echoes(secret)).map((form) => `data/${form}.csv`);
      const printed: string[] = [];
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
      try {
        const platforms = [createTerminalPlatform(SECRETS, { debug: true, write: (line) => printed.push(line) }), createGithubPlatform(SECRETS)];
        const drawn: string[] = [];
        const bar = createBar({ isTTY: true, columns: 4000, write: (text: string) => drawn.push(text) }, {}, (text) => SECRETS.redact(text));
        for (const platform of platforms) {
          for (const reporter of [createProgress({ line: (text) => platform.info(text) }), createProgress({ line: (text) => platform.info(text), bar })]) {
            const tasks = names.map((name, i) => reporter.start(i % 2 ? 'zip' : 'upload', name));
            for (let s = 1; s <= 30; s++) {
              tasks.forEach((task) => task.update(s * 1000, 30_000));
              vi.advanceTimersByTime(1000);
            }
            for (const task of tasks) task.end();
            // One task alone: its name in full, and its end.
            const one = reporter.start('upload', names[0]!);
            for (let s = 1; s <= 12; s++) {
              one.update(s * 1000, 12_000);
              vi.advanceTimersByTime(1000);
            }
            one.end();
          }
          const heartbeat = new Heartbeat(platform);
          const requests = names.slice(0, 9).map((name, i) => ({ requestId: i, name, registeredAt: Date.now(), status: { executionStatus: 'InProgress' } }));
          heartbeat.round(requests, Date.now());
          heartbeat.round(requests, Date.now() + 60_000);
        }
        const log = printed.join('\n');
        expect(log).toMatch(/Uploading \d+ files: /);
        expect(log).toContain('still InProgress after 1 min');
        expect(drawn.join('')).toContain('uploading');
        expectClean(expect, 'the log', log, secret);
        expectClean(expect, 'the bar', drawn.join(''), secret);
      } finally {
        write.mockRestore();
      }
    });
  }
});
