/**
 * Writing the rotated refresh token back to where the next run reads it, and confirming it. A
 * failure is the run's failure, said plainly: the new token was NOT stored, and the one this run
 * used may already be revoked (Keycloak rotates it on every refresh; with "Revoke Refresh Token"
 * on, the old one is dead the moment the new one is issued). A write the store accepted but that
 * could not be confirmed is said to be that, not "NOT stored": the token there may well work.
 *
 * The job's cancellation does not stop the write: by now the identity provider has rotated the
 * token, so the one given is spent, and dropping the new one would end the session for every later
 * run. The write is bounded all the same (request-timeout per attempt, the store's few retries),
 * and a second signal ends the process at once (../platform/startup.ts).
 */
import { DotstatError, NetworkError, StoreError, type StoreCode } from '../errors.js';
import type { Logger } from '../platform/types.js';
import type { SecretStore, StoreReceipt } from './types.js';

/** Each store's write-backs, one after another in the order the tokens came: the last one stored is the newest. */
const queues = new WeakMap<SecretStore, Promise<unknown>>();

export function writeBack(store: SecretStore, token: string, options: { readonly signal?: AbortSignal; readonly alsoIn?: string } = {}): Promise<StoreReceipt> {
  const mine = (queues.get(store) ?? Promise.resolve()).then(() => writeOnce(store, token, options));
  queues.set(
    store,
    mine.catch(() => undefined),
  );
  return mine;
}

async function writeOnce(store: SecretStore, token: string, options: { readonly alsoIn?: string }): Promise<StoreReceipt> {
  try {
    // Not options.signal: see above.
    return await store.write(token);
  } catch (error) {
    // A refusal keeps its code (STORE_FORBIDDEN…), a network failure its own (TIMEOUT…).
    const code: StoreCode = error instanceof StoreError || error instanceof NetworkError ? error.code : 'STORE_WRITE_FAILED';
    const cause = error instanceof DotstatError ? error : undefined;
    const said = cause ? cause.message : error instanceof Error ? error.message : String(error);
    const also = options.alsoIn ? ` Until then, ${options.alsoIn} holds the new one.` : '';
    const unconfirmed = code === 'STORE_NOT_CONFIRMED';
    throw new StoreError(
      code,
      unconfirmed
        ? `The new refresh token may not be stored in ${store.where} (refresh-token-store): ${said}`
        : `The new refresh token was NOT stored in ${store.where} (refresh-token-store): ${said}`,
      [
        cause?.hint,
        unconfirmed
          ? `If the next run fails with invalid_grant, the write did not hold: sign in again and store a new refresh token there.${also}`
          : `The refresh token this run used may be revoked already (Keycloak rotates it on every refresh): if the next run fails with invalid_grant, sign in again and store a new refresh token there.${also}`,
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

/**
 * Before any token is requested: reads the store's target (./types.ts `check`), so that a secret
 * or variable that does not exist, or a store token that cannot see it, fails the run while the
 * refresh token given is still unspent, rather than after the refresh, with its successor lost.
 */
export async function checkStore(store: SecretStore, options: { readonly signal?: AbortSignal } = {}): Promise<void> {
  if (!store.check) return;
  try {
    await store.check({ signal: options.signal });
  } catch (error) {
    const code: StoreCode = error instanceof StoreError || error instanceof NetworkError ? error.code : 'STORE_WRITE_FAILED';
    const cause = error instanceof DotstatError ? error : undefined;
    const said = cause ? cause.message : error instanceof Error ? error.message : String(error);
    throw new StoreError(
      code,
      `${store.where.charAt(0).toUpperCase()}${store.where.slice(1)} (refresh-token-store) cannot be written: ${said}`,
      [cause?.hint, 'No token was requested, so the refresh token given is not spent: fix this and run again.'].filter(Boolean).join('\n'),
      { cause: error },
    );
  }
}
