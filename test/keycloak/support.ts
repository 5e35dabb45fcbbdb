/**
 * What the Keycloak tier's files share: the server the global setup started, the realm's users,
 * the admin REST API, and a verifier of Keycloak's RS256 tokens against the realm's JWKS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, inject } from 'vitest';
import { ROOT } from '../support/harness.js';
import { jwksVerifier as verifierOf } from '../../scripts/keycloak.mjs';

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

/** Calls the admin REST API of the tier's realm as its client tier-admin (manage-users, view-users). */
export async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const login = await tokenRequest({ grant_type: 'client_credentials', client_id: 'tier-admin', client_secret: secretOf('tier-admin') });
  if (login.status !== 200) throw new Error(`admin sign-in: HTTP ${login.status}`);
  const headers: Record<string, string> = { authorization: `Bearer ${String(login.body.access_token)}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const { url, realm } = server();
  return fetch(`${url}/admin/realms/${realm}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

export async function userId(username: string): Promise<string> {
  const res = await admin('GET', `/users?exact=true&username=${encodeURIComponent(username)}`);
  const [user] = (await res.json()) as Array<{ id: string }>;
  if (!user) throw new Error(`no user ${username}`);
  return user.id;
}

/** The realm's access-token verifier (RS256 against its JWKS, issuer, type, expiry). */
export const jwksVerifier = () => verifierOf(server().issuer);
