// @ts-check
/** Plain GETs on loopback, and a resource server's check of a Keycloak realm's tokens. */
import { createPublicKey, verify } from 'node:crypto';
import { get } from 'node:http';

/** The status and body of a GET, within 5 s; status 0 when nothing answered. @param {string} url @returns {Promise<{ status: number, body: string }>} */
export function getText(url) {
  return new Promise((done) => {
    const req = get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      res.on('error', () => done({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done({ status: 0, body: '' }));
  });
}

/**
 * A verifier of the realm's access tokens, as a resource server checks them: the RS256 signature
 * against the realm's JWKS (fetched once), then `iss`, `typ` Bearer and `exp` still ahead.
 * It returns the claims, or null for a token that fails any check.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 * @param {string} issuer @returns {Promise<(token: string) => Record<string, unknown> | null>}
 */
export async function jwksVerifier(issuer) {
  const { status, body } = await getText(`${issuer}/protocol/openid-connect/certs`);
  if (status !== 200) throw new Error(`JWKS of ${issuer}: HTTP ${status}`);
  /** @type {Array<import('node:crypto').JsonWebKey & { kid?: string, alg?: string, use?: string }>} */
  const keys = JSON.parse(body).keys;
  const signing = new Map(keys.filter((k) => k.use === 'sig' && k.alg === 'RS256' && k.kid).map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
  if (signing.size === 0) throw new Error(`${issuer} publishes no RS256 signing key`);
  /** @param {string} part */
  const json = (part) => {
    try {
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  };
  return (token) => {
    const [head, payload, signature, extra] = token.split('.');
    if (!head || !payload || !signature || extra !== undefined) return null;
    const header = json(head);
    const claims = json(payload);
    const key = header?.alg === 'RS256' ? signing.get(header.kid) : undefined;
    if (!key || !claims || !verify('RSA-SHA256', Buffer.from(`${head}.${payload}`), key, Buffer.from(signature, 'base64url'))) return null;
    if (claims.iss !== issuer || claims.typ !== 'Bearer') return null;
    return typeof claims.exp === 'number' && Date.now() < claims.exp * 1000 ? claims : null;
  };
}
