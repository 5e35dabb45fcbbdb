/**
 * The GitHub Actions adapter: the only module that talks to @actions/core. Secrets are masked
 * with `::add-mask::` the moment they are known, and every line printed is redacted as well, so
 * nothing depends on the runner's masking alone. Every line is also sanitised: `core.info()` writes
 * its text as it is, so a line of server text starting with `::` (or holding `##[`) would be run
 * by the runner as a workflow command.
 */
import * as core from '@actions/core';
import type { SecretRegistry } from '../secrets.js';
import { sanitize } from '../text.js';
import type { Annotation, Platform } from './types.js';

export function createGithubPlatform(secrets: SecretRegistry): Platform {
  // Redacted whole (a secret may span lines), then line by line after sanitising, in case removing
  // a control character joined the halves of a secret.
  const clean = (text: string) =>
    secrets
      .redact(text)
      .split('\n')
      .map((line) => secrets.redact(sanitize(line, 10_000)))
      .join('\n');
  const props = (a?: Annotation): core.AnnotationProperties => ({ title: a?.title && clean(a.title), file: a?.file && clean(a.file) });
  return {
    name: 'github',
    addSecret(value) {
      if (!value || !secrets.add(value)) return;
      // Each line too: the runner masks a multi-line value line by line only when told so.
      const lines = value.split(/\r?\n/).filter((line) => line.trim().length > 0);
      for (const form of new Set([value, ...lines])) core.setSecret(form);
    },
    info: (message) => core.info(clean(message)),
    warning: (message, a) => core.warning(clean(message), props(a)),
    error: (message, a) => core.error(clean(message), props(a)),
    debug: (message) => core.debug(clean(message)),
    group: (title, fn) => core.group(clean(title), fn),
    setOutput(name, value, { secret }) {
      // Without GITHUB_OUTPUT, @actions/core would print the value as a ::set-output command.
      if (secret && !process.env.GITHUB_OUTPUT) return core.warning(`Output ${name} not set: GITHUB_OUTPUT is missing.`);
      core.setOutput(name, value);
    },
    exportVariable(name, value, { secret }) {
      if (secret && !process.env.GITHUB_ENV) return core.warning(`${name} not exported: GITHUB_ENV is missing.`);
      core.exportVariable(name, value);
    },
    async appendSummary(markdown) {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      // Markdown keeps its lines; server text in it was sanitised cell by cell (../report/summary.ts).
      await core.summary.addRaw(secrets.redact(markdown), true).write();
    },
    setFailed: (message) => core.setFailed(clean(message)),
  };
}
