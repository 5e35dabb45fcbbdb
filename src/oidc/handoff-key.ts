/**
 * The hand-off key (./handoff.ts), read with the other settings: apart from the sealing code, so
 * that a run without a hand-off never loads the JOSE library.
 */
import { InputError } from '../errors.js';

/** The key is 256 bits: what A256GCM takes. */
export const HANDOFF_KEY_BYTES = 32;
const MAKE_ONE =
  'Make one with: openssl rand -base64 32, and keep it in a CI secret given to both jobs (GitHub: secrets.DOTSTAT_HANDOFF_KEY; GitLab: a masked variable DOTSTAT_HANDOFF_KEY).';

/**
 * The hand-off key: 32 bytes, written in base64 (standard or URL-safe, padded or not) or as 64 hex
 * digits. Its value is never quoted in the error, only its length.
 */
export function parseHandoffKey(value: string | undefined): Uint8Array | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let bytes: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(text)) bytes = Buffer.from(text, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  else throw new InputError('handoff-key', 'is not base64 (nor 64 hex digits); it is not shown, as it is a secret.', MAKE_ONE);
  if (bytes.length !== HANDOFF_KEY_BYTES) {
    throw new InputError('handoff-key', `must be ${HANDOFF_KEY_BYTES} bytes (256 bits); this one is ${bytes.length} bytes.`, MAKE_ONE);
  }
  return new Uint8Array(bytes);
}
