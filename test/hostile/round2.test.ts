/**
 * The hostile world, round 2: what an outside review of the landed dist/ reproduced, one row per
 * finding, each with variants (other secret shapes, echo positions, sinks, entries). Every row runs
 * a built entry point through runRow(), whose leak scan covers every form of every secret in the
 * log, the annotations, the summary, the outputs, the exported variables and the dotenv report.
 * The class of leak behind findings 1 and 5 (a secret escaped, cleaned or cut before it was
 * redacted) is closed for every sink and every form in ./sinks.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { PASSWORD, runRow, type Row } from './rows.js';
import { GOOD_TOKEN, REGISTERED, scriptedServer, statusBody, transferService, type Scripted, type ScriptedServer } from './servers/scripted.js';
import { CSV1, DNS_STUB, makeWork, startWorld, type World } from './support/world.js';

let work: ReturnType<typeof makeWork>;
beforeAll(() => {
  work = makeWork();
});
afterAll(() => work.remove());

const TRANSFER = { dataspace: 'design', file: CSV1, 'poll-interval': '0.1', 'wait-timeout': '20' };

/** A scripted identity provider and Transfer service; the row gets their URLs, everything is closed after. */
async function scripted(
  answers: { token?: (body: string) => Scripted; registration?: Scripted; status?: (nth: number) => Scripted },
  body: (idp: ScriptedServer, transfer: ScriptedServer) => Promise<void>,
): Promise<void> {
  const idp = await scriptedServer((request) => answers.token?.(request.body) ?? { body: { access_token: GOOD_TOKEN, token_type: 'Bearer', expires_in: 300 } });
  const transfer = await transferService(answers.registration ?? REGISTERED, answers.status ?? (() => statusBody()));
  try {
    await body(idp, transfer);
  } finally {
    await Promise.all([idp.close(), transfer.close()]);
  }
}

const base = (idp: ScriptedServer, transfer?: ScriptedServer): Record<string, string> => ({
  'token-url': `${idp.url}/token`,
  username: 'alice',
  password: PASSWORD,
  ...(transfer ? { 'transfer-url': `${transfer.url}/3`, ...TRANSFER } : {}),
});

/** No run of `part` (or longer) of the secret's first characters appears anywhere the row wrote. */
function expectNoPrefix(
  expect: ExpectStatic,
  result: { stdout: string; stderr: string; summary: string; outputs: Record<string, string> },
  secret: string,
  part = 6,
): void {
  const prefix = secret.slice(0, part);
  const log = `${result.stdout}\n${result.stderr}`.replace(/^::add-mask::.*$/gm, '');
  expect(log.includes(prefix), `the first ${part} characters of a secret in the log`).toBe(false);
  expect(result.summary.includes(prefix), 'a part of a secret in the summary').toBe(false);
  for (const [name, value] of Object.entries(result.outputs))
    if (!name.endsWith('-token')) expect(value.includes(prefix), `a part of a secret in output ${name}`).toBe(false);
}

describe.concurrent('1. a secret that contains Markdown characters is redacted before the summary escapes it', () => {
  // Regression: a Transfer 401 that echoed the Authorization header put `Bearer AAAA\_access\_tok…` into the summary.
  for (const entry of ['action', 'gitlab'] as const) {
    it(`${entry}: a Transfer 401 echoing the Bearer token (w/ _ in it)`, async ({ expect }) => {
      const token = 'AAAA_access_tok_0001_x';
      await scripted(
        {
          token: () => ({ body: { access_token: token, token_type: 'Bearer', expires_in: 300 } }),
          registration: { status: 401, body: { message: `Bearer ${token} was refused: no such token` } },
        },
        async (idp, transfer) => {
          const result = await runRow(
            {
              name: 'echo',
              entry,
              inputs: base(idp, transfer),
              cwd: work.dir,
              code: 1,
              says: ['answered HTTP 401 ("Bearer *** was refused'],
              secrets: () => [token],
            },
            expect,
          );
          expect(result.summary).not.toContain('AAAA\\_access');
          if (entry === 'action') expect(result.summary).toContain('Bearer \\*\\*\\* was refused');
        },
      );
    });
  }

  it.for([
    ['a user name w/ _', 'alice_smith_01'],
    ['a user name w/ * and [', 'al*ce[smith]'],
    ['a user name w/ a space and unicode', 'Zoë  Dupont'],
  ] as const)('action: a Transfer log line naming %s', async ([, username], { expect }) => {
    await scripted(
      { status: () => statusBody({ outcome: 'Error', logs: [{ level: 'ERROR', message: `User ${username} may not import into design.` }] }) },
      async (idp, transfer) => {
        const result = await runRow(
          {
            name: 'user',
            entry: 'action',
            inputs: { ...base(idp, transfer), username },
            cwd: work.dir,
            code: 1,
            says: ['User *** may not import into design.'],
            secrets: () => [username],
          },
          expect,
        );
        expect(result.summary).toContain('User \\*\\*\\* may not import');
      },
    );
  });
});

describe.concurrent('2. the rotated refresh token is kept before the rest of the answer is checked', () => {
  const rotated = 'rotated-refresh-token-0002';
  const answer = (fields: Record<string, unknown>) => () => ({ body: { access_token: GOOD_TOKEN, token_type: 'Bearer', refresh_token: rotated, ...fields } });
  for (const [title, fields, problem] of [
    ['an id_token that is not a JWT', { expires_in: 300, id_token: 'not a jwt' }, 'its id_token is not a valid token'],
    ['expires_in "300s"', { expires_in: '300s' }, 'its expires_in is not a number of seconds'],
    ['token_type mac', { token_type: 'mac' }, "its token_type is 'mac', not Bearer"],
  ] as const) {
    it(`action: ${title} → the new refresh token is the refresh-token output, and the error says so`, async ({ expect }) => {
      await scripted({ token: answer(fields) }, async (idp) => {
        const result = await runRow(
          {
            name: title,
            entry: 'action',
            inputs: { 'token-url': `${idp.url}/token`, 'refresh-token': 'stored-refresh-token-0001' },
            cwd: work.dir,
            code: 1,
            says: [
              problem,
              "The answer did hold a new refresh token, and it was kept before the rest was checked: the step's refresh-token output. Store that one. The one this request used may be spent",
            ],
            secrets: () => [rotated],
          },
          expect,
        );
        expect(result.outputs['refresh-token']).toBe(rotated);
        const lines = result.stdout.split('\n');
        expect(lines.indexOf(`::add-mask::${rotated}`)).toBeGreaterThanOrEqual(0);
        expect(lines.indexOf(`::add-mask::${rotated}`)).toBeLessThan(lines.findIndex((l) => l.startsWith('::error::')));
      });
    });
  }

  it('gitlab: the same answer → says nothing here keeps the new token, and that the stored one may be spent', async ({ expect }) => {
    await scripted({ token: answer({ expires_in: '300s' }) }, async (idp) => {
      await runRow(
        {
          name: 'gitlab rotated',
          entry: 'gitlab',
          inputs: { 'token-url': `${idp.url}/token`, 'refresh-token': 'stored-refresh-token-0001' },
          cwd: work.dir,
          code: 1,
          says: [
            'The answer did hold a new refresh token, but nothing here keeps it. The one this request used may be spent',
            'sign in again and store a new one',
          ],
          secrets: () => [rotated],
        },
        expect,
      );
    });
  });

  it('action: a refresh token that is not well formed is neither kept nor masked', async ({ expect }) => {
    await scripted(
      { token: () => ({ body: { access_token: GOOD_TOKEN, token_type: 'Bearer', refresh_token: 'bad\n::add-mask::Error', expires_in: 300 } }) },
      async (idp) => {
        const result = await runRow(
          {
            name: 'bad rt',
            entry: 'action',
            inputs: { 'token-url': `${idp.url}/token`, 'refresh-token': 'stored-refresh-token-0001' },
            cwd: work.dir,
            code: 1,
            says: ['its refresh_token is not a valid token'],
          },
          expect,
        );
        expect(result.outputs['refresh-token']).toBeUndefined();
        expect(result.stdout).not.toContain('::add-mask::Error');
        expect(result.stdout).not.toContain('did hold a new refresh token');
      },
    );
  });
});

/** A proxy on 127.0.0.1 that records every request and tunnel it is asked for, and forwards tunnels. */
async function recordingProxy(): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  server.on('connect', (req, socket: Socket) => {
    seen.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function inWorld(body: (w: World) => Promise<void>): Promise<void> {
  const w = await startWorld();
  try {
    await body(w);
  } finally {
    await w.close();
  }
}

describe.concurrent('3. loopback is an IP literal or localhost without DNS, and never goes through a proxy', () => {
  // Regression: a password grant to http://idp.localhost went in clear text to HTTP_PROXY.
  for (const entry of ['action', 'gitlab'] as const) {
    it(`${entry}: http://idp.localhost w/ HTTP_PROXY set → refused before anything is sent`, async ({ expect }) => {
      const proxy = await recordingProxy();
      try {
        await inWorld(async (w) => {
          const port = new URL(w.idp.tokenEndpoint).port;
          const tokenUrl = `http://idp.localhost:${port}${new URL(w.idp.tokenEndpoint).pathname}`;
          await runRow(
            {
              name: 'localhost name',
              entry,
              inputs: { 'token-url': tokenUrl, username: 'alice', password: PASSWORD },
              env: { HTTP_PROXY: proxy.url, http_proxy: proxy.url },
              cwd: work.dir,
              code: 1,
              says: [`uses plain http:// to idp.localhost:${port}`, 'allow-insecure-http'],
            },
            expect,
          );
          expect(w.idp.requests).toEqual([]);
        });
        expect(proxy.seen).toEqual([]);
      } finally {
        await proxy.close();
      }
    });
  }

  it.for(['localhost', '127.0.0.1'])('action: http://%s w/ HTTP_PROXY set and every DNS lookup refused → direct, token', async (host, { expect }) => {
    const proxy = await recordingProxy();
    try {
      await inWorld(async (w) => {
        const endpoint = new URL(w.idp.tokenEndpoint);
        const tokenUrl = `http://${host}:${endpoint.port}${endpoint.pathname}`;
        const result = await runRow(
          {
            name: host,
            entry: 'action',
            inputs: { 'token-url': tokenUrl, username: 'alice', password: PASSWORD },
            env: { HTTP_PROXY: proxy.url, NODE_OPTIONS: `--import ${DNS_STUB}` },
            cwd: work.dir,
            code: 0,
            says: ['Got an access token with the password grant'],
            secrets: w.seen,
          },
          expect,
        );
        expect(result.outputs['grant-type']).toBe('password');
      });
      expect(proxy.seen).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe.concurrent('4. credentials go only to the token endpoint of the authority given', () => {
  /** A server at another port that plays the authority: its discovery document (or redirect) is `answer`. */
  const front = async (answer: (url: string) => Scripted) => {
    let url = '';
    const server = await scriptedServer(() => answer(url));
    url = server.url;
    return server;
  };
  const cases: Array<[string, Row['entry'], (w: World, url: string) => Scripted, string, string]> = [
    [
      'a document naming the real token endpoint on another origin',
      'action',
      (w, url) => ({ body: { issuer: `${url}/realms/x`, token_endpoint: w.idp.tokenEndpoint } }),
      'names a token endpoint on another origin',
      'TOKEN',
    ],
    [
      'a document naming another issuer',
      'gitlab',
      (w) => ({ body: { issuer: w.idp.issuer, token_endpoint: w.idp.tokenEndpoint } }),
      'names the issuer',
      'ISSUER',
    ],
    [
      'a redirect of the discovery GET to another server',
      'action',
      (w) => ({ status: 302, headers: { location: `${w.idp.issuer}/.well-known/openid-configuration` }, body: '' }),
      'names the issuer',
      'ISSUER',
    ],
  ];
  for (const [title, entry, answer, says] of cases) {
    it(`${entry}: ${title} → no credentials sent anywhere`, async ({ expect }) => {
      await inWorld(async (w) => {
        const server = await front((url) => answer(w, url));
        try {
          await runRow(
            {
              name: title,
              entry,
              inputs: { authority: `${server.url}/realms/x`, username: 'alice', password: PASSWORD },
              cwd: work.dir,
              code: 1,
              says: [says, 'set token-url'],
            },
            expect,
          );
          expect(w.idp.requests.filter((r) => r.method === 'POST')).toEqual([]);
          expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
        } finally {
          await server.close();
        }
      });
    });
  }
});

describe.concurrent('5. a secret that cleaning or cutting would alter is redacted first', () => {
  it.for([
    ['w/ ::', 'pw::with::colons-1'],
    ['w/ two spaces', 'pw  two  spaces-2'],
    ['w/ a tab and a newline', 'pw\ttab\nline-3'],
  ] as const)('action: a password %s echoed in error_description', async ([, password], { expect }) => {
    await scripted(
      { token: () => ({ status: 400, body: { error: 'invalid_grant', error_description: `Invalid user credentials for ${password}.` } }) },
      async (idp) => {
        await runRow(
          { name: password, entry: 'action', inputs: { ...base(idp), password }, cwd: work.dir, code: 1, says: ['Invalid user credentials for ***.'] },
          expect,
        );
      },
    );
  });

  // Regression: a secret cut by the 300-character cap on error_description leaked its first part.
  it.for(['action', 'gitlab'] as const)('%s: a password cut in half by the length cap', async (entry, { expect }) => {
    const password = 'cut-in-half-Pa55word-0005';
    const description = `${'x'.repeat(288)} ${password} and more`;
    await scripted({ token: () => ({ status: 400, body: { error: 'invalid_grant', error_description: description } }) }, async (idp) => {
      const result = await runRow({ name: 'cut', entry, inputs: { ...base(idp), password }, cwd: work.dir, code: 1, says: ['xxxxxxxx ***'] }, expect);
      expectNoPrefix(expect, result, password);
    });
  });
});

describe.concurrent("6. a signed file-url's query never leaves the job", () => {
  const signature = 'SIGNATURE0123456789abcdef';
  const fileUrl = `https://files.example.org/data.csv?sv=2026-01-01&se=3600&sig=${signature}`;
  for (const [entry, registration, status] of [
    ['action', { status: 400, body: { message: `Could not fetch ${fileUrl}: 403 from the storage.` } }, undefined],
    ['gitlab', REGISTERED, () => statusBody({ outcome: 'Error', logs: [{ level: 'ERROR', message: `Could not read ${encodeURIComponent(fileUrl)}` }] })],
    ['action-plain', REGISTERED, () => statusBody({ outcome: 'Error', logs: [{ level: 'ERROR', message: `Could not read ${fileUrl}` }] })],
  ] as const) {
    it(`${entry}: the service echoes the URL back (${registration === REGISTERED ? 'in its log' : 'in its refusal'})`, async ({ expect }) => {
      await scripted({ registration, status }, async (idp, transfer) => {
        const inputs = { ...base(idp, transfer), file: '', 'file-url': fileUrl };
        const result = await runRow(
          { name: 'file-url', entry, inputs, cwd: work.dir, code: 1, says: ['files.example.org/data.csv'], secrets: () => [signature] },
          expect,
        );
        expect(result.outputs.results ?? '').not.toContain('se=3600&sig');
        expect(result.summary).not.toContain('se=3600');
      });
    });
  }
});

describe.concurrent('7. --token-file never follows a link and never blocks on a pipe', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'dotstat-token-file-'));

  it('gitlab: a symbolic link → refused before any request; its target keeps its content and mode', async ({ expect }) => {
    const dir = folder();
    try {
      const target = join(dir, 'precious');
      writeFileSync(target, 'precious', { mode: 0o644 });
      const link = join(dir, 'token');
      symlinkSync(target, link);
      await scripted({}, async (idp) => {
        await runRow(
          {
            name: 'link',
            entry: 'gitlab',
            inputs: base(idp),
            args: [`--token-file=${link}`],
            cwd: work.dir,
            code: 1,
            says: [`Cannot write the token file '${link}': it is a symbolic link, not a regular file.`],
          },
          expect,
        );
        expect(idp.requests).toEqual([]);
      });
      expect(readFileSync(target, 'utf8')).toBe('precious');
      expect(statSync(target).mode & 0o777).toBe(0o644);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Regression: opening a FIFO for writing blocked the process, and SIGTERM could not end it.
  it('gitlab: a named pipe → refused at once, nothing opened', async ({ expect }) => {
    const dir = folder();
    try {
      const fifo = join(dir, 'token');
      execFileSync('mkfifo', [fifo]);
      await scripted({}, async (idp) => {
        await runRow(
          {
            name: 'fifo',
            entry: 'gitlab',
            inputs: base(idp),
            args: [`--token-file=${fifo}`],
            cwd: work.dir,
            code: 1,
            says: [`Cannot write the token file '${fifo}': it is a named pipe, not a regular file.`],
            withinMs: 5_000,
          },
          expect,
        );
        expect(idp.requests).toEqual([]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gitlab: SIGTERM while waiting for an import → the command line ends', async ({ expect }) => {
    await scripted({ status: () => statusBody({ executionStatus: 'InProgress', outcome: 'None' }) }, async (idp, transfer) => {
      const result = await runRow(
        {
          name: 'sigterm',
          entry: 'gitlab',
          inputs: base(idp, transfer),
          cwd: work.dir,
          code: 1,
          says: ['Cancelled while waiting.'],
          kill: { when: 'Waiting for', signal: 'SIGTERM' },
          withinMs: 10_000,
        },
        expect,
      );
      expect(result.stdout).toContain('Requests still running on the Transfer service: 154');
    });
  });
});

describe.concurrent('8. a report that cannot be written never decides the verdict', () => {
  const unwritable = () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotstat-unwritable-'));
    mkdirSync(join(dir, 'a-folder'));
    return { path: join(dir, 'a-folder'), remove: () => rmSync(dir, { recursive: true, force: true }) };
  };

  // Regression: an unwritable GITHUB_STEP_SUMMARY turned a successful import into "Unexpected internal error".
  it.for([
    ['GITHUB_STEP_SUMMARY', 'The job summary not written: GITHUB_STEP_SUMMARY'],
    ['GITHUB_OUTPUT', 'Step outputs not written: GITHUB_OUTPUT'],
    ['GITHUB_ENV', 'Variables for later steps not written: GITHUB_ENV'],
  ] as const)('action: %s is a folder → a successful import succeeds, w/ one warning naming the file', async ([variable, warning], { expect }) => {
    const file = unwritable();
    try {
      await scripted({}, async (idp, transfer) => {
        const result = await runRow(
          {
            name: variable,
            entry: 'action',
            inputs: base(idp, transfer),
            env: { [variable]: file.path },
            cwd: work.dir,
            code: 0,
            says: [`::warning::${warning} (${file.path}) could not be written: EISDIR. The step's result does not depend on it.`, 'All 1 request finished'],
          },
          expect,
        );
        expect(result.stdout.split('\n').filter((l) => l.includes(warning))).toHaveLength(1);
      });
    } finally {
      file.remove();
    }
  });

  it('action: a failed import w/ an unwritable summary still fails for its own reason', async ({ expect }) => {
    const file = unwritable();
    try {
      await scripted({ status: () => statusBody({ outcome: 'Error' }) }, async (idp, transfer) => {
        await runRow(
          {
            name: 'failed',
            entry: 'action',
            inputs: base(idp, transfer),
            env: { GITHUB_STEP_SUMMARY: file.path },
            cwd: work.dir,
            code: 1,
            says: ['The job summary not written', '1 of 1 request failed'],
          },
          expect,
        );
      });
    } finally {
      file.remove();
    }
  });

  it('gitlab: a dotenv report that cannot be written → a warning, the import succeeds', async ({ expect }) => {
    const file = unwritable();
    try {
      await scripted({}, async (idp, transfer) => {
        const result = await runRow(
          {
            name: 'dotenv',
            entry: 'gitlab',
            inputs: base(idp, transfer),
            args: [`--dotenv=${file.path}`],
            cwd: work.dir,
            code: 0,
            says: [`Warning: Cannot write the dotenv report '${file.path}': EISDIR.`, "The job's result does not depend on it.", 'All 1 request finished'],
          },
          expect,
        );
        expect(result.stdout.split('\n').filter((l) => l.includes('Cannot write the dotenv report'))).toHaveLength(1);
      });
    } finally {
      file.remove();
    }
  });
});
