// @ts-check
/**
 * The local services every measurement talks to (all on 127.0.0.1), and the environment the
 * GitHub runner gives a step (as in ../../scripts/lib/runner.mjs), for running dist/index.js
 * under /usr/bin/time instead of through runStep().
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startIdp } from '../../test/fixtures/idp.mjs';
import { startTransfer } from '../../test/fixtures/transfer.mjs';
import { actionDefaults, parseFileCommands, stepFiles } from '../../scripts/lib/runner.mjs';
import { cleanEnv } from './proc.mjs';

export const USER = { username: 'alice', password: 'alice-password' };

/** @param {{ accessTokenLifespan?: number }} [options] */
export function idp(options = {}) {
  return startIdp({ realm: 'OECD', accessTokenLifespan: options.accessTokenLifespan ?? 3600 });
}

/**
 * @param {import('../../test/fixtures/idp.mjs').Idp} identity
 * @param {string} storeDir
 * @param {Partial<import('../../test/fixtures/transfer.mjs').TransferOptions>} [options]
 */
export function transfer(identity, storeDir, options = {}) {
  return startTransfer({
    verifyToken: (token) => identity.verifyAccessToken(token),
    maxBodyBytes: 4e9,
    storeDir,
    scenario: () => ({ durationMs: 50 }),
    ...options,
  });
}

/**
 * A password-grant token with a plain fetch, for curl and Python.
 * @param {import('../../test/fixtures/idp.mjs').Idp} identity
 */
export async function passwordToken(identity) {
  const response = await globalThis.fetch(identity.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'app', ...USER }),
  });
  if (!response.ok) throw new Error(`token request failed: HTTP ${response.status}`);
  return /** @type {{ access_token: string }} */ (await response.json()).access_token;
}

/**
 * The environment of one step on the runner: INPUT_* with action.yml's defaults, and fresh
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_STATE / GITHUB_STEP_SUMMARY files in a folder of its own.
 * @param {string} scratch
 * @param {Record<string, string>} inputs
 */
export function stepEnv(scratch, inputs) {
  const dir = mkdtempSync(join(scratch, 'step-'));
  const files = stepFiles(dir);
  /** @type {Record<string, string>} */
  const env = cleanEnv({ HOME: dir, RUNNER_TEMP: dir, ...files, GITHUB_ACTIONS: 'true', CI: 'true' });
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return { env, dir, outputs: () => parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8')) };
}

/**
 * The inputs of an upload-and-wait job.
 * @param {import('../../test/fixtures/idp.mjs').Idp} identity
 * @param {string} transferUrl
 * @param {string} file
 * @param {Record<string, string>} [more]
 */
export function uploadInputs(identity, transferUrl, file, more = {}) {
  return {
    authority: identity.issuer,
    ...USER,
    'transfer-url': transferUrl,
    dataspace: 'design',
    file,
    'poll-interval': '0.1',
    ...more,
  };
}
