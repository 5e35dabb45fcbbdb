/**
 * Done when, against a real Keycloak ("Revoke Refresh Token" on, reuse 0): a scheduled GitLab
 * pipeline (gitlab-ci-local) keeps working run after run, its refresh token kept in the project's
 * CI/CD variable by the variables API stand-in. The first token comes from a sign-in of a user this
 * file creates, so no other test signs in as it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectRunAfterRun, scheduledProject, type ScheduledProject } from '../support/scheduled-pipeline.js';
import { admin, describeKeycloak, nextSecondAfter, server, tokenRequest } from './support.js';

const USER = `scheduled-${randomBytes(3).toString('hex')}`;
const PASSWORD = `sp-${randomBytes(9).toString('base64url')}`;
let project: ScheduledProject | undefined;

describeKeycloak('a scheduled GitLab pipeline w/ a real Keycloak: the refresh token kept run after run', () => {
  beforeAll(async () => {
    const created = await admin('POST', '/users', {
      username: USER,
      enabled: true,
      email: `${USER}@example.org`,
      emailVerified: true,
      firstName: 'Scheduled',
      lastName: 'Pipeline',
      credentials: [{ type: 'password', value: PASSWORD, temporary: false }],
    });
    expect(created.status).toBe(201);
    // The first token, as a person signing in once would get it (the test's own client, not the product).
    const signIn = await tokenRequest({ grant_type: 'password', client_id: 'app', username: USER, password: PASSWORD });
    expect(signIn.status).toBe(200);
    project = await scheduledProject(server().issuer, String(signIn.body.refresh_token));
  });
  afterAll(async () => {
    await project?.close();
  });

  it('three scheduled runs in a row; the token the last one spent is refused', async () => {
    // Keycloak compares whole seconds: each refresh in a later second than the token it uses.
    const log = await expectRunAfterRun(project!, (given) => nextSecondAfter(given));
    expect(log).toMatch(/invalid_grant: (Maximum allowed refresh token reuse exceeded|Stale token)/);
  }, 240_000);
});
