#!/usr/bin/env node
// @ts-check
/**
 * Starts the local identity provider (and, when present, the Transfer simulator) and keeps them
 * running until killed; writes their addresses as JSON to --state FILE. Used by the self-test
 * workflow and the GitLab pipeline test, which run the action against them.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startIdp } from '../test/fixtures/idp.mjs';

const { values } = parseArgs({ options: { state: { type: 'string' }, realm: { type: 'string', default: 'dotstat' } } });
const idp = await startIdp({ realm: values.realm });
const state = { issuer: idp.issuer, tokenEndpoint: idp.tokenEndpoint };
const text = JSON.stringify(state, null, 2);
if (values.state) writeFileSync(values.state, text);
else console.log(text);
const stop = async () => {
  await idp.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
