/**
 * The plain adapter, for a terminal or any CI other than GitHub (GitLab's adapter is this one with
 * collapsible sections and a dotenv report): it prints plain lines, never a `::` workflow command,
 * and never a secret. Secret outputs and exports are not printed at all; the command line offers
 * --token-file and `exec` to use the token instead.
 */
import { asDotstatError } from '../errors.js';
import type { SecretRegistry } from '../secrets.js';
import { sanitize } from '../text.js';
import type { DotenvReport } from './dotenv.js';
import type { Annotation, Platform } from './types.js';

export interface TerminalOptions {
  readonly debug: boolean;
  readonly write?: (line: string) => void;
  /** Non-secret outputs also go to this dotenv report. */
  readonly dotenv?: DotenvReport;
  /** Collapsible log sections (GitLab); plain headed blocks otherwise. */
  readonly section?: <T>(title: string, fn: () => Promise<T>, print: (line: string) => void) => Promise<T>;
  readonly name?: Platform['name'];
}

export function createTerminalPlatform(secrets: SecretRegistry, options: TerminalOptions): Platform {
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  // Our own messages may span lines; each line is redacted and stripped of control characters.
  const print = (prefix: string, text: string) => {
    const lines = secrets.redact(text).split('\n');
    lines.forEach((line, i) => write(`${i === 0 ? prefix : '  '}${safe(line, 10_000)}`));
  };
  // Redacted again after sanitising: removing a control character may join the halves of a secret.
  const safe = (line: string, max: number) => secrets.redact(sanitize(secrets.redact(line), max));
  // An annotation title is printed as part of the prefix, so it needs the same care as the text.
  const label = (kind: string, a?: Annotation) => `${kind}${a?.title ? ` (${safe(a.title, 200)})` : ''}: `;
  let reportFailed = false;
  return {
    name: options.name ?? 'terminal',
    addSecret: (value) => void secrets.add(value),
    info: (message) => print('', message),
    warning: (message, a) => print(label('Warning', a), message),
    error: (message, a) => print(label('Error', a), message),
    debug: (message) => (options.debug ? print('[debug] ', message) : undefined),
    async group(title, fn) {
      if (options.section) return options.section(safe(title, 200), fn, write);
      print('▶ ', title);
      try {
        return await fn();
      } finally {
        write('');
      }
    },
    setOutput(name, value, { secret }) {
      // Nothing here can mask it: a secret output is kept nowhere.
      if (secret) return false;
      // The log already says what the outputs hold; the values themselves only when debugging.
      if (options.debug) print(`[debug] output ${name}: `, value);
      try {
        options.dotenv?.set(name, value);
      } catch (error) {
        // A report is not the job: the import's outcome decides the exit status, not this file.
        if (!reportFailed) print(label('Warning'), `${asDotstatError(error).describe()}\nThe job's result does not depend on it.`);
        reportFailed = true;
      }
      return true;
    },
    exportVariable: () => undefined,
    appendSummary: async () => undefined,
    redact: (text) => secrets.redact(text),
    setFailed(message) {
      print('Error: ', message);
      process.exitCode = 1;
    },
  };
}
