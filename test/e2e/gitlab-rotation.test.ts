/**
 * Done when: "A scheduled GitLab pipeline that uses a refresh token keeps working run after run."
 * A real pipeline (gitlab-ci-local, shell executor) includes the component with
 * refresh-token-store: gitlab-variable:DOTSTAT_REFRESH_TOKEN; the project's CI/CD variables live
 * in the GitLab API stand-in, which each run's job updates, and each next run reads its
 * DOTSTAT_REFRESH_TOKEN from there, as GitLab would. The identity provider rotates with reuse 0
 * ("Revoke Refresh Token" on), so a run given a spent token fails: shown at the end. The same
 * against a real Keycloak: test/keycloak/gitlab-rotation.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp } from '../fixtures/idp.mjs';
import { expectRunAfterRun, scheduledProject, type ScheduledProject } from '../support/scheduled-pipeline.js';

let idp: Awaited<ReturnType<typeof startIdp>>;
let project: ScheduledProject;

beforeAll(async () => {
  idp = await startIdp({ revokeRefreshToken: true });
  project = await scheduledProject(idp.issuer, idp.issueRefreshToken({ clientId: 'app', username: 'alice' }));
});
afterAll(async () => {
  await project.close();
  await idp.close();
});

describe('a scheduled GitLab pipeline with a rotating refresh token (gitlab-ci-local, variables API stand-in)', () => {
  it('keeps working run after run; a run given a spent token would not', async () => {
    const log = await expectRunAfterRun(project);
    expect(log).toContain('Maximum allowed refresh token reuse exceeded');
  }, 240_000);
});
