import { afterEach, describe, expect, it, vi } from 'vitest';
import { DotstatError } from '../../../src/errors.js';
import { keepFresh, warnAtEnd } from '../../../src/lifecycle/refresher.js';
import type { TokenSession } from '../../../src/oidc/session.js';
import { recordingLogger } from '../../support/unit.js';

afterEach(() => vi.useRealTimers());

describe('warnAtEnd(): a command given a hand-off token, which nothing can renew', () => {
  it('is told when the token ends, once, naming its end and why it is not renewed; never the token', () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T01:00:00Z') });
    const log = recordingLogger();
    const end = new Date('2026-12-04T01:05:00Z');
    const watch = warnAtEnd({ accessToken: 'HANDED-OFF-TOKEN', tokenType: 'Bearer', expiresAt: end, expiresIn: 300, grant: 'password' }, log);
    vi.advanceTimersByTime(299_000);
    expect(log.lines.filter((l) => l.level === 'warning')).toEqual([]);
    vi.advanceTimersByTime(2_000);
    const warnings = log.lines.filter((l) => l.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('expired at 2026-12-04T01:05:00.000Z');
    expect(warnings[0]?.message).toContain('hand-off cannot be renewed');
    expect(JSON.stringify(log.lines)).not.toContain('HANDED-OFF-TOKEN');
    watch.stop();
  });

  it('stopped before the end (the command finished): nothing is said', () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T01:00:00Z') });
    const log = recordingLogger();
    warnAtEnd({ accessToken: 't', tokenType: 'Bearer', expiresAt: new Date('2026-12-04T01:05:00Z'), expiresIn: 300, grant: 'password' }, log).stop();
    vi.advanceTimersByTime(600_000);
    expect(log.lines).toEqual([]);
  });
});

describe('keepFresh(): renewals that keep failing', () => {
  it('one warning when renewing fails, and one more when the token in the file has expired', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T01:00:00Z') });
    const log = recordingLogger();
    const current = { accessToken: 'T', tokenType: 'Bearer', expiresAt: new Date('2026-12-04T01:05:00Z'), expiresIn: 300, grant: 'password' as const };
    let tries = 0;
    const session = {
      current,
      renewalDueAt: () => current.expiresAt.getTime() - 60_000,
      renew: async () => {
        tries++;
        throw new DotstatError('IDP_ERROR', 'The session has ended (invalid_grant).', 'Sign in again.');
      },
    } as unknown as TokenSession;
    const fresh = keepFresh(session, log);
    await vi.advanceTimersByTimeAsync(4 * 60_000 + 50_000);
    expect(tries).toBeGreaterThan(1);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    fresh.stop();
    const warnings = log.lines.filter((l) => l.level === 'warning').map((l) => l.message);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('Could not renew the access token for the command (trying again)');
    expect(warnings[1]).toContain('The access token in DOTSTAT_ACCESS_TOKEN_FILE expired at 2026-12-04T01:05:00.000Z');
  });
});
