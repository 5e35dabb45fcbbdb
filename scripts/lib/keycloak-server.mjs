// @ts-check
/**
 * Starting and stopping Keycloak (`bin/kc.sh start-dev` on 127.0.0.1, a free port, a database of
 * its own), with the realm imported once per realm file into a database each start copies.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_VERSION, KeycloakUnavailable, checkVersion, ensureDistribution, javaMajor } from './keycloak-dist.mjs';
import { getText } from './jwks.mjs';

export const REALM_FILE = join(resolve(import.meta.dirname, '../..'), 'test/keycloak/realm.json');
/** Small enough to sit beside the tests on two cores; C1 only, since startup dominates its life. */
const JAVA_HEAP = '-Xms64m -Xmx512m';
const JAVA_APPEND = '-XX:TieredStopAtLevel=1';

/**
 * @typedef {object} StartOptions
 * @property {string} [version] default DOTSTAT_KEYCLOAK_VERSION or DEFAULT_VERSION
 * @property {string} [realmFile] default test/keycloak/realm.json
 * @property {number} [port] default a free one
 * @property {string} [adminPassword] creates the master realm's admin with it (a fresh import: slower); default none
 * @property {number} [readyTimeoutMs] default 240 000
 * @property {(line: string) => void} [log] progress lines; default none
 *
 * @typedef {object} Keycloak
 * @property {string} version
 * @property {string} url server root, http://127.0.0.1:PORT
 * @property {string} realm
 * @property {string} issuer the realm URL: the action's authority
 * @property {number} pid of the process group
 * @property {number} readyMs from spawn to the realm's discovery answering
 * @property {() => string} logTail the server's last lines
 * @property {() => Promise<void>} stop
 */

/** A port nobody listens on now, on 127.0.0.1. */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * @typedef {object} Launch
 * @property {string} home the distribution
 * @property {string} version
 * @property {string} realm
 * @property {string} dataDir where the H2 database lives (kc.db-url-path); removed by stop() unless `keep`
 * @property {boolean} importRealm
 * @property {number} [port]
 * @property {string} [adminPassword] creates the master realm's admin; only on a database's first start
 * @property {boolean} [keep] keep dataDir after stop()
 * @property {number} [readyTimeoutMs]
 * @property {(line: string) => void} log
 */

/**
 * Runs kc.sh start-dev in its own process group and resolves once the realm's discovery answers.
 * @param {Launch} o @returns {Promise<Keycloak>}
 */
async function launch(o) {
  const port = o.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    'start-dev',
    '--db=dev-file',
    '--http-host=127.0.0.1',
    `--http-port=${port}`,
    `--http-management-port=${await freePort()}`,
    ...(o.importRealm ? ['--import-realm'] : []),
  ];
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    JAVA_OPTS_KC_HEAP: process.env.JAVA_OPTS_KC_HEAP ?? JAVA_HEAP,
    JAVA_OPTS_APPEND: `${process.env.JAVA_OPTS_APPEND ?? JAVA_APPEND} -Dkc.db-url-path=${o.dataDir}`,
  };
  if (o.adminPassword) Object.assign(env, { KC_BOOTSTRAP_ADMIN_USERNAME: 'admin', KC_BOOTSTRAP_ADMIN_PASSWORD: o.adminPassword });
  const started = Date.now();
  o.log(`Starting Keycloak ${o.version} on ${url}…`);
  // Its own process group, so stop() ends kc.sh and the JVM it starts (or re-executes) together.
  const child = spawn(join(o.home, 'bin/kc.sh'), args, { cwd: o.home, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid ?? 0;
  /** @type {string[]} */
  const lines = [];
  const keep = (/** @type {Buffer} */ chunk) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  /** @type {Promise<number | null>} */
  const exited = new Promise((done) => child.once('close', (code) => done(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const killGroup = () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killGroup);

  const stop = async () => {
    process.removeListener('exit', killGroup);
    if (!gone) {
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(killGroup, 15_000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(); // anything of the group that outlived kc.sh
    if (!o.keep) rmSync(o.dataDir, { recursive: true, force: true });
  };
  const logTail = () => lines.slice(-20).join('\n');

  const issuer = `${url}/realms/${encodeURIComponent(o.realm)}`;
  const deadline = started + (o.readyTimeoutMs ?? 240_000);
  while (!gone && Date.now() < deadline) {
    if ((await getText(`${issuer}/.well-known/openid-configuration`)).status === 200) {
      const readyMs = Date.now() - started;
      o.log(`Keycloak ${o.version} ready in ${(readyMs / 1000).toFixed(1)} s.`);
      return { version: o.version, url, realm: o.realm, issuer, pid, readyMs, logTail, stop };
    }
    await sleep(250);
  }
  const why = gone ? `exited with status ${await exited}` : `was not ready after ${Math.round((Date.now() - started) / 1000)} s`;
  await stop();
  throw new KeycloakUnavailable(`Keycloak ${o.version} ${why}. Its last lines:\n${logTail()}`);
}

/** Puts the realm file where --import-realm reads it, whole (written, then renamed). @param {string} home @param {string} realmFile @param {string} realm */
function placeRealm(home, realmFile, realm) {
  mkdirSync(join(home, 'data/import'), { recursive: true });
  const imported = join(home, 'data/import', `${realm}-realm.json`);
  writeFileSync(`${imported}.${process.pid}`, readFileSync(realmFile));
  renameSync(`${imported}.${process.pid}`, imported);
}

/**
 * A database with the realm imported, made once per distribution and realm file: importing takes
 * most of a start (schema, master realm, the realm: 30 s or more on two cores), so each start
 * copies this one instead. It holds no admin user, hence no password.
 * @param {string} home @param {string} version @param {string} realmFile @param {string} realm @param {(line: string) => void} log
 */
async function ensureSeed(home, version, realmFile, realm, log) {
  const hash = createHash('sha256').update(readFileSync(realmFile)).digest('hex').slice(0, 12);
  const seed = `${home}-realm-${hash}`;
  if (existsSync(join(seed, 'data/h2/keycloakdb.mv.db'))) return seed;
  const partial = `${seed}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  placeRealm(home, realmFile, realm);
  log(`Importing ${realmFile} into a new database (once for this realm file)…`);
  try {
    const kc = await launch({ home, version, realm, dataDir: partial, importRealm: true, keep: true, log });
    await kc.stop();
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  rmSync(join(partial, 'data/h2/keycloakdb.trace.db'), { force: true });
  try {
    renameSync(partial, seed);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(seed, 'data/h2/keycloakdb.mv.db'))) throw error; // else another process was quicker
  }
  return seed;
}

/**
 * Starts Keycloak and resolves once the realm's discovery document answers. Each start gets its
 * own copy of the imported database, removed by stop(): no session, lockout or rotated token of
 * an earlier run is left. With `adminPassword` it imports afresh instead (slower), since Keycloak
 * creates its bootstrap admin only in a new database.
 * @param {StartOptions} [options] @returns {Promise<Keycloak>}
 */
export async function startKeycloak(options = {}) {
  const log = options.log ?? (() => {});
  const version = options.version ?? (process.env.DOTSTAT_KEYCLOAK_VERSION || DEFAULT_VERSION);
  checkVersion(version);
  javaMajor();
  const home = ensureDistribution(version, log);
  const realmFile = options.realmFile ?? REALM_FILE;
  const realm = String(JSON.parse(readFileSync(realmFile, 'utf8')).realm);
  const dataDir = mkdtempSync(join(tmpdir(), 'dotstat-keycloak-'));
  const common = { home, version, realm, dataDir, port: options.port, readyTimeoutMs: options.readyTimeoutMs, log };
  try {
    if (options.adminPassword) {
      placeRealm(home, realmFile, realm);
      return await launch({ ...common, importRealm: true, adminPassword: options.adminPassword });
    }
    cpSync(await ensureSeed(home, version, realmFile, realm, log), dataDir, { recursive: true });
    return await launch({ ...common, importRealm: false });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Fetches, unpacks and imports the realm once, so that a later start is quick (CI does this first). @param {string} version @param {(line: string) => void} log */
export async function prepareKeycloak(version, log) {
  checkVersion(version);
  javaMajor();
  const home = ensureDistribution(version, log);
  const realm = String(JSON.parse(readFileSync(REALM_FILE, 'utf8')).realm);
  return ensureSeed(home, version, REALM_FILE, realm, log);
}
