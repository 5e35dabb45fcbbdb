/**
 * The sinks of the token's later life (issue 14): every form of a secret, echoed by a hostile
 * server, reaches no sink. A later job that received a hand-off: the Transfer service echoes the
 * handed-off token in its registration, log and outcome. The end of the job: the revocation
 * endpoint refuses, echoing the refresh token, the client secret and the password in its
 * error_description, read by the post step and by `dotstat-action revoke`. `dotstat-action token`:
 * the identity provider refuses a renewal, echoing the refresh token. Every row is leak-scanned
 * for the secrets and the hand-off key, in every form (test/support/rows.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { parseHandoffKey } from '../../src/oidc/handoff-key.js';
import { sealHandoff } from '../../src/oidc/handoff.js';
import { expectNoLeaks, expectNoWorkflowCommands, runAction, type RunResult } from '../support/harness.js';
import { CLI_ENTRY, CLIENT_SECRET, PASSWORD, runRow } from '../support/rows.js';
import { scriptedServer, statusBody, transferService, type ScriptedServer } from '../support/scripted.js';
import { CSV1, makeWork } from '../support/world.js';
import { runJob } from '../support/workflow.js';

let work: ReturnType<typeof makeWork>;
beforeAll(() => {
  work = makeWork();
});
afterAll(() => work.remove());

/** The forms a server may echo a secret in (written here, apart from the product's own list). */
function echoes(secret: string): string {
  const forms = {
    raw: secret,
    'URL-encoded': encodeURIComponent(secret),
    base64: Buffer.from(secret).toString('base64'),
    base64url: Buffer.from(secret).toString('base64url'),
    'JSON-escaped': JSON.stringify(secret).slice(1, -1),
    'lower-cased': secret.toLowerCase(),
    'HTML-escaped': secret.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`),
  };
  return Object.entries(forms)
    .map(([name, form]) => `${name}: ${form}`)
    .join(' | ');
}

const TOKEN = 'handoff-Acc3ss-token-0001_with~chars';
const REFRESH = 'hostile-Refr3sh-token-0001';
const KEY = randomBytes(32).toString('base64');

function expectClean(expect: ExpectStatic, result: RunResult, secrets: readonly string[], github: boolean): void {
  expectNoLeaks(result, secrets, {}, expect);
  if (!github) expectNoWorkflowCommands(result, expect);
  expect(`${result.stdout}\n${result.stderr}`.replace(/^::add-mask::.*$/gm, '')).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
}

describe.concurrent('a received hand-off: the Transfer service echoes the handed-off token; no sink gets it', () => {
  for (const entry of ['action', 'gitlab'] as const) {
    it(`${entry}: registration, log and outcome echo the token in every form`, async ({ expect }) => {
      const handoff = await sealHandoff(
        { accessToken: TOKEN, tokenType: 'Bearer', grant: 'password', expiresIn: 300, expiresAt: new Date(Date.now() + 300_000) },
        parseHandoffKey(KEY) as Uint8Array,
      );
      const transfer = await transferService({ body: { message: `The request with ID 154 was successfully registered for ${echoes(TOKEN)}.` } }, () =>
        statusBody({ outcome: `Error for ${TOKEN}`, logs: [{ level: 'ERROR', message: echoes(TOKEN) }] }),
      );
      try {
        const result = await runRow(
          {
            name: 'hand-off echo',
            entry,
            inputs: {
              handoff,
              'handoff-key': KEY,
              'transfer-url': `${transfer.url}/3`,
              dataspace: 'design',
              file: CSV1,
              'poll-interval': '0.1',
              'wait-timeout': '20',
            },
            ...(entry === 'action' ? { env: { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' } } : { args: ['--debug'] }),
            cwd: work.dir,
            code: 1,
            says: ["completed with an unexpected outcome 'Error for ***'", 'raw: ***'],
            secrets: () => [TOKEN, KEY],
          },
          expect,
        );
        expect(
          transfer.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`),
          'the handed-off token was used',
        ).toBe(true);
        if (entry === 'action') expect(result.stdout.split('\n')[0]?.startsWith('::add-mask::')).toBe(true);
      } finally {
        await transfer.close();
      }
    });
  }
});

/** An identity provider whose discovery is faithful and whose revocation endpoint (and, on renewal, token endpoint) refuses, echoing secrets. */
async function echoingIdp(): Promise<ScriptedServer & { issuer: string }> {
  let issuer = '';
  const server = await scriptedServer((request) => {
    if (request.path.endsWith('/.well-known/openid-configuration'))
      return {
        body: { issuer, token_endpoint: `${issuer}/protocol/openid-connect/token`, revocation_endpoint: `${issuer}/protocol/openid-connect/revoke` },
      };
    const said = `${echoes(REFRESH)} || ${echoes(CLIENT_SECRET)} || ${echoes(PASSWORD)}`;
    if (request.path.endsWith('/revoke')) return { status: 400, body: { error: 'invalid_request', error_description: said } };
    if (new URLSearchParams(request.body).get('grant_type') === 'refresh_token')
      return { status: 400, body: { error: 'invalid_grant', error_description: said } };
    return { body: { access_token: 'hostile-access-token-0002', token_type: 'Bearer', expires_in: 2, refresh_token: REFRESH, refresh_expires_in: 1800 } };
  });
  issuer = `${server.url}/realms/hostile`;
  return Object.assign(server, { issuer });
}

describe.concurrent('the end of the job and the token command: a server that echoes every secret; no sink gets it', () => {
  const secrets = [REFRESH, CLIENT_SECRET, PASSWORD, 'hostile-access-token-0002'];

  it('GitHub post step: the refused revocation is a warning, redacted', async ({ expect }) => {
    const idp = await echoingIdp();
    try {
      const job = await runJob(
        [
          {
            id: 's',
            uses: 'action',
            with: { authority: idp.issuer, 'client-id': 'hostile', 'client-secret': CLIENT_SECRET, username: 'alice', password: PASSWORD },
          },
        ],
        {},
      );
      expect(job.steps.s!.code, job.steps.s!.stdout).toBe(0);
      const post = job.posts.s!;
      expect(post.code, post.stdout).toBe(0);
      expect(post.stdout).toMatch(/::warning title=Revocation failed::The session was not revoked: .*invalid_request: raw: \*\*\*/);
      // Masked again before the post step prints anything: masks are the job's, but the post step is a process of its own.
      expect(post.stdout.split('\n')[0]?.startsWith('::add-mask::')).toBe(true);
      expectClean(expect, post, secrets, true);
    } finally {
      await idp.close();
    }
  });

  it('GitLab: dotstat-action revoke, and dotstat-action token on a refused renewal, redacted', async ({ expect }) => {
    const idp = await echoingIdp();
    const dir = mkdtempSync(join(tmpdir(), 'dotstat-hostile-lifecycle-'));
    try {
      const state = join(dir, 'state.json');
      const env = { GITLAB_CI: 'true', DOTSTAT_STATE_FILE: state, DOTSTAT_CLIENT_SECRET: CLIENT_SECRET, DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: PASSWORD };
      const cli = (args: string[], extra: Record<string, string> = {}) =>
        runAction({}, { entry: CLI_ENTRY, args, env: { ...env, ...extra }, github: false, inputsAsEnv: false, cwd: dir });
      const signIn = await cli(['--authority', idp.issuer, '--client-id', 'hostile', '--dotenv', join(dir, 'x.env')]);
      expect(signIn.code, signIn.stdout).toBe(0);
      // The 2 s token is due at once for renewal (a quarter of its life before its end: 0.5 s).
      await new Promise((resolve) => setTimeout(resolve, 1600));
      // The secrets' variables are there as in GitLab's after_script (the component exports them again): the redaction knows them.
      const token = await cli(['token']);
      expect(token.code).toBe(1);
      expect(token.stdout).toBe('');
      expect(token.stderr).toContain('invalid_grant: raw: ***');
      expectClean(expect, token, secrets, false);
      const end = await cli(['revoke']);
      expect(end.code, end.stdout).toBe(0);
      expect(end.stdout).toContain('Warning (Revocation failed): The session was not revoked');
      expect(end.stdout).toContain('invalid_request: raw: ***');
      expectClean(expect, end, secrets, false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await idp.close();
    }
  });
});
