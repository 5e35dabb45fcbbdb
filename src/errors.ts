/**
 * One error class per kind of failure. Each has a stable `code`, a message that says what failed
 * and where, and a `hint` that says what a person should do next. Messages never carry a secret,
 * a request body or an Authorization header; server-provided text is quoted only after
 * `sanitize()` (see ./text.ts), which redacts first.
 *
 * The codes are constants with a union type per error class (as oauth4webapi's are), so that a
 * comparison with a mistyped code does not compile: `error.code === 'TIMOUT'` is a type error.
 */

/** The request never got an HTTP answer. */
export const NETWORK_CODES = ['NETWORK', 'TIMEOUT', 'DNS', 'TLS', 'PROXY', 'ABORTED'] as const;
export type NetworkCode = (typeof NETWORK_CODES)[number];

/** An answer that is not what the protocol promises. */
export const RESPONSE_CODES = [
  'BAD_RESPONSE',
  'NOT_JSON',
  'RESPONSE_TOO_LARGE',
  'REDIRECT',
  'DISCOVERY_FAILED',
  'ISSUER_MISMATCH',
  'TOKEN_ENDPOINT_ORIGIN',
  'BAD_TOKEN_RESPONSE',
  'TOKEN_HTTP_ERROR',
  'BAD_STATUS',
] as const;
export type ResponseCode = (typeof RESPONSE_CODES)[number];

/** The Transfer service refused a request, or an import ended badly; an upload's network failure keeps its network code. */
export const TRANSFER_CODES = [
  'REJECTED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'TOO_LARGE',
  'TRANSFER_HTTP_ERROR',
  'NO_REQUEST_ID',
  'CANCELLED',
  'WAIT_TIMEOUT',
  'IMPORT_FAILED',
  ...NETWORK_CODES,
] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

/** A store of the refresh token (../store/: a GitHub secret, a GitLab variable) refused or failed a write; its network failures keep their network code. */
export const STORE_CODES = [
  'STORE_UNAUTHORIZED',
  'STORE_FORBIDDEN',
  'STORE_NOT_FOUND',
  'STORE_CONFLICT',
  'STORE_REJECTED',
  'STORE_HTTP_ERROR',
  'STORE_NOT_CONFIRMED',
  'STORE_WRITE_FAILED',
  ...NETWORK_CODES,
] as const;
export type StoreCode = (typeof STORE_CODES)[number];

/** Failures of the job itself: its files, its settings, its own limits. */
export const JOB_CODES = [
  'INTERNAL',
  'INPUT_INVALID',
  'UNSUPPORTED_URL',
  'INSECURE_HTTP',
  'TOKEN_EXPIRED',
  'KEYLESS_NO_ID_TOKEN',
  'KEYLESS_NO_PERMISSION',
  'TOKEN_FILE',
  'EXEC_FAILED',
  'DOTENV',
  'ZIP_FAILED',
  'FILE_CHANGED',
  'STATE',
] as const;
export type JobCode = (typeof JOB_CODES)[number];

/** `dotstat-action login`: a person's sign-in that did not end with a token. */
export const LOGIN_CODES = [
  'LOGIN_TIMEOUT',
  'STATE_MISMATCH',
  'CALLBACK_ERROR',
  'REDIRECT_URI',
  'BROWSER_FLOW_REFUSED',
  'DEVICE_FLOW_REFUSED',
  'NO_FLOW',
  'PKCE',
  'ACCESS_DENIED',
  'DEVICE_CODE_EXPIRED',
  'OFFLINE_REFUSED',
  'NO_REFRESH_TOKEN',
  'STORE_FAILED',
] as const;
export type LoginCode = (typeof LOGIN_CODES)[number];

/** The identity provider's own OAuth `error`, upper-cased: IDP_INVALID_GRANT and so on. */
export type IdpCode = `IDP_${string}`;

export type ErrorCode = NetworkCode | ResponseCode | TransferCode | StoreCode | JobCode | LoginCode | IdpCode;

export class DotstatError extends Error {
  override readonly name: string = 'DotstatError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The message with its hint, as a person reads it in the log. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

/** A setting is missing, malformed or conflicts with another. Raised before any request. */
export class InputError extends DotstatError {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    message: string,
    hint?: string,
  ) {
    super('INPUT_INVALID', `Input '${input}': ${message}`, hint);
  }
}

/** The request never got an HTTP answer: DNS, refused, reset, TLS, timeout. */
export class NetworkError extends DotstatError {
  override readonly name = 'NetworkError';
  declare readonly code: NetworkCode;
  constructor(code: NetworkCode, message: string, hint?: string, options?: { cause?: unknown; readonly syscallCode?: string }) {
    super(code, message, hint, options);
    this.syscallCode = options?.syscallCode;
  }
  readonly syscallCode: string | undefined;
}

/** An HTTP answer that is not what the protocol promises: wrong status, not JSON, missing fields. */
export class ResponseError extends DotstatError {
  override readonly name = 'ResponseError';
  declare readonly code: ResponseCode;
  constructor(
    readonly status: number,
    message: string,
    hint?: string,
    code: ResponseCode = 'BAD_RESPONSE',
  ) {
    super(code, message, hint);
  }
}

/** The identity provider answered with an OAuth error body (`error`, `error_description`). */
export class IdpError extends DotstatError {
  override readonly name = 'IdpError';
  declare readonly code: IdpCode;
  constructor(
    readonly status: number,
    readonly error: string,
    readonly errorDescription: string,
    message: string,
    hint: string,
  ) {
    super(`IDP_${error.toUpperCase()}`, message, hint);
  }
}

/** The Transfer service rejected a request or an import ended badly. */
export class TransferError extends DotstatError {
  override readonly name = 'TransferError';
  declare readonly code: TransferCode;
  constructor(code: TransferCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(code, message, hint, options);
  }
}

/** A sign-in (`login`) that ended without a token; the hint names the Keycloak setting to change. */
export class LoginError extends DotstatError {
  override readonly name = 'LoginError';
  declare readonly code: LoginCode;
  constructor(code: LoginCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(code, message, hint, options);
  }
}

/** A store refused or failed to keep a value: the message names the store, the hint the permission or fix. */
export class StoreError extends DotstatError {
  override readonly name = 'StoreError';
  declare readonly code: StoreCode;
  constructor(code: StoreCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(code, message, hint, options);
  }
}

/** Narrow `unknown` to the project's errors; anything else is a bug and is wrapped. */
export function asDotstatError(error: unknown): DotstatError {
  if (error instanceof DotstatError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new DotstatError(
    'INTERNAL',
    `Unexpected internal error: ${detail}`,
    'This is a bug in dotstat-action; please report it with the log above (it holds no secret).',
    { cause: error },
  );
}
