import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_OPTIONS, envName } from '../../../src/cli/args.js';
import { helpText, VERSION } from '../../../src/cli/help.js';
import { INPUTS } from '../../../src/inputs.js';

const ROOT = join(import.meta.dirname, '../../..');
const text = helpText();
const lines = text.split('\n');
/** The help's words with the wrapping undone, to find a description whole. */
const flat = text.replace(/\s+/g, ' ');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('helpText()', () => {
  it.each(INPUTS.map((input) => [input.name, input] as const))('lists input %s: flag, environment variable, default, description', (_name, input) => {
    const flag = input.secret ? '(secret: environment only)' : `--${input.name}`;
    const def = input.default ? ` [default: ${input.default}]` : '';
    const line = new RegExp(`^  ${escape(flag)} +${escape(envName(input.name))}${escape(def)}$`);
    expect(
      lines.filter((l) => line.test(l)),
      `no line for ${input.name}`,
    ).toHaveLength(1);
    expect(flat).toContain(input.description.replace(/\s+/g, ' '));
  });

  it('never offers a flag for a secret', () => {
    for (const input of INPUTS.filter((i) => i.secret)) expect(text).not.toMatch(new RegExp(`--${input.name}(?![\\w-])`));
  });

  it.each(CLI_OPTIONS.map((option) => [option.name, option] as const))('lists command-line option --%s', (_name, option) => {
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  --${escape(option.name)} +${escape(option.env)}$`)));
    expect(flat).toContain(option.description.replace(/\s+/g, ' '));
  });

  it('lists --help, --version, exec and the exit status', () => {
    expect(text).toMatch(/^ {2}--help, --version/m);
    expect(text).toContain('exec -- CMD...');
    expect(text).toContain('Exit status: 0 on success, 1 on failure');
  });

  it('says secrets come only from the environment', () => {
    expect(flat).toContain('Secrets are read only from the environment (masked CI/CD variables), never from flags.');
  });

  it('descriptions wrap at 96 columns', () => {
    for (const line of lines.filter((l) => /^ {6}\S/.test(l))) expect(line.length, line).toBeLessThanOrEqual(96);
  });
});

describe('VERSION', () => {
  it("equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(text.split('\n')[0]).toContain(`dotstat-action ${pkg.version}:`);
  });
});
