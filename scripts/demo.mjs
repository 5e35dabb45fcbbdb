#!/usr/bin/env node
// @ts-check
/**
 * `npm run demo`: the action's whole job, on this machine only. It starts the project's local
 * identity provider (Keycloak's protocol, paths and error bodies), runs the bundled action
 * (dist/index.js) the way the GitHub runner does, and shows what a user sees in the run's log.
 * No account, no network: everything listens on 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { startIdp } from '../test/fixtures/idp.mjs';
import { ACTION_ENTRY, render, runStep } from './lib/runner.mjs';

const bold = (/** @type {string} */ text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);

/**
 * @param {string} title
 * @param {Record<string, string>} inputs
 * @param {Record<string, string>} [display] how to show secret inputs
 */
async function step(title, inputs, display = {}) {
  console.log(`\n${bold(`── ${title}`)}`);
  console.log('with:');
  for (const [name, value] of Object.entries(inputs)) console.log(`  ${name}: ${display[name] ?? value}`);
  const result = await runStep(inputs);
  console.log('log:');
  for (const line of render(result.stdout).split('\n').filter(Boolean)) console.log(`  | ${line}`);
  console.log('outputs:');
  for (const [name, value] of Object.entries(result.outputs)) {
    console.log(`  ${name}: ${/token$/.test(name) ? `*** (masked, ${value.length} characters)` : value}`);
  }
  for (const name of Object.keys(result.env)) console.log(`exported for later steps: ${name}=***`);
  if (result.code !== 0) throw new Error(`step "${title}" failed with exit code ${result.code}`);
  return result;
}

async function main() {
  if (!existsSync(ACTION_ENTRY)) throw new Error('dist/index.js is missing: run npm run build');
  const idp = await startIdp({ realm: 'OECD' });
  console.log(bold('dotstat-action demo'));
  console.log(`Local identity provider (Keycloak protocol): ${idp.issuer}`);
  try {
    const first = await step(
      'Step 1: password grant (Direct Access Grants on client "app")',
      { authority: idp.issuer, username: 'alice', password: 'alice-password' },
      { password: '${{ secrets.DOTSTAT_PASSWORD }}' },
    );
    await step(
      'Step 2: refresh grant with the stored (rotated) refresh token',
      { authority: idp.issuer, 'refresh-token': first.outputs['refresh-token'] ?? '' },
      { 'refresh-token': '${{ steps.token.outputs.refresh-token }}' },
    );
    console.log(`\n${bold('Demo finished:')} a token was obtained, masked, exported, and refreshed with the rotated refresh token.`);
  } finally {
    await idp.close();
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
