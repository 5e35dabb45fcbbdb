/**
 * The device flow (RFC 8628) for a machine without a browser: ask for a code, show where to enter
 * it, then poll the token endpoint every `interval` seconds (5 more after each `slow_down`), until
 * the person approved, declined, or the code expired at `expires_in`. A client that enforces PKCE
 * refuses the request without a challenge (Keycloak: "Missing parameter: code_challenge_method"):
 * it is asked again with S256, once.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1 (request), #section-3.4-3.5 (polling)
 */
import { IdpError, LoginError, ResponseError } from '../errors.js';

import { tryJsonObject, where } from '../http/json.js';
import { postForm } from '../http/form.js';
import { sleep } from '../http/retry.js';
import { tokenErrorFrom } from '../oidc/idp-errors.js';
import { requestToken } from '../oidc/token.js';
import type { TokenSet } from '../oidc/token-response.js';
import { sanitize } from '../text.js';
import { tokenContext, type SignInContext } from './context.js';
import { deviceError } from './hints.js';
import { createPkce, type Pkce } from './pkce.js';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  readonly expiresIn: number;
  readonly interval: number;
}

export interface DeviceOptions {
  /** How much `slow_down` adds to the interval (RFC 8628 §3.5: 5 seconds). */
  readonly slowDownMs?: number;
}

const idp = (ctx: SignInContext) => ({ authority: ctx.authority, clientId: ctx.clientId, grant: 'device_code' as const, scope: ctx.scope });

function bad(status: number, problem: string): ResponseError {
  return new ResponseError(
    status,
    `The device authorization endpoint answered HTTP ${status} but ${problem}.`,
    'The provider does not answer as RFC 8628 says; use --flow browser.',
    'BAD_RESPONSE',
  );
}

/** Asks for a device code (with a PKCE challenge when given one). */
async function requestDeviceCode(ctx: SignInContext, endpoint: URL, pkce: Pkce | undefined): Promise<DeviceAuthorization> {
  const form = new URLSearchParams({ client_id: ctx.clientId, scope: ctx.scope });
  if (pkce) {
    form.set('code_challenge', pkce.challenge);
    form.set('code_challenge_method', pkce.method);
  }
  ctx.log.info(`Requesting a device code from ${endpoint.origin}${endpoint.pathname} (client ${ctx.clientId}).`);
  const response = await postForm('token', endpoint, form.toString(), ctx.http, ctx.retry, ctx.signal);
  if (response.status !== 200) throw tokenErrorFrom(response, 'device_code', idp(ctx));
  const json = tryJsonObject(response.body);
  if (!json) throw bad(response.status, `its body is not a JSON object (${where(response)})`);
  const text = (key: string) => (typeof json[key] === 'string' && json[key] !== '' ? (json[key] as string) : undefined);
  const seconds = (key: string) =>
    typeof json[key] === 'number' && Number.isFinite(json[key]) && (json[key] as number) >= 0 ? (json[key] as number) : undefined;
  const deviceCode = text('device_code');
  if (deviceCode) ctx.secret(deviceCode);
  // verification_url: Google's older name for it.
  const verificationUri = text('verification_uri') ?? text('verification_url');
  const userCode = text('user_code');
  const expiresIn = seconds('expires_in');
  if (!deviceCode || !userCode || !verificationUri || expiresIn === undefined)
    throw bad(response.status, 'it lacks one of device_code, user_code, verification_uri, expires_in');
  return {
    deviceCode,
    userCode: sanitize(userCode, 40),
    verificationUri: sanitize(verificationUri, 500),
    verificationUriComplete: text('verification_uri_complete') && sanitize(text('verification_uri_complete') ?? '', 600),
    expiresIn,
    // RFC 8628 §3.2: 5 s where not said. At least 1 s: an interval of 0 would poll the token endpoint in a busy loop.
    interval: Math.max(1, seconds('interval') ?? 5),
  };
}

/** Signs a person in with a code entered on another device; resolves with the checked tokens. */
export async function deviceSignIn(ctx: SignInContext, options: DeviceOptions = {}): Promise<TokenSet> {
  const endpoint = ctx.endpoints.device;
  if (!endpoint)
    throw new LoginError(
      'NO_FLOW',
      'The discovery document names no device_authorization_endpoint: the device flow cannot be used.',
      'Use --flow browser (Keycloak has the device flow since version 13; the client must have it turned on).',
    );
  let pkce: Pkce | undefined;
  let authorization: DeviceAuthorization;
  try {
    try {
      authorization = await requestDeviceCode(ctx, endpoint, undefined);
    } catch (error) {
      if (!(error instanceof IdpError) || error.error !== 'invalid_request' || !/code_challenge/i.test(error.errorDescription)) throw error;
      ctx.log.info(`Client ${ctx.clientId} requires PKCE for the device flow (${error.errorDescription}): asking again with S256.`);
      pkce = createPkce();
      authorization = await requestDeviceCode(ctx, endpoint, pkce);
    }
  } catch (error) {
    throw (error instanceof IdpError && deviceError(error, ctx)) || error;
  }
  const received = Date.now();
  const minutes = authorization.expiresIn >= 120 ? `${Math.round(authorization.expiresIn / 60)} minutes` : `${authorization.expiresIn} s`;
  ctx.log.info(`To sign in, open ${authorization.verificationUri} on any device and enter the code ${authorization.userCode}`);
  if (authorization.verificationUriComplete) ctx.log.info(`(or open ${authorization.verificationUriComplete}, which holds the code)`);
  ctx.log.info(`The code expires in ${minutes}. Waiting for the sign-in...`);
  return poll(ctx, authorization, pkce, received, options.slowDownMs ?? 5000);
}

async function poll(ctx: SignInContext, authorization: DeviceAuthorization, pkce: Pkce | undefined, received: number, slowDownMs: number): Promise<TokenSet> {
  const form = new URLSearchParams({ grant_type: DEVICE_CODE_GRANT, client_id: ctx.clientId, device_code: authorization.deviceCode });
  if (pkce) form.set('code_verifier', pkce.verifier);
  const deadline = received + authorization.expiresIn * 1000;
  let intervalMs = authorization.interval * 1000;
  // Past expires_in, polling goes on for one more interval (2 s at least) until the server itself
  // says expired_token: it counts whole seconds, so its code may still be pending at our deadline,
  // and an approval given in the last second is not lost.
  const giveUp = () => deadline + Math.max(intervalMs, 2000);
  // Each poll is a debug line: a person waits minutes, and a line every 5 seconds says nothing.
  const quiet = { ...ctx.log, info: (message: string) => ctx.log.debug(message) };
  const tokenCtx = tokenContext(ctx, 'device_code', quiet);
  for (;;) {
    await sleep(Math.min(intervalMs, Math.max(0, giveUp() - Date.now())), ctx.signal);
    try {
      return await requestToken(ctx.endpoints.token, { grant: 'device_code', form }, tokenCtx);
    } catch (error) {
      if (!(error instanceof IdpError)) throw error;
      if (error.error === 'slow_down') {
        intervalMs += slowDownMs;
        ctx.log.debug(`The provider asked to slow down: polling every ${intervalMs / 1000} s.`);
      } else if (error.error !== 'authorization_pending') throw deviceError(error, ctx) ?? error;
      if (Date.now() >= giveUp()) throw expired(ctx, authorization.expiresIn);
    }
  }
}

function expired(ctx: SignInContext, expiresIn: number): LoginError {
  return (
    deviceError(new IdpError(400, 'expired_token', `no sign-in within expires_in (${expiresIn} s)`, '', ''), ctx) ??
    new LoginError('DEVICE_CODE_EXPIRED', `The device code expired after ${expiresIn} s.`)
  );
}
