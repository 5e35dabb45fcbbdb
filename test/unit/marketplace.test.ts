/**
 * GitHub Marketplace reads action.yml at the release tag and refuses a listing it does not like,
 * only when someone presses publish: its rules, checked here instead. (The icon and colour names
 * are checked against SchemaStore's enum by scripts/check-schemas.mjs.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/runner.mjs';

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
};

describe('Marketplace metadata in action.yml', () => {
  it('a name and an author', () => {
    expect(action.name).toBe('dotstat-action');
    expect(action.author).toBe('dotstat-action contributors');
  });

  it('a description shorter than 125 characters (the listing is refused otherwise)', () => {
    expect(action.description?.length).toBeGreaterThan(20);
    expect(action.description!.length).toBeLessThan(125);
  });

  it('branding: an icon and a colour', () => {
    expect(action.branding).toEqual({ icon: 'bar-chart-2', color: 'blue' });
  });

  it('action.yml and a README at the root: one action per repository', () => {
    expect(existsSync(join(ROOT, 'README.md'))).toBe(true);
    expect(existsSync(join(ROOT, 'action.yaml'))).toBe(false);
  });
});
