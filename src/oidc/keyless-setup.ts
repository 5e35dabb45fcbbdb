/**
 * The Keycloak setup that trusts exactly one CI job's ID token: the claims Keycloak matches (never
 * the token or its signature), and the identity provider and client, as realm JSON, `kcadm.sh`
 * commands and admin REST calls (the per-resource endpoints: a client created by partialImport gets
 * no service-account user). Printed by `dotstat-action keyless-setup`, and in the action's debug
 * output at its first keyless exchange.
 */
import type { AssertionClaims } from './keyless.js';

export interface KeylessSetup {
  readonly realmUrl: URL;
  readonly alias: string;
  readonly clientId: string;
  readonly identityProvider: Record<string, unknown>;
  readonly client: Record<string, unknown>;
}

const isGitlab = (c: AssertionClaims) => c.ids.project_id !== undefined || c.sub?.startsWith('project_path:') === true;

/** The Keycloak resources that trust this token's issuer and exactly its sub. */
export function setupFor(claims: AssertionClaims, realmUrl: URL, clientId: string): KeylessSetup {
  const gitlab = isGitlab(claims);
  const alias = gitlab ? 'gitlab-ci' : 'github-actions';
  const issuer = claims.iss ?? '';
  const config: Record<string, string> = {
    issuer,
    useJwksUrl: 'true',
    jwksUrl: gitlab ? `${issuer}/oauth/discovery/keys` : `${issuer}/.well-known/jwks`,
    validateSignature: 'true',
    supportsClientAssertions: 'true',
  };
  // A GitLab token is minted at job start and used again for every renewal, until the job's timeout.
  if (gitlab) Object.assign(config, { supportsClientAssertionReuse: 'true', fedClientAssertionMaxExp: '3600' });
  return {
    realmUrl,
    alias,
    clientId,
    identityProvider: { alias, providerId: 'oidc', enabled: true, config },
    client: {
      clientId,
      enabled: true,
      publicClient: false,
      clientAuthenticatorType: 'federated-jwt',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      attributes: { 'jwt.credential.issuer': alias, 'jwt.credential.sub': claims.sub ?? '' },
    },
  };
}

/** The warning for a sub that names the repository or project only by name (reusable after a rename). */
export function namesOnlyWarning(claims: AssertionClaims): string | undefined {
  const sub = claims.sub ?? '';
  if (isGitlab(claims)) {
    return `The sub names the project by path only (${sub}): a project created later at this path (after a rename or deletion) would match. GitLab's sub cannot hold project_id (${claims.ids.project_id ?? '?'}); keep this path from being re-created, and bind to a protected branch or tag (ref_protected is ${claims.ids.ref_protected ?? '?'}).`;
  }
  if (/@\d+/.test(sub) || (claims.ids.repository_id !== undefined && sub.includes(claims.ids.repository_id))) return undefined;
  return `The sub names the repository by name only (${sub}): a repository created later with this name (after a rename or deletion) would match. Use a sub holding the immutable ids (repository_id ${claims.ids.repository_id ?? '?'}, repository_owner_id ${claims.ids.repository_owner_id ?? '?'}): set the repository's OIDC sub template to include repository_id (PUT /repos/OWNER/REPO/actions/oidc/customization/sub), run this command again, and bind to a protected branch or an environment.`;
}

/** The text printed: claims, warning, realm JSON, kcadm.sh commands and admin REST calls. */
export function setupText(claims: AssertionClaims, setup: KeylessSetup): string[] {
  const server = setup.realmUrl.href.replace(/\/realms\/[^/]+\/?$/, '');
  const realm = /\/realms\/([^/]+)/.exec(setup.realmUrl.pathname)?.[1] ?? 'REALM';
  // One line each: printed lines are whitespace-collapsed, and one line is easy to copy whole.
  const json = (value: unknown) => JSON.stringify(value);
  const lines = [
    "Claims of this job's ID token that Keycloak matches (the token itself is not shown):",
    `iss: ${claims.iss ?? '(none)'}`,
    `sub: ${claims.sub ?? '(none)'}`,
    `aud: ${claims.aud ?? '(none)'} (Keycloak requires exactly ${setup.realmUrl.href.replace(/\/$/, '')})`,
    ...Object.entries(claims.ids).map(([name, value]) => `${name}: ${value}`),
  ];
  const warning = namesOnlyWarning(claims);
  if (warning) lines.push('', `Warning: ${warning}`);
  lines.push(
    '',
    `Keycloak identity provider (realm ${realm}), as JSON:`,
    '--- identity-provider.json',
    json(setup.identityProvider),
    '---',
    `Keycloak client, as JSON (sign in with client-id ${setup.clientId}):`,
    '--- client.json',
    json(setup.client),
    '---',
    '',
    'With kcadm.sh (after kcadm.sh config credentials --server ' + server + ' --realm master --user ADMIN):',
    `kcadm.sh create identity-provider/instances -r ${realm} -f identity-provider.json`,
    `kcadm.sh create clients -r ${realm} -f client.json`,
    '',
    'Or with the admin REST API (a bearer token of an administrator of the realm in $ADMIN_TOKEN):',
    `curl -fsS -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' --data @identity-provider.json ${server}/admin/realms/${realm}/identity-provider/instances`,
    `curl -fsS -X POST -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' --data @client.json ${server}/admin/realms/${realm}/clients`,
    '(Use these per-resource endpoints, not partialImport: a client imported that way gets no service-account user.)',
  );
  return lines;
}

/** The whole text for this token, realm and client-id ('app', the default, gets a name from the sub). */
export function setupLines(claims: AssertionClaims, authority: URL, clientId: string | undefined): string[] {
  const name =
    (claims.sub ?? 'ci')
      .replace(/^(repo|project_path):/, '')
      .split(':')[0]
      ?.replace(/[^A-Za-z0-9-]+/g, '-') ?? 'ci';
  return setupText(claims, setupFor(claims, authority, clientId && clientId !== 'app' ? clientId : `keyless-${name}`));
}
