/**
 * The browser command gets the URL as one argument, never through a shell; and on any CI system
 * (not only where CI is exactly "true") the tokens are never printed into the job's log.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runLogin } from '../../../src/cli/login.js';
import { noBrowserHere } from '../../../src/login/choose.js';
import { browserCommand, openBrowser } from '../../../src/login/open.js';

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('openBrowser()', () => {
  it('passes a URL full of shell syntax as one argument, and runs nothing it names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'open-'));
    const fake = join(dir, 'browser');
    const argv = join(dir, 'argv');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$#" "$1" > '${argv}'\n`);
    chmodSync(fake, 0o755);
    const pwned = join(dir, 'pwned');
    const url = `https://kc.example/auth?a=1&b=$(touch ${pwned})&c=\`touch ${pwned}\`;touch ${pwned}|x`;
    expect(await openBrowser(browserCommand({ BROWSER: fake }), url)).toBe(true);
    for (let i = 0; i < 50 && !existsSync(argv); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(argv, 'utf8')).toBe(`1\n${url}\n`);
    expect(existsSync(pwned)).toBe(false);
  });

  it('$BROWSER with arguments is one program name, never split by a shell: it fails to start, and the URL is printed instead', async () => {
    expect(browserCommand({ BROWSER: 'sh -c "touch /tmp/x"' })).toEqual(['sh -c "touch /tmp/x"']);
    expect(await openBrowser(browserCommand({ BROWSER: 'sh -c "touch /tmp/x"' }), 'https://kc.example/')).toBe(false);
  });
});

describe('CI', () => {
  it.each([{ CI: '1' }, { CI: 'True' }, { TF_BUILD: 'True' }, { JENKINS_URL: 'https://jenkins.example/' }, { BUILDKITE: 'true' }])(
    '%o: counts as CI (no browser, no --print)',
    async (env) => {
      expect(noBrowserHere({ DISPLAY: ':0', ...env })).toBe('this is a CI job');
      const stderr: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
      await runLogin(['--authority', 'http://127.0.0.1:1/realms/r', '--print'], env);
      expect(process.exitCode).toBe(1);
      expect(stderr.join('')).toContain('would print the tokens into a CI log');
    },
  );

  it('CI=false is no CI', () => {
    expect(noBrowserHere({ DISPLAY: ':0', CI: 'false' })).toBeUndefined();
  });
});
