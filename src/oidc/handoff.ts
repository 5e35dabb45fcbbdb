/**
 * Handing the access token to a later job: sealed with a key kept in a CI secret, as a compact JWE
 * (RFC 7516; `dir` + `A256GCM`: authenticated encryption, the whole header bound in as additional
 * data) whose claims hold the access token and an `exp` equal to the token's own end. The
 * ciphertext is not a secret, so the platforms pass it on as a job output or a dotenv variable; the
 * later job opens it, masks the token first and exports it as a sign-in would. Never the refresh
 * token: a later job that held it could refresh, and a rotated token would then be lost to the
 * job that keeps it.
 * @see https://www.rfc-editor.org/rfc/rfc7516
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4
 */
import { decodeProtectedHeader, EncryptJWT, errors, jwtDecrypt } from 'jose';
import { InputError } from '../errors.js';
import type { Platform } from '../platform/types.js';
import { SECRETS, secretForms } from '../secrets.js';
import { sanitize } from '../text.js';
import type { GrantType } from './settings.js';
import type { TokenSet } from './token-response.js';

/** Bound in as the audience, so that a JWE made for another purpose with the same key is refused. */
const AUDIENCE = 'dotstat-action/handoff';
/** A hand-off of a token that states no end of its own lives this long at most. */
const DEFAULT_LIFETIME_S = 3600;
/** The protected header, exactly: the library would also inflate a `zip` one and honour others. */
const HEADER = { alg: 'dir', enc: 'A256GCM', typ: 'dotstat-handoff+jwt' } as const;

/**
 * The repository or project the job runs for (GitHub: server and owner/repo; GitLab: the project's
 * URL), bound into the hand-off: one key reused in two repositories must not let a hand-off of one
 * be used in the other. Undefined outside CI (nothing to compare).
 */
export function handoffOrigin(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_REPOSITORY)
    return `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`;
  if (env.GITLAB_CI === 'true' && env.CI_PROJECT_URL) return env.CI_PROJECT_URL.replace(/\/+$/, '');
  return undefined;
}

/** Seals the access token (never the refresh or id token) with its expiry and its repository bound in. */
export async function sealHandoff(tokens: TokenSet, key: Uint8Array, now = new Date(), origin = handoffOrigin()): Promise<string> {
  const end = tokens.expiresAt ?? new Date(now.getTime() + DEFAULT_LIFETIME_S * 1000);
  return new EncryptJWT({
    access_token: tokens.accessToken,
    token_type: tokens.tokenType,
    grant: tokens.grant,
    ...(tokens.scope ? { scope: tokens.scope } : {}),
    ...(origin ? { origin } : {}),
  })
    .setProtectedHeader({ ...HEADER })
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(end.getTime() / 1000))
    .encrypt(key);
}

/**
 * Seals until the ciphertext holds no registered secret by chance: the runner drops a job output in
 * which any masked value appears (a three-letter user name turns up in about one 2 KB ciphertext in
 * a hundred), and each sealing draws a new IV, so a second one differs.
 */
export async function sealClear(tokens: TokenSet, key: Uint8Array, clashes: (text: string) => boolean): Promise<string> {
  for (let attempt = 0; attempt < 32; attempt++) {
    const jwe = await sealHandoff(tokens, key);
    if (!clashes(jwe)) return jwe;
  }
  throw new InputError(
    'handoff-key',
    'a hand-off free of every masked value could not be made.',
    'Mask no very short values (a user name of one or two letters), or do not hand the token off.',
  );
}

const GRANTS: readonly GrantType[] = ['password', 'refresh_token', 'client_credentials', 'keyless'];

/**
 * Opens a hand-off: only `dir` + `A256GCM`, only our audience, and only before its `exp` (no clock
 * tolerance: the token inside ends then). Refuses a tampered, foreign-key or expired one naming
 * the input; never quotes the hand-off or the key.
 */
export async function openHandoff(jwe: string, key: Uint8Array, now = new Date(), origin = handoffOrigin()): Promise<TokenSet> {
  const text = jwe.trim();
  if (!/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) {
    throw new InputError(
      'handoff',
      'is not a hand-off (a compact JWE of five parts, the second empty).',
      "Pass the producing job's handoff output unchanged: on GitHub ${{ needs.<job>.outputs.handoff }}, on GitLab the DOTSTAT_HANDOFF variable of its dotenv report.",
    );
  }
  let payload: Record<string, unknown>;
  try {
    // Only the header this version writes: no compression (a small hand-off must not inflate to
    // gigabytes as it is opened), no crit, no key reference.
    const header = decodeProtectedHeader(text) as Record<string, unknown>;
    const names = Object.keys(header);
    if (names.length !== 3 || names.some((name) => header[name] !== HEADER[name as keyof typeof HEADER])) throw new errors.JWEInvalid('unexpected header');
    ({ payload } = await jwtDecrypt(text, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'iat'],
    }));
  } catch (error) {
    throw refusal(error);
  }
  const accessToken = payload.access_token;
  const grant = GRANTS.find((g) => g === payload.grant);
  if (typeof accessToken !== 'string' || !accessToken || !grant) {
    throw new InputError('handoff', 'opened, but holds no access token.', 'Pass the handoff output of a dotstat-action step of the same version.');
  }
  if (origin && typeof payload.origin === 'string' && payload.origin !== origin) {
    throw new InputError(
      'handoff',
      `was made for ${sanitize(payload.origin, 200)}, not for this job's ${origin}: a hand-off is used only where it was made.`,
      'Give each repository or project its own handoff-key, and pass a hand-off only to later jobs of the same one.',
    );
  }
  const expiresAt = new Date(Number(payload.exp) * 1000);
  return {
    accessToken,
    tokenType: typeof payload.token_type === 'string' ? payload.token_type : 'Bearer',
    expiresAt,
    expiresIn: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
    scope: typeof payload.scope === 'string' ? payload.scope : undefined,
    grant,
  };
}

function refusal(error: unknown): InputError {
  if (error instanceof errors.JWTExpired) {
    const exp = Number((error.payload as { exp?: unknown }).exp);
    const when = Number.isFinite(exp) ? ` at ${new Date(exp * 1000).toISOString()}` : '';
    return new InputError(
      'handoff',
      `has expired${when}: the access token it holds is no longer valid.`,
      'Run the later job sooner (a hand-off lives as long as the token in it), or have it sign in itself (keyless, or its own credentials).',
    );
  }
  if (error instanceof errors.JWEDecryptionFailed || error instanceof errors.JWEInvalid || error instanceof errors.JOSEAlgNotAllowed) {
    return new InputError(
      'handoff',
      'could not be opened: it was changed after it was made, or it was sealed with another key.',
      'Give both jobs the same handoff-key secret, and pass the handoff output unchanged.',
    );
  }
  return new InputError(
    'handoff',
    `is not a valid hand-off (${error instanceof errors.JOSEError ? error.code : 'unreadable'}).`,
    'Pass the handoff output of a dotstat-action step unchanged, with the same handoff-key.',
  );
}

/** Whether a registered secret, in any form the runner would find, appears in `text`. */
function holdsASecret(text: string): boolean {
  // The adapters redact every non-secret output (a short user name as a whole word): that would cut the ciphertext.
  if (SECRETS.redact(text) !== text) return true;
  // One or two characters would be in every ciphertext: such a mask is the user's to avoid (sealClear says so).
  return SECRETS.values().some((value) => (value.trim().length >= 3 && text.includes(value.trim())) || secretForms(value).some((form) => text.includes(form)));
}

/**
 * The `handoff` output, sealed anew for each new token set (a renewal during a long import hands
 * on the newest token). Sealing is asynchronous (WebCrypto); `settled()` waits for the last one and
 * throws its failure.
 */
export class HandoffOutput {
  #pending: Promise<void> = Promise.resolve();
  #failure: unknown;
  #said = false;

  constructor(
    private readonly key: Uint8Array,
    private readonly platform: Pick<Platform, 'setOutput' | 'info'>,
  ) {}

  offer(tokens: TokenSet): void {
    this.#pending = this.#pending.then(async () => {
      try {
        const jwe = await sealClear(tokens, this.key, holdsASecret);
        this.platform.setOutput('handoff', jwe, { secret: false });
        if (!this.#said)
          this.platform.info(
            `The handoff output holds the access token, sealed with handoff-key${tokens.expiresAt ? ` until ${tokens.expiresAt.toISOString()}` : ''}, for later jobs (never the refresh token).`,
          );
        this.#said = true;
      } catch (error) {
        this.#failure = error;
      }
    });
  }

  async settled(): Promise<void> {
    await this.#pending;
    if (this.#failure) throw this.#failure;
  }
}
