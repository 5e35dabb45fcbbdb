#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: the action's whole job, on this machine only. It starts the project's local
 * identity provider (Keycloak's protocol, paths and error bodies), runs the bundled action
 * (dist/index.js) the way the GitHub runner does, and shows what a user sees in the run's log.
 * No account, no network: everything listens on 127.0.0.1.
 *
 * `npm run demo -- --keycloak` does the same against a real Keycloak (scripts/keycloak.mjs: Java
 * and, the first time, Maven), whose tokens the Transfer simulator then checks against its JWKS.
 */
import { existsSync } from 'node:fs';
import { startIdp } from '../test/fixtures/idp.mjs';
import { jwksVerifier, startKeycloak } from './keycloak.mjs';
import { startTransfer } from '../test/fixtures/transfer.mjs';
import { ACTION_ENTRY, ROOT, render, runStep } from './lib/runner.mjs';

const bold = (/** @type {string} */ text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

/**
 * The project's fixture (the default), or a real Keycloak with the tests' realm.
 * @param {boolean} real
 * @returns {Promise<{ issuer: string, what: string, verify: (token: string) => object | null, close: () => Promise<void> }>}
 */
async function identityProvider(real) {
  if (!real) {
    const idp = await startIdp({ realm: 'OECD' });
    return { issuer: idp.issuer, what: 'Local identity provider (Keycloak protocol):', verify: (t) => idp.verifyAccessToken(t), close: () => idp.close() };
  }
  const kc = await startKeycloak({ log: (line) => console.log(line) });
  try {
    return { issuer: kc.issuer, what: `Keycloak ${kc.version} (realm test/keycloak/realm.json):`, verify: await jwksVerifier(kc.issuer), close: kc.stop };
  } catch (error) {
    await kc.stop();
    throw error;
  }
}

/**
 * @param {string} title
 * @param {Record<string, string>} inputs
 * @param {Record<string, string>} [display] how to show secret inputs
 */
async function step(title, inputs, display = {}) {
  console.log(`\n${bold(`── ${title}`)}`);
  console.log('with:');
  for (const [name, value] of Object.entries(inputs)) console.log(`  ${name}: ${display[name] ?? value}`);
  const result = await runStep(inputs, { cwd: ROOT });
  console.log('log:');
  for (const line of render(result.stdout).split('\n').filter(Boolean)) console.log(`  | ${line}`);
  console.log('outputs:');
  for (const [name, value] of Object.entries(result.outputs)) {
    const shown = /token$/.test(name) ? `*** (masked, ${value.length} characters)` : name === 'results' ? `${value.slice(0, 120)}…` : value;
    console.log(`  ${name}: ${shown.replace(/\n/g, ', ')}`);
  }
  if (result.summary) {
    console.log('job summary (Markdown):');
    for (const line of result.summary.split('\n').filter(Boolean)) console.log(`  # ${line}`);
  }
  // Only the token is a secret; the state file's path and the CLI's are shown as they are.
  for (const [name, value] of Object.entries(result.env)) console.log(`exported for later steps: ${name}=${name === 'DOTSTAT_ACCESS_TOKEN' ? '***' : value}`);
  if (result.code !== 0) throw new Error(`step "${title}" failed with exit code ${result.code}`);
  return result;
}

async function main() {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run npm run build');
  const idp = await identityProvider(process.argv.includes('--keycloak'));
  const transfer = await startTransfer({ verifyToken: idp.verify, scenario: () => ({ durationMs: 1500 }) });
  console.log(bold('dotstat-action demo'));
  console.log(`${idp.what.padEnd(44)} ${idp.issuer}`);
  console.log(`Local Transfer service simulator:             ${transfer.baseUrl}`);
  try {
    const first = await step(
      'Step 1: password grant (Direct Access Grants on client "app")',
      { authority: idp.issuer, username: 'alice', password: 'alice-password' },
      { password: '${{ secrets.DOTSTAT_PASSWORD }}' },
    );
    const second = await step(
      'Step 2: refresh grant with the stored (rotated) refresh token',
      { authority: idp.issuer, 'refresh-token': first.outputs['refresh-token'] ?? '' },
      { 'refresh-token': '${{ steps.token.outputs.refresh-token }}' },
    );
    await step(
      'Step 3: upload SDMX-CSV to the Transfer service and wait for the outcome',
      {
        authority: idp.issuer,
        'refresh-token': second.outputs['refresh-token'] ?? '',
        'transfer-url': transfer.baseUrl,
        dataspace: 'design',
        file: 'test/data/sample-sdmx-csv-*.csv',
        'poll-interval': '0.5',
      },
      { 'refresh-token': '${{ secrets.DOTSTAT_REFRESH_TOKEN }}' },
    );
    console.log(`\n${bold('Demo finished:')} a token was obtained, masked, exported and refreshed with the rotated refresh token;`);
    console.log('two SDMX-CSV files were uploaded, followed to their outcome, and reported.');
  } finally {
    await transfer.close();
    await idp.close();
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
