/**
 * One error class per kind of failure. Each has a stable `code`, a message that says what failed
 * and where, and a `hint` that says what a person should do next. Messages never carry a secret,
 * a request body or an Authorization header; server-provided text is quoted only after
 * `sanitize()` (see ./text.ts) and the caller's redactor.
 */
export class DotstatError extends Error {
  override readonly name: string = 'DotstatError';
  constructor(
    readonly code: string,
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
  constructor(
    code: 'NETWORK' | 'TIMEOUT' | 'DNS' | 'TLS' | 'PROXY' | 'ABORTED',
    message: string,
    hint?: string,
    options?: { cause?: unknown; readonly syscallCode?: string },
  ) {
    super(code, message, hint, options);
    this.syscallCode = options?.syscallCode;
  }
  readonly syscallCode: string | undefined;
}

/** An HTTP answer that is not what the protocol promises: wrong status, not JSON, missing fields. */
export class ResponseError extends DotstatError {
  override readonly name = 'ResponseError';
  constructor(
    readonly status: number,
    message: string,
    hint?: string,
    code = 'BAD_RESPONSE',
  ) {
    super(code, message, hint);
  }
}

/** The identity provider answered with an OAuth error body (`error`, `error_description`). */
export class IdpError extends DotstatError {
  override readonly name = 'IdpError';
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
