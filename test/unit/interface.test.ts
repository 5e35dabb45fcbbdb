/**
 * The public interface is written down in four places: src/inputs.ts, action.yml, the README and
 * the GitLab component. They must agree, name for name and default for default.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envName } from '../../src/cli/args.js';
import { INPUTS } from '../../src/inputs.js';
import { actionDefaults, ROOT } from '../../scripts/lib/runner.mjs';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const actionYml = read('action.yml');
const readme = read('README.md');
const component = read('templates/dotstat.yml');

describe('the public interface', () => {
  it('action.yml declares exactly the inputs of src/inputs.ts, with the same defaults and descriptions', () => {
    expect(actionDefaults()).toEqual(Object.fromEntries(INPUTS.map((input) => [input.name, input.default])));
    for (const input of INPUTS) expect(actionYml).toContain(`description: '${input.description.replace(/'/g, "''")}'`);
  });

  it('the README lists every input with its default', () => {
    for (const input of INPUTS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${input.name}\` |`));
      expect(row, input.name).toBeDefined();
      expect(row!.split('|')[2]!.trim(), input.name).toBe(input.default ? `\`${input.default}\`` : '');
    }
  });

  it('the README lists every output of action.yml', () => {
    const outputs = [...(actionYml.split(/^outputs:/m)[1] ?? '').matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]!);
    expect(outputs.length).toBeGreaterThan(8);
    for (const output of outputs) expect(readme, output).toContain(`| \`${output}\` |`);
  });

  it('the GitLab component takes every non-secret input and hands it on as DOTSTAT_<INPUT>', () => {
    for (const input of INPUTS.filter((i) => !i.secret && i.name !== 'export-env')) {
      expect(component, input.name).toMatch(new RegExp(`^ {4}${input.name}:$`, 'm'));
      expect(component, input.name).toContain(`${envName(input.name)}: '$[[ inputs.${input.name} ]]'`);
    }
    for (const input of INPUTS.filter((i) => i.secret)) expect(component).toContain(`${input.name}-variable:`);
  });
});
