/**
 * Writing the rotated refresh token back to where the next run reads it, and confirming it. A
 * failure is the run's failure, said plainly: the new token was NOT stored, and the one this run
 * used may already be revoked (Keycloak rotates it on every refresh; with "Revoke Refresh Token"
 * on, the old one is dead the moment the new one is issued).
 */
import { DotstatError, NetworkError, StoreError, type StoreCode } from '../errors.js';
import type { Logger } from '../platform/types.js';
import type { SecretStore, StoreReceipt } from './types.js';

export async function writeBack(
  store: SecretStore,
  token: string,
  options: { readonly signal?: AbortSignal; readonly alsoIn?: string } = {},
): Promise<StoreReceipt> {
  try {
    return await store.write(token, { signal: options.signal });
  } catch (error) {
    // A refusal keeps its code (STORE_FORBIDDEN…), a network failure its own (TIMEOUT…).
    const code: StoreCode = error instanceof StoreError || error instanceof NetworkError ? error.code : 'STORE_WRITE_FAILED';
    const cause = error instanceof DotstatError ? error : undefined;
    const said = cause ? cause.message : error instanceof Error ? error.message : String(error);
    const also = options.alsoIn ? ` Until then, ${options.alsoIn} holds the new one.` : '';
    throw new StoreError(
      code,
      `The new refresh token was NOT stored in ${store.where} (refresh-token-store): ${said}`,
      [
        cause?.hint,
        `The refresh token this run used may be revoked already (Keycloak rotates it on every refresh): if the next run fails with invalid_grant, sign in again and store a new refresh token there.${also}`,
      ]
        .filter(Boolean)
        .join('\n'),
      { cause: error },
    );
  }
}

/**
 * Keeps a rotated refresh token in the store, confirmed, and says so; one equal to the token given
 * is not written again. Returns where it is kept, for the error that may follow.
 */
export async function keepInStore(
  platform: Logger,
  store: SecretStore,
  token: string,
  keep: { readonly given?: string; readonly signal?: AbortSignal; readonly output?: string },
): Promise<string | undefined> {
  if (token === keep.given) {
    platform.info(`The identity provider returned the same refresh token; ${store.where} is left as it is.`);
    return [keep.output, store.where].filter(Boolean).join(' and ');
  }
  platform.info(`Writing the new refresh token to ${store.where}.`);
  const receipt = await writeBack(store, token, { signal: keep.signal, alsoIn: keep.output });
  platform.info(`Kept the new refresh token in ${receipt.where} (${receipt.confirmed}).`);
  if (receipt.warning) platform.warning(receipt.warning, { title: 'The stored refresh token is not masked' });
  return [keep.output, receipt.where].filter(Boolean).join(' and ');
}
