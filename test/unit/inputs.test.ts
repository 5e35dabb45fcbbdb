import { describe, expect, it } from 'vitest';
import { INPUTS, SECRET_INPUTS } from '../../src/inputs.js';

describe('INPUTS', () => {
  it("the secret inputs are exactly the credentials (the job's ID token among them), the store token and the hand-off key", () => {
    expect([...SECRET_INPUTS].sort()).toEqual(['client-secret', 'handoff-key', 'id-token', 'password', 'refresh-token', 'store-token', 'username']);
  });

  it('names are unique, kebab-case, and every input is described', () => {
    const names = INPUTS.map((input) => input.name);
    expect(new Set(names).size).toBe(names.length);
    for (const input of INPUTS) {
      expect(input.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(input.description.length).toBeGreaterThan(10);
    }
  });

  it('no secret input has a default', () => {
    for (const input of INPUTS.filter((i) => i.secret)) expect(input.default).toBe('');
  });
});
