/** The keyless grant's request, its choice by grant-type auto, and the hints for each refusal. */
import { describe, expect, it } from 'vitest';
import { IdpError } from '../../src/errors.js';
import { grantRequest } from '../../src/oidc/grants.js';
import { assertionClaims, keylessHint, withAssertion } from '../../src/oidc/keyless.js';
import { chooseGrant, parseIdp } from '../../src/oidc/settings.js';
import { namesOnlyWarning } from '../../src/oidc/keyless-setup.js';

const jwt = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const raw = (values: Record<string, string>) => (name: string) => values[name];
const REALM = 'https://kc.example.org/realms/OECD';

describe('keyless grant', () => {
  it('auto picks keyless only when no secret is given and the job has or can mint an ID token', () => {
    expect(chooseGrant('auto', { canMintIdToken: true })).toBe('keyless');
    expect(chooseGrant('auto', { idToken: 'a.b.c' })).toBe('keyless');
    expect(chooseGrant('auto', { clientSecret: 's', canMintIdToken: true })).toBe('client_credentials');
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return `${(error as Error).message} ${(error as IdpError).hint ?? ''}`;
      }
      return 'no error';
    };
    expect(refusal(() => chooseGrant('auto', {}))).toContain('on GitHub give the job permissions: id-token: write');
    expect(refusal(() => chooseGrant('keyless', {}))).toContain('is keyless, but this job has no OpenID Connect ID token and cannot mint one');
    expect(refusal(() => chooseGrant('keyless', {}))).toContain('permissions: { id-token: write, contents: read }');
  });

  it('the audience defaults to the realm URL, and is required with token-url', () => {
    expect(parseIdp(raw({ authority: `${REALM}/`, 'client-id': 'kl', 'id-token': 'a.b.c' }), false).audience).toBe(REALM);
    expect(parseIdp(raw({ authority: REALM, 'client-id': 'kl', 'id-token': 'a.b.c', audience: 'x' }), false).audience).toBe('x');
    expect(() => parseIdp(raw({ 'token-url': `${REALM}/protocol/openid-connect/token`, 'client-id': 'kl', 'id-token': 'a.b.c' }), false)).toThrow('audience');
  });

  it('the request is client_credentials with a jwt-bearer client assertion and the client id', () => {
    const idp = parseIdp(raw({ authority: REALM, 'client-id': 'kl', 'id-token': 'a.b.c' }), false);
    const form = withAssertion(grantRequest('keyless', idp), 'a.b.c').form;
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'kl',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'a.b.c',
    });
  });

  it.for([
    ['Token reuse detected', 'supportsClientAssertionReuse'],
    ['Invalid token audience', 'Keycloak expects aud to be exactly its realm URL as seen from the request (https://kc.example.org/realms/OECD)'],
    ['Token was issued too far in the past to be used now', 'fedClientAssertionMaxExp'],
    ['Token is not active', 'The ID token has expired'],
    ['client_id parameter does not match authenticated client', "is not client-id 'kl'"],
    ['Invalid client or Invalid client credentials', 'no identity provider trusts this iss'],
  ])('hint for %s', ([description, hint], { expect }) => {
    const idp = parseIdp(raw({ authority: REALM, 'client-id': 'kl', 'id-token': 'a.b.c' }), false);
    const claims = assertionClaims(
      jwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:ref:refs/heads/main', aud: REALM, iat: 1, exp: 2 }),
    );
    const text = keylessHint(new IdpError(400, 'invalid_client', description ?? '', 'm', 'h'), claims, idp);
    expect(text).toContain('iss https://token.actions.githubusercontent.com, sub repo:o/r:ref:refs/heads/main');
    expect(text).toContain(hint ?? '');
  });

  it('warns when a GitHub sub names the repository only by name, not when it holds its id', () => {
    expect(namesOnlyWarning(assertionClaims(jwt({ sub: 'repo:o/r:ref:refs/heads/main', repository_id: '42' })))).toContain('repository_id 42');
    expect(namesOnlyWarning(assertionClaims(jwt({ sub: 'repository_id:42:ref:refs/heads/main', repository_id: '42' })))).toBeUndefined();
    expect(namesOnlyWarning(assertionClaims(jwt({ sub: 'project_path:g/p:ref_type:branch:ref:main', project_id: '7' })))).toContain('project_id (7)');
  });
});
