/**
 * Headless Chromium for the tests and the README's picture: Debian's own /usr/bin/chromium through
 * playwright-core, never a downloaded browser. Where there is no browser, `browserMissing()` says
 * why in one line, and only the tests that need it are skipped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.DOTSTAT_CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run, or undefined; never a reason where CI requires them (DOTSTAT_REQUIRE_TOOLS=1): there they run and fail. */
export function browserMissing(): string | undefined {
  if (process.env.DOTSTAT_REQUIRE_TOOLS === '1') return undefined;
  return existsSync(CHROMIUM) ? undefined : `no browser at ${CHROMIUM} (apt-get install chromium, or set DOTSTAT_CHROMIUM)`;
}

/** The machine's network is closed: no background requests, no QUIC, no first-run or sync traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh profile each time, removed afterwards. */
export async function withBrowser<T>(use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'dotstat-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    return await use(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
