import { afterEach, describe, expect, it, vi } from 'vitest';
import { warnAtEnd } from '../../../src/lifecycle/refresher.js';
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
