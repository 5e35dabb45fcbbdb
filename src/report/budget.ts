/** A fair way to share a platform's limit (../platform/limits.ts) among files. */

/**
 * Splits `total` among claimants wanting `wants[i]` each: nobody gets more than it wants, and what
 * the small ones leave is shared equally by the others (max-min fairness). Whole units only.
 */
export function fairShares(wants: readonly number[], total: number): number[] {
  const shares = wants.map(() => 0);
  let left = Math.max(0, Math.floor(total));
  let open = wants.map((_, i) => i).filter((i) => wants[i]! > 0);
  while (left > 0 && open.length > 0) {
    const each = Math.max(1, Math.floor(left / open.length));
    for (const i of open) {
      const give = Math.min(each, wants[i]! - shares[i]!, left);
      shares[i]! += give;
      left -= give;
    }
    open = open.filter((i) => shares[i]! < wants[i]!);
  }
  return shares;
}
