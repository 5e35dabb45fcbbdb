#!/usr/bin/env node
// @ts-check
/**
 * A real Keycloak on this machine, for the Keycloak test tier and for trying the action by hand.
 *
 * The server distribution is the Maven artifact org.keycloak:keycloak-quarkus-dist (a zip), fetched
 * once with Maven and unpacked into a cache folder outside the repository
 * (`${XDG_CACHE_HOME:-~/.cache}/dotstat-action/keycloak-<version>`). Each start is `bin/kc.sh
 * start-dev` on 127.0.0.1 with a free port, a database of its own (so every start begins from the
 * realm file alone: no sessions, lockouts or rotated tokens left from an earlier run) and the realm
 * imported from test/keycloak/realm.json (once per realm file; each start copies that database).
 *
 *   npm run keycloak               fetch if needed, start, print what to try, stop on Ctrl-C
 *   npm run keycloak -- --fetch    fetch, unpack and import only (CI does this before the tests)
 *
 * As a module: `startKeycloak()` resolves once the realm's discovery document answers, and its
 * `stop()` ends the whole process group (kc.sh and its JVM).
 */
import { resolve } from 'node:path';
import { DEFAULT_VERSION, KeycloakUnavailable, distributionDir } from './lib/keycloak-dist.mjs';
import { prepareKeycloak, startKeycloak } from './lib/keycloak-server.mjs';

export { DEFAULT_VERSION, KeycloakUnavailable } from './lib/keycloak-dist.mjs';
export { REALM_FILE, prepareKeycloak, startKeycloak } from './lib/keycloak-server.mjs';
export { jwksVerifier } from './lib/jwks.mjs';

/** `npm run keycloak`: start, say what to try, stop on Ctrl-C. */
async function main() {
  const args = process.argv.slice(2);
  const version = process.env.DOTSTAT_KEYCLOAK_VERSION || DEFAULT_VERSION;
  const log = (/** @type {string} */ line) => console.log(line);
  if (args.includes('--fetch')) {
    await prepareKeycloak(version, log);
    console.log(`Keycloak ${version} is ready to start: ${distributionDir(version)}`);
    return;
  }
  const portArg = args.indexOf('--port');
  const port = portArg >= 0 ? Number(args[portArg + 1]) : undefined;
  const kc = await startKeycloak({ version, port, log, adminPassword: process.env.DOTSTAT_KEYCLOAK_ADMIN_PASSWORD || undefined });
  const cli = `node dist/cli.js --authority ${kc.issuer}`;
  console.log(`
Realm ${kc.realm} (from test/keycloak/realm.json): authority ${kc.issuer}
  clients: app (public, Direct Access Grants), svc (service account, secret svc-secret), web (Direct Access Grants off)
  users:   alice (password alice-password); dave is disabled, carol has a required action pending
Try:
  DOTSTAT_USERNAME=alice DOTSTAT_PASSWORD=alice-password ${cli}
  DOTSTAT_CLIENT_SECRET=svc-secret ${cli} --client-id svc
Admin console: ${kc.url}/admin/ as admin (${process.env.DOTSTAT_KEYCLOAK_ADMIN_PASSWORD ? 'the password in DOTSTAT_KEYCLOAK_ADMIN_PASSWORD' : 'set DOTSTAT_KEYCLOAK_ADMIN_PASSWORD before starting to choose its password'}).
Ctrl-C stops it.`);
  await new Promise((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await kc.stop();
  console.log('Keycloak stopped.');
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  main().catch((error) => {
    console.error(error instanceof KeycloakUnavailable ? error.message : error);
    process.exit(1);
  });
}
