import { afterEach, describe, expect, it } from 'vitest';
import { createTerminalPlatform } from '../../src/platform/terminal.js';
import type { Platform } from '../../src/platform/types.js';
import { SecretRegistry } from '../../src/secrets.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const PASSWORD = 'p@ss word/+1';

function terminal(debug = false): { platform: Platform; lines: string[]; secrets: SecretRegistry } {
  const lines: string[] = [];
  const secrets = new SecretRegistry();
  const platform = createTerminalPlatform(secrets, { debug, write: (line) => lines.push(line) });
  platform.addSecret(PASSWORD);
  platform.addSecret(TOKEN);
  return { platform, lines, secrets };
}

const savedExitCode = process.exitCode;
afterEach(() => {
  process.exitCode = savedExitCode;
});

describe('createTerminalPlatform()', () => {
  it('addSecret() registers the value', () => {
    const { secrets } = terminal();
    expect(secrets.has(TOKEN)).toBe(true);
    expect(secrets.has(PASSWORD)).toBe(true);
  });

  it('setOutput() prints nothing unless debugging', () => {
    const { platform, lines } = terminal(false);
    platform.setOutput('token-type', 'Bearer', { secret: false });
    expect(lines).toEqual([]);
  });

  it('setOutput() never prints a secret output, even when debugging', () => {
    const { platform, lines } = terminal(true);
    platform.setOutput('access-token', TOKEN, { secret: true });
    platform.setOutput('refresh-token', 'unregistered-refresh-token', { secret: true });
    platform.setOutput('token-type', 'Bearer', { secret: false });
    platform.setOutput('expires-in', '300', { secret: false });
    expect(lines).toEqual(['[debug] output token-type: Bearer', '[debug] output expires-in: 300']);
  });

  it('exportVariable() prints nothing', () => {
    const { platform, lines } = terminal();
    platform.exportVariable('DOTSTAT_ACCESS_TOKEN', TOKEN, { secret: true });
    platform.exportVariable('PLAIN', 'value', { secret: false });
    expect(lines).toEqual([]);
  });

  it.each([
    ['raw', (s: string) => `Authorization: Bearer ${s}`],
    ['URL-encoded', (s: string) => `body password=${encodeURIComponent(s)}`],
    ['form-encoded', (s: string) => new URLSearchParams({ password: s }).toString()],
    ['base64', (s: string) => `Basic ${Buffer.from(s).toString('base64')}`],
    ['JSON', (s: string) => JSON.stringify({ password: s })],
  ])('redacts registered secrets, %s', (_title, render) => {
    const { platform, lines } = terminal(true);
    for (const secret of [TOKEN, PASSWORD]) {
      platform.info(render(secret));
      platform.warning(render(secret));
      platform.error(render(secret));
      platform.setFailed(render(secret));
      platform.setOutput('note', render(secret), { secret: false });
    }
    expect(lines).toHaveLength(10);
    for (const line of lines) {
      expect(line).toContain('***');
      for (const secret of [TOKEN, PASSWORD]) expect(line).not.toContain(render(secret));
    }
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('redacts a secret in an annotation title', () => {
    const { platform, lines } = terminal();
    platform.warning('message', { title: `about ${TOKEN}\n::add-mask::x` });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(TOKEN);
    expect(lines[0]).not.toContain('::');
    expect(lines[0]).toMatch(/^Warning \(about \*\*\* :\u200b:add-mask:\u200b:x\): message$/);
  });

  it('never prints a line starting with "::", whatever the text', () => {
    const { platform, lines } = terminal(true);
    const hostile = [
      '::add-mask::leak',
      '::stop-commands::pause\n::set-output name=x::y',
      '  ::warning::indented',
      'first\n::error::second\r\n::notice::third',
      '\u001b[0m::debug::after ANSI',
      ':::triple',
    ];
    for (const text of hostile) {
      platform.info(text);
      platform.warning(text);
      platform.error(text);
      platform.debug(text);
      platform.setOutput('plain', text, { secret: false });
      platform.setFailed(text);
    }
    expect(lines.length).toBeGreaterThan(hostile.length * 6);
    for (const line of lines) {
      expect(line.startsWith('::')).toBe(false);
      expect(line).not.toContain('::');
      expect(line).not.toContain('\u001b');
      expect(line).not.toMatch(/[\r\n]/);
    }
  });

  it('a multi-line message: one line each, continuation lines indented', () => {
    const { platform, lines } = terminal();
    platform.error('Token request failed.\nCheck the client.', { title: 'IdP' });
    expect(lines).toEqual(['Error (IdP): Token request failed.', '  Check the client.']);
  });

  it('debug() prints only when enabled', () => {
    const quiet = terminal(false);
    quiet.platform.debug('detail');
    expect(quiet.lines).toEqual([]);
    const loud = terminal(true);
    loud.platform.debug(`detail ${TOKEN}`);
    expect(loud.lines).toEqual(['[debug] detail ***']);
  });

  it('group() prints the title and a blank line after, even on failure', async () => {
    const { platform, lines } = terminal();
    expect(await platform.group('Token', async () => 42)).toBe(42);
    await expect(
      platform.group('Upload', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(lines).toEqual(['▶ Token', '', '▶ Upload', '']);
  });

  it('setFailed() prints the error and sets a failing exit code', () => {
    const { platform, lines } = terminal();
    platform.setFailed(`Input 'password' is wrong: ${PASSWORD}`);
    expect(lines).toEqual(["Error: Input 'password' is wrong: ***"]);
    expect(process.exitCode).toBe(1);
  });

  it('appendSummary() does nothing', async () => {
    const { platform, lines } = terminal();
    await platform.appendSummary(`# ${TOKEN}`);
    expect(lines).toEqual([]);
  });
});
