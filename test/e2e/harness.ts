/**
 * The end-to-end harness: scripts/lib/runner.mjs runs an entry point the way the Actions runner
 * does; this file adds the leak scan every end-to-end run goes through.
 */
import { expect as globalExpect, type ExpectStatic } from 'vitest';
import { secretForms } from '../../src/secrets.js';
import { runStep, type StepOptions, type StepResult } from '../../scripts/lib/runner.mjs';

export { ACTION_ENTRY, ROOT, actionDefaults, parseFileCommands } from '../../scripts/lib/runner.mjs';
export type RunResult = StepResult;
export type RunOptions = StepOptions;

export function runAction(inputs: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  return runStep(inputs, options);
}

/**
 * Asserts that no secret appears, in any encoding, anywhere but where the user asked for it:
 * on GitHub a secret may appear on stdout only in its own `::add-mask::` line; secret outputs and the exported variable are allowed
 * in the output and env files only under their own names.
 */
export function expectNoLeaks(
  result: RunResult,
  secrets: readonly string[],
  allowed: { outputs?: string[]; env?: string[] } = {},
  expect: ExpectStatic = globalExpect,
): void {
  const lines = result.stdout.split('\n');
  for (const secret of secrets.filter((s) => s.length >= 4)) {
    const forms = secretForms(secret);
    lines.forEach((line, i) => {
      if (line.startsWith('::add-mask::')) return;
      for (const form of forms) {
        expect(line.includes(form), `secret leaked on stdout line ${i}: ${line.replace(form, '<SECRET>')}`).toBe(false);
      }
    });
    for (const form of forms) {
      expect(result.stderr.includes(form), 'secret leaked on stderr').toBe(false);
      expect(result.summary.includes(form), 'secret leaked into the job summary').toBe(false);
      expect(result.state.includes(form), 'secret leaked into GITHUB_STATE').toBe(false);
    }
    for (const [file, values, names] of [
      ['GITHUB_OUTPUT', result.outputs, allowed.outputs ?? []],
      ['GITHUB_ENV', result.env, allowed.env ?? []],
    ] as const) {
      for (const [name, value] of Object.entries(values)) {
        if (names.includes(name)) continue;
        for (const form of forms) expect(value.includes(form), `secret leaked into ${file} ${name}`).toBe(false);
      }
    }
  }
}

/** Outside GitHub nothing may look like a workflow command. */
export function expectNoWorkflowCommands(result: RunResult, expect: ExpectStatic = globalExpect): void {
  for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) expect(line.trimStart().startsWith('::'), line).toBe(false);
}

/**
 * On GitHub every secret must be masked; secret inputs before anything else is printed, and
 * every mask before the first line that is not a mask or a debug line of the start-up.
 */
export function expectMasked(result: RunResult, secrets: readonly string[], inputSecrets: readonly string[] = [], expect: ExpectStatic = globalExpect): void {
  const lines = result.stdout.split('\n');
  for (const secret of secrets) expect(lines, `no ::add-mask:: for a secret`).toContain(`::add-mask::${secret}`);
  const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'));
  for (const secret of inputSecrets) {
    expect(lines.indexOf(`::add-mask::${secret}`), 'a secret input was not masked before the first log line').toBeLessThan(firstOther);
  }
}
