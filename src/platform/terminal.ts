/**
 * The plain adapter, for a terminal or any CI other than GitHub: it prints plain lines, never a
 * `::` workflow command, and never a secret. Secret outputs and exports are not printed at all;
 * the command line offers --token-file and `exec` to use the token instead.
 */
import type { SecretRegistry } from '../secrets.js';
import { sanitize } from '../text.js';
import type { Platform } from './types.js';

export interface TerminalOptions {
  readonly debug: boolean;
  readonly write?: (line: string) => void;
}

export function createTerminalPlatform(secrets: SecretRegistry, options: TerminalOptions): Platform {
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  // Our own messages may span lines; each line is redacted and stripped of control characters.
  const print = (prefix: string, text: string) => {
    const lines = secrets.redact(text).split('\n');
    lines.forEach((line, i) => write(`${i === 0 ? prefix : '  '}${sanitize(line, 10_000)}`));
  };
  return {
    name: 'terminal',
    addSecret: (value) => void secrets.add(value),
    info: (message) => print('', message),
    warning: (message, a) => print(`Warning${a?.title ? ` (${a.title})` : ''}: `, message),
    error: (message, a) => print(`Error${a?.title ? ` (${a.title})` : ''}: `, message),
    debug: (message) => (options.debug ? print('[debug] ', message) : undefined),
    async group(title, fn) {
      print('▶ ', title);
      try {
        return await fn();
      } finally {
        write('');
      }
    },
    setOutput(name, value, { secret }) {
      if (!secret) print(`${name}: `, value);
    },
    exportVariable: () => undefined,
    appendSummary: async () => undefined,
    setFailed(message) {
      print('Error: ', message);
      process.exitCode = 1;
    },
  };
}
