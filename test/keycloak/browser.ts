/**
 * A person's part of a sign-in, done by a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core, which never downloads a browser): Keycloak's own login, consent and device
 * pages. Where no Chromium can be had, one line says so and only the tests that need it are
 * skipped; with DOTSTAT_REQUIRE_KEYCLOAK=1 or DOTSTAT_REQUIRE_BROWSER=1 (.ci/run) that is a failure.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, browserMissing } from '../support/chromium.js';

const missing = browserMissing();
export const hasChromium = !missing;
if (missing) {
  if (process.env.DOTSTAT_REQUIRE_KEYCLOAK === '1' || process.env.DOTSTAT_REQUIRE_BROWSER === '1') throw new Error(`Browser sign-in tests: ${missing}.`);
  console.log(`Browser sign-in tests skipped: ${missing}.`);
}

export function launchChromium(): Promise<Browser> {
  // launch() gives each browser a fresh temporary profile (user-data-dir) and removes it on close.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface Person {
  readonly username: string;
  readonly password: string;
}

async function signInIfAsked(page: Page, person: Person): Promise<void> {
  await page.waitForSelector('#username, #kc-login, [name=accept]');
  if (await page.$('#username')) {
    await page.fill('#username', person.username);
    await page.fill('#password', person.password);
    await Promise.all([page.waitForLoadState('load'), page.click('#kc-login')]);
  }
}

/** Answers a consent page when one shows ("Yes" or "No"); resolves with the final page's text. */
async function consent(page: Page, answer: 'yes' | 'no' | 'none'): Promise<string> {
  if (answer !== 'none') {
    await page.waitForSelector(answer === 'yes' ? '#kc-login' : '#kc-cancel');
    await Promise.all([page.waitForLoadState('load'), page.click(answer === 'yes' ? '#kc-login' : '#kc-cancel')]);
  }
  await page.waitForLoadState('load');
  return page.innerText('body');
}

/** The browser flow: opens the URL that login printed, signs in, answers consent; the final page's text. */
export async function browserSignIn(browser: Browser, url: string, person: Person, answer: 'yes' | 'no' | 'none' = 'none'): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await signInIfAsked(page, person);
    if (answer !== 'none') return await consent(page, answer);
    await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback/);
    return await page.innerText('body');
  } finally {
    await context.close();
  }
}

/** The device flow: the verification URL, the user code, sign-in, consent; the final page's text. */
export async function deviceSignIn(browser: Browser, verificationUri: string, userCode: string, person: Person, answer: 'yes' | 'no' = 'yes'): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(verificationUri);
    await page.fill('#device_user_code', userCode);
    await Promise.all([page.waitForLoadState('load'), page.click('[type=submit]')]);
    await signInIfAsked(page, person);
    return await consent(page, answer);
  } finally {
    await context.close();
  }
}
