#!/usr/bin/env node
// @ts-check
/**
 * Starts the local identity provider and the Transfer simulator, and keeps them
 * running until killed; writes their addresses as JSON to --state FILE. Used by the self-test
 * workflow and the GitLab pipeline test, which run the action against them.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startIdp } from '../test/fixtures/idp.mjs';
import { startTransfer } from '../test/fixtures/transfer.mjs';

const { values } = parseArgs({ options: { state: { type: 'string' }, realm: { type: 'string', default: 'dotstat' } } });
const idp = await startIdp({ realm: values.realm });
const transfer = await startTransfer({ verifyToken: (token) => idp.verifyAccessToken(token) });
const state = { issuer: idp.issuer, tokenEndpoint: idp.tokenEndpoint, transferUrl: transfer.baseUrl };
const text = JSON.stringify(state, null, 2);
if (values.state) writeFileSync(values.state, text);
else console.log(text);
const stop = async () => {
  await transfer.close();
  await idp.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
