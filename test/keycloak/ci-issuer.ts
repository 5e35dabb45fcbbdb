/**
 * A stand-in for a CI platform's OpenID Connect issuer on 127.0.0.1: discovery, a JWKS with an
 * RSA key of node:crypto, and (GitHub-shaped) the runner's ACTIONS_ID_TOKEN_REQUEST_URL endpoint,
 * which mints a token for the `audience` asked, if the request bears ACTIONS_ID_TOKEN_REQUEST_TOKEN.
 */
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CiIssuer {
  readonly url: string;
  /** The runner's endpoint (GitHub), with the query @actions/core appends `&audience=` to. */
  readonly requestUrl: string;
  readonly requestToken: string;
  /** Every token minted through the runner endpoint, in order. */
  readonly minted: string[];
  /** Claims the next mints use over the defaults (a test's fault: another sub, an old iat). */
  override: Record<string, unknown>;
  /** A token of this issuer, signed with its key (or another one, for a bad signature). */
  sign(claims: Record<string, unknown>, key?: KeyObject): string;
  close(): Promise<void>;
}

export type Shape = 'github' | 'gitlab';

export function defaultClaims(shape: Shape, iss: string, aud: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const times = { iat: now, nbf: now, exp: now + 300, jti: randomUUID(), iss, aud };
  if (shape === 'github') {
    return {
      ...times,
      sub: 'repo:octo-org/sdmx-data:ref:refs/heads/main',
      repository: 'octo-org/sdmx-data',
      repository_id: '690001',
      repository_owner: 'octo-org',
      repository_owner_id: '4200',
      ref: 'refs/heads/main',
      ref_protected: 'true',
      job_workflow_ref: 'octo-org/sdmx-data/.github/workflows/publish.yml@refs/heads/main',
    };
  }
  return {
    ...times,
    exp: now + 3600,
    sub: 'project_path:stats/sdmx-data:ref_type:branch:ref:main',
    project_id: '31337',
    project_path: 'stats/sdmx-data',
    namespace_id: '77',
    namespace_path: 'stats',
    ref: 'main',
    ref_type: 'branch',
    ref_protected: 'true',
  };
}

export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

export async function startCiIssuer(shape: Shape): Promise<CiIssuer> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `${shape}-key-1`;
  const requestToken = `runner-request-token-${randomUUID()}`;
  const minted: string[] = [];
  // Where each platform publishes its keys (GitLab: /oauth/discovery/keys).
  const jwksPath = shape === 'gitlab' ? '/oauth/discovery/keys' : '/.well-known/jwks';
  let url = '';
  const issuer: CiIssuer = {
    get url() {
      return url;
    },
    get requestUrl() {
      return `${url}/_apis/id-token?api-version=2.0`;
    },
    requestToken,
    minted,
    override: {},
    sign: (claims, key = privateKey) => signJwt(claims, key, kid),
    close: () => new Promise((done) => server.close(() => done())),
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', url);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: url,
        jwks_uri: `${url}${jwksPath}`,
        subject_types_supported: ['public'],
        response_types_supported: ['id_token'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path.pathname === '/.well-known/jwks' || path.pathname === jwksPath)
      return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
    if (path.pathname === '/_apis/id-token' && shape === 'github') {
      if (req.headers.authorization !== `Bearer ${requestToken}`) return json(401, { message: 'Bad request token' });
      const audience = path.searchParams.get('audience') ?? url;
      const token = issuer.sign({ ...defaultClaims(shape, url, audience), ...issuer.override });
      minted.push(token);
      return json(200, { value: token });
    }
    json(404, { message: 'not found' });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return issuer;
}
