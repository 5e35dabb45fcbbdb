import { describe, expect, it } from 'vitest';
import { fairShares } from '../../../src/report/budget.js';

describe('fairShares()', () => {
  it.each<[number[], number, number[]]>([
    [[10, 10, 10], 30, [10, 10, 10]],
    [[10, 10, 10], 12, [4, 4, 4]],
    [[2, 100, 100], 50, [2, 24, 24]],
    [[0, 5, 50], 100, [0, 5, 50]],
    [[7, 7], 0, [0, 0]],
    [[7, 7], -5, [0, 0]],
    [[3, 3, 3], 7, [3, 2, 2]],
    [[], 10, []],
  ])('%j within %i → %j', (wants, total, shares) => {
    expect(fairShares(wants, total)).toEqual(shares);
  });

  it('never more than the total, nor more than anyone wants', () => {
    const wants = Array.from({ length: 50 }, (_, i) => (i * 7919) % 1000);
    const shares = fairShares(wants, 12_345);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(12_345);
    shares.forEach((share, i) => expect(share).toBeLessThanOrEqual(wants[i]!));
  });
});
