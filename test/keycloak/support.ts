/**
 * What the Keycloak tier's files share: the server the global setup started, the realm's users,
 * the admin REST API, and a verifier of Keycloak's RS256 tokens against the realm's JWKS.
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, inject } from 'vitest';
import { ROOT } from '../e2e/harness.js';

export const kc = inject('keycloak');
/** A describe that runs only where the global setup has a Keycloak; it printed why otherwise. */
export const describeKeycloak = kc ? describe : describe.skip;

/** The server the global setup started (call only inside describeKeycloak). */
export function server(): NonNullable<typeof kc> {
  if (!kc) throw new Error('no Keycloak: the tier should have been skipped');
  return kc;
}

export const TOKEN_OUTPUTS = { outputs: ['access-token', 'refresh-token', 'id-token'], env: ['DOTSTAT_ACCESS_TOKEN'] };

type RealmUser = { username: string; credentials?: Array<{ value: string }> };
type RealmClient = { clientId: string; secret?: string };
const realm = JSON.parse(readFileSync(join(ROOT, 'test/keycloak/realm.json'), 'utf8')) as { users: RealmUser[]; clients: RealmClient[] };

/** A user's password as the realm file sets it. */
export function passwordOf(username: string): string {
  const value = realm.users.find((u) => u.username === username)?.credentials?.[0]?.value;
  if (!value) throw new Error(`realm.json has no password for ${username}`);
  return value;
}

/** A client's secret as the realm file sets it. */
export function secretOf(clientId: string): string {
  const value = realm.clients.find((c) => c.clientId === clientId)?.secret;
  if (!value) throw new Error(`realm.json has no secret for ${clientId}`);
  return value;
}

export function tokensOf(outputs: Record<string, string>): string[] {
  return [outputs['access-token'], outputs['refresh-token'], outputs['id-token']].filter((v): v is string => Boolean(v));
}

/** A JWT's payload, unverified: for the claims a test reads (typ, iat), never for trust. */
export function claimsOf(jwt: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Resolves once the whole second after the token's `iat` has begun (Keycloak compares whole seconds). */
export async function nextSecondAfter(jwt: string | undefined): Promise<void> {
  const due = (Number(claimsOf(jwt).iat) + 1) * 1000;
  while (Date.now() < due) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
}

/** A form POST to the realm's token endpoint, as a test's own client (not the product). */
export async function tokenRequest(form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server().issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Calls the admin REST API of the tier's realm as the master realm's bootstrap admin. */
export async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const { url, adminPassword } = server();
  const login = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'admin', password: adminPassword }),
  });
  if (!login.ok) throw new Error(`admin sign-in: HTTP ${login.status}`);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${url}/admin/realms/${server().realm}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export async function userId(username: string): Promise<string> {
  const res = await admin('GET', `/users?exact=true&username=${encodeURIComponent(username)}`);
  const [user] = (await res.json()) as Array<{ id: string }>;
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
}

type Jwk = JsonWebKey & { kid?: string; alg?: string; use?: string };

/**
 * A verifier for the realm's access tokens: RS256 signature against the JWKS (fetched once), then
 * `iss`, `typ` Bearer and `exp` still ahead. Claims, or null for any token that fails a check.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 */
export async function jwksVerifier(): Promise<(token: string) => Record<string, unknown> | null> {
  const { issuer } = server();
  const { keys } = (await (await fetch(`${issuer}/protocol/openid-connect/certs`)).json()) as { keys: Jwk[] };
  const signing = new Map(keys.filter((k) => k.use === 'sig' && k.alg === 'RS256' && k.kid).map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
  if (signing.size === 0) throw new Error('the realm publishes no RS256 signing key');
  return (token) => {
    const [head, body, signature, extra] = token.split('.');
    if (!head || !body || !signature || extra !== undefined) return null;
    let header: { alg?: string; kid?: string };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return null;
    }
    const key = header.alg === 'RS256' ? signing.get(header.kid) : undefined;
    if (!key || !verify('RSA-SHA256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url'))) return null;
    if (claims.iss !== issuer || claims.typ !== 'Bearer') return null;
    return typeof claims.exp === 'number' && Date.now() < claims.exp * 1000 ? claims : null;
  };
}
