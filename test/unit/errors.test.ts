import { describe, expect, it } from 'vitest';
import {
  asDotstatError,
  DotstatError,
  NETWORK_CODES,
  NetworkError,
  RESPONSE_CODES,
  ResponseError,
  TRANSFER_CODES,
  TransferError,
  JOB_CODES,
  STORE_CODES,
} from '../../src/errors.js';

describe('error codes', () => {
  it('are one list per class, each code in one list (a transfer error may keep its network code)', () => {
    const lists = [
      RESPONSE_CODES,
      TRANSFER_CODES.filter((c) => !(NETWORK_CODES as readonly string[]).includes(c)),
      NETWORK_CODES,
      JOB_CODES,
      STORE_CODES.filter((c) => !(NETWORK_CODES as readonly string[]).includes(c)),
    ];
    const all = lists.flat();
    expect(new Set(all).size).toBe(all.length);
  });

  it('a mistyped code does not compile (npm run typecheck checks the lines below)', () => {
    const network = new NetworkError('TIMEOUT', 'x');
    const response = new ResponseError(200, 'x', undefined, 'NOT_JSON');
    const transfer = new TransferError('CANCELLED', 'x');
    // @ts-expect-error 'TIMOUT' is no network code
    expect(network.code === 'TIMOUT').toBe(false);
    // @ts-expect-error 'NOT_JSN' is no response code
    expect(response.code === 'NOT_JSN').toBe(false);
    // @ts-expect-error 'CANCELED' (one L) is no transfer code
    expect(transfer.code === 'CANCELED').toBe(false);
    // @ts-expect-error a transfer error is never raised with an unknown code
    expect(() => new TransferError('NOPE', 'x')).not.toThrow();
  });

  it('asDotstatError() wraps anything else as INTERNAL, saying it is a bug', () => {
    const error = asDotstatError(new RangeError('boom'));
    expect(error).toBeInstanceOf(DotstatError);
    expect(error.code).toBe('INTERNAL');
    expect(error.describe()).toBe(
      'Unexpected internal error: boom\nThis is a bug in dotstat-action; please report it with the log above (it holds no secret).',
    );
  });
});
