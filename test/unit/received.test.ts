import { describe, expect, it } from 'vitest';
import { ReceivedToken } from '../../src/oidc/received.js';

const tokens = (endsInMs: number) => ({
  accessToken: 'handed-off-token',
  tokenType: 'Bearer',
  grant: 'password' as const,
  expiresIn: 300,
  expiresAt: new Date(Date.now() + endsInMs),
});

describe('ReceivedToken', () => {
  it("calls with the handed-off token while it is valid; a refusal is the call's own", async () => {
    const received = new ReceivedToken(tokens(60_000));
    expect(await received.withToken('while uploading', async (token) => `used ${token}`)).toBe('used handed-off-token');
  });

  it('after its end: TOKEN_EXPIRED, saying a hand-off cannot be renewed, never the token', async () => {
    const received = new ReceivedToken(tokens(-1));
    let calls = 0;
    const error = await received
      .withToken('while checking request 154', async () => ++calls)
      .catch((e: unknown) => e as Error & { code: string; describe(): string });
    expect(calls).toBe(0);
    expect(error).toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect((error as { describe(): string }).describe()).toMatch(
      /The handed-off access token expired at .* \(while checking request 154\); a hand-off cannot be renewed\./,
    );
    expect((error as { describe(): string }).describe()).not.toContain('handed-off-token');
  });
});
