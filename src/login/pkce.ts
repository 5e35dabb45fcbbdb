/**
 * Proof Key for Code Exchange (S256) and the `state` of a sign-in: fresh random values for each.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.1 (verifier), #section-4.2 (S256)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (state against forged callbacks)
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Pkce {
  /** 43 characters of base64url (32 random bytes): sent only to the token endpoint. */
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url'), method: 'S256' };
}

/** A state that a forged callback cannot guess. */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares a callback's state with ours in constant time. */
export function sameState(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
