/**
 * The GitHub Actions adapter: the only module that talks to @actions/core. Secrets are masked
 * with `::add-mask::` the moment they are known, and every line printed is redacted as well, so
 * nothing depends on the runner's masking alone. Every line is also sanitised: `core.info()` writes
 * its text as it is, so a line of server text starting with `::` (or holding `##[`) would be run
 * by the runner as a workflow command. Outputs, exports and the summary are reports: one that
 * cannot be written is a warning naming its file, never the step's verdict.
 */
import * as core from '@actions/core';
import { DotstatError } from '../errors.js';
import { PERMISSION_YAML } from '../oidc/settings.js';
import type { SecretRegistry } from '../secrets.js';
import { sanitize } from '../text.js';
import type { Annotation, Platform } from './types.js';

const FILES = { GITHUB_OUTPUT: 'Step outputs', GITHUB_ENV: 'Variables for later steps', GITHUB_STEP_SUMMARY: 'The job summary' } as const;
type FileCommand = keyof typeof FILES;

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
  const warned = new Set<FileCommand>();
  const notWritten = (file: FileCommand, error?: unknown) => {
    if (warned.has(file)) return;
    warned.add(file);
    const reason =
      error === undefined
        ? `${file} is not set, and the value is secret`
        : `${file} (${process.env[file]}) could not be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    core.warning(clean(`${FILES[file]} not written: ${reason}. The step's result does not depend on it.`));
  };
  /**
   * One write to a runner file. Without the variable, @actions/core falls back to printing the
   * value as a workflow command (`::set-output`), which a runner that does not mask shows in
   * clear (so does @github/local-action's table): a secret is then not written at all.
   */
  const fileCommand = (file: FileCommand, secret: boolean, write: () => void): boolean => {
    if (secret && !process.env[file]) {
      notWritten(file);
      return false;
    }
    try {
      write();
      return true;
    } catch (error) {
      notWritten(file, error);
      return false;
    }
  };
  const addSecret = (value: string | undefined) => {
    if (!value || !secrets.add(value)) return;
    // Each line too: the runner masks a multi-line value line by line only when told so.
    const lines = value.split(/\r?\n/).filter((line) => line.trim().length > 0);
    for (const form of new Set([value, ...lines])) core.setSecret(form);
  };
  return {
    name: 'github',
    addSecret,
    info: (message) => core.info(clean(message)),
    warning: (message, a) => core.warning(clean(message), props(a)),
    error: (message, a) => core.error(clean(message), props(a)),
    debug: (message) => core.debug(clean(message)),
    group: (title, fn) => core.group(clean(title), fn),
    setOutput(name, value, { secret }) {
      // A report of what happened (results, statuses) may quote a server that echoed a secret.
      return fileCommand('GITHUB_OUTPUT', secret, () => core.setOutput(name, secret ? value : secrets.redact(value)));
    },
    exportVariable(name, value, { secret }) {
      void fileCommand('GITHUB_ENV', secret, () => core.exportVariable(name, secret ? value : secrets.redact(value)));
    },
    async appendSummary(markdown) {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      // Markdown keeps its lines; server text in it was sanitised cell by cell (../report/summary.ts).
      try {
        await core.summary.addRaw(secrets.redact(markdown), true).write();
      } catch (error) {
        notWritten('GITHUB_STEP_SUMMARY', error);
      }
    },
    redact: (text) => secrets.redact(text),
    async mintIdToken(audience) {
      // The runner sets these two only for a job with permissions: id-token: write.
      if (!process.env.ACTIONS_ID_TOKEN_REQUEST_URL || !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        throw new DotstatError(
          'KEYLESS_NO_PERMISSION',
          'Keyless sign-in needs an ID token of this job, and the job may not mint one: it lacks the permission id-token: write.',
          `Add to the job (or the workflow):\n${PERMISSION_YAML}`,
        );
      }
      let token: string;
      try {
        token = await core.getIDToken(audience);
      } catch (error) {
        throw new DotstatError(
          'KEYLESS_NO_ID_TOKEN',
          `The runner did not give an ID token for audience ${audience}: ${(error as Error).message.replace(/\s+/g, ' ').trim()}`,
          'Check that the job has permissions: id-token: write, and try again.',
        );
      }
      addSecret(token);
      return token;
    },
    saveState: (name, value) => core.saveState(name, secrets.redact(value)),
    getState: (name) => core.getState(name),
    setFailed: (message) => core.setFailed(clean(message)),
  };
}
