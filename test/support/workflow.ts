/**
 * A GitHub Actions job, emulated the way the runner runs one (on top of scripts/lib/runner.mjs's
 * single step): the steps one after another in one RUNNER_TEMP, each getting the variables that
 * earlier steps wrote to GITHUB_ENV; each action step's post step at the end, in reverse order and
 * whatever the outcome (`post-if: always()`), with its GITHUB_STATE read back as STATE_<name>;
 * and the job's outputs as the runner computes them for `needs.<job>.outputs`: taken from step
 * outputs, and dropped ("Skip output 'x' since it may contain secret") when they contain any value
 * masked in the job.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runAction, type RunOptions, type RunResult } from './harness.js';
import { parseFileCommands } from '../../scripts/lib/runner.mjs';

export interface StepSpec {
  readonly id: string;
  /** An action step (dist/index.js, with its post step), or a `run:` step running the command line. */
  readonly uses?: 'action';
  readonly with?: Record<string, string>;
  /** For a run: step: the command line's arguments. */
  readonly cli?: readonly string[];
  readonly env?: Record<string, string>;
}

export interface JobResult {
  readonly steps: Record<string, RunResult>;
  readonly posts: Record<string, RunResult>;
  /** The job's outputs as `needs.<job>.outputs` sees them; a dropped one is ''. */
  readonly outputs: Record<string, string>;
  readonly skipped: readonly string[];
  /** Every line every step printed, stdout and stderr. */
  readonly log: string;
  readonly masks: readonly string[];
  readonly runnerTemp: string;
}

const POST_ENTRY = join(ROOT, 'dist/post.js');
const CLI_ENTRY = join(ROOT, 'dist/cli.js');

export async function runJob(
  steps: readonly StepSpec[],
  outputs: Record<string, (steps: Record<string, RunResult>) => string | undefined>,
  options: { readonly env?: Record<string, string>; readonly cwd?: string; readonly keepTemp?: boolean; readonly node?: string } = {},
): Promise<JobResult> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'dotstat-job-'));
  const results: Record<string, RunResult> = {};
  const posts: Record<string, RunResult> = {};
  let jobEnv: Record<string, string> = { RUNNER_TEMP: runnerTemp, ...options.env };
  const common = (step: StepSpec): RunOptions => ({ env: { ...jobEnv, ...step.env }, cwd: options.cwd ?? runnerTemp, node: options.node });
  for (const step of steps) {
    const result =
      step.uses === 'action'
        ? await runAction(step.with ?? {}, common(step))
        : await runAction({}, { ...common(step), entry: CLI_ENTRY, args: step.cli ?? [], inputsAsEnv: false });
    results[step.id] = result;
    jobEnv = { ...jobEnv, ...result.env };
  }
  for (const step of [...steps].reverse()) {
    if (step.uses !== 'action') continue;
    const state = parseFileCommands(results[step.id]?.state ?? '');
    const stateEnv = Object.fromEntries(Object.entries(state).map(([name, value]) => [`STATE_${name}`, value]));
    posts[step.id] = await runAction(step.with ?? {}, { ...common(step), entry: POST_ENTRY, env: { ...jobEnv, ...step.env, ...stateEnv } });
  }
  const all = [...Object.values(results), ...Object.values(posts)];
  const log = all.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
  const masks = [...log.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1] ?? '').filter(Boolean);
  const jobOutputs: Record<string, string> = {};
  const skipped: string[] = [];
  for (const [name, expression] of Object.entries(outputs)) {
    const value = expression(results) ?? '';
    if (masks.some((mask) => value.includes(mask))) {
      skipped.push(name);
      jobOutputs[name] = '';
    } else jobOutputs[name] = value;
  }
  if (!options.keepTemp) rmSync(runnerTemp, { recursive: true, force: true });
  return { steps: results, posts, outputs: jobOutputs, skipped, log, masks, runnerTemp };
}
