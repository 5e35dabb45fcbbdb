import { describe, expect, it } from 'vitest';
import { actionInputs } from '../../src/platform/action-inputs.js';

describe('actionInputs()', () => {
  const raw = actionInputs({ 'INPUT_CLIENT-ID': 'dotstat', 'INPUT_EXPORT-ENV': '', INPUT_AUTHORITY: 'https://kc/realms/x', INPUT_CLIENT_ID: 'wrong' });

  it.each([
    ['client-id', 'dotstat'],
    ['authority', 'https://kc/realms/x'],
    ['export-env', ''],
    ['password', undefined],
  ] as const)('%s → %j', (name, expected) => {
    expect(raw(name)).toBe(expected);
  });
});
