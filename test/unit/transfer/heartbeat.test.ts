import { describe, expect, it } from 'vitest';
import { Heartbeat } from '../../../src/transfer/heartbeat.js';

const T0 = Date.parse('2026-06-04T08:00:00Z');
const running = (id: number, executionStatus: string) => ({ requestId: id, name: `f${id}.csv`, registeredAt: T0, status: { executionStatus } });

/** Rounds at the poll loop's own times (5 s, ×1.5, capped at 30 s) until `until` seconds. */
function roundsUntil(until: number): number[] {
  const times: number[] = [];
  for (let t = 0, interval = 5; t + interval <= until; interval = Math.min(30, interval * 1.5)) times.push((t += interval));
  return times;
}

describe('Heartbeat', () => {
  it('one line a minute while the state stays the same, counting from registration', () => {
    const lines: string[] = [];
    const heartbeat = new Heartbeat({ info: (l) => lines.push(l) });
    for (const t of roundsUntil(250)) heartbeat.round([running(154, 'InProgress')], T0 + t * 1000);
    expect(lines).toEqual([
      'Request 154 (f154.csv): still InProgress after 1 min',
      'Request 154 (f154.csv): still InProgress after 2 min',
      'Request 154 (f154.csv): still InProgress after 3 min',
      'Request 154 (f154.csv): still InProgress after 4 min',
    ]);
  });

  it('a change of state starts the minute again (the loop has said it); polls a minute apart skip none', () => {
    const lines: string[] = [];
    const heartbeat = new Heartbeat({ info: (l) => lines.push(l) });
    heartbeat.round([running(1, 'Queued')], T0 + 5_000);
    heartbeat.round([running(1, 'Queued')], T0 + 50_000);
    heartbeat.round([running(1, 'InProgress')], T0 + 55_000);
    for (let t = 114.9; t < 300; t += 59.95) heartbeat.round([running(1, 'InProgress')], T0 + t * 1000);
    expect(lines).toEqual([
      'Request 1 (f1.csv): still InProgress after 1 min',
      'Request 1 (f1.csv): still InProgress after 2 min',
      'Request 1 (f1.csv): still InProgress after 3 min',
      'Request 1 (f1.csv): still InProgress after 4 min',
    ]);
  });

  it('past ten requests due, nine are named and the rest counted in one line', () => {
    const lines: string[] = [];
    const heartbeat = new Heartbeat({ info: (l) => lines.push(l) });
    const requests = Array.from({ length: 14 }, (_, i) => running(i + 1, i % 2 ? 'Queued' : 'InProgress'));
    heartbeat.round(requests, T0 + 1000);
    heartbeat.round(requests, T0 + 61_000);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Request 1 (f1.csv): still InProgress after 1 min');
    expect(lines[9]).toBe('5 more requests still running (3 Queued, 2 InProgress); the longest for 1 min');
  });
});
