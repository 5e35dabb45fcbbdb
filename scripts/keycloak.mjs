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
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(import.meta.dirname, '..');
/** The newest 26.x that Maven Central served when this was written (26.7.4 was never published there). */
export const DEFAULT_VERSION = '26.7.5';
/** Keyless sign-in (federated client authentication) is supported from 26.6 on. */
const OLDEST = [26, 6];
export const REALM_FILE = join(ROOT, 'test/keycloak/realm.json');
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
/** Small enough to sit beside the tests on two cores; C1 only, since startup dominates its life. */
const JAVA_HEAP = '-Xms64m -Xmx512m';
const JAVA_APPEND = '-XX:TieredStopAtLevel=1';

/** Keycloak cannot be had here (no Java, no Maven, nothing fetched, or it did not start); `message` says why. */
export class KeycloakUnavailable extends Error {}

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

/** @param {string} version */
export function distributionDir(version) {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'dotstat-action', `keycloak-${version}`);
}

/** @param {string} version */
function checkVersion(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major !== OLDEST[0] || minor < (OLDEST[1] ?? 0)) {
    throw new KeycloakUnavailable(`Keycloak ${version} is not supported here: use 26.6 or a later 26.x.`);
  }
}

/** The major version of the `java` that kc.sh will run, or a reason why there is none. */
function javaMajor() {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error) throw new KeycloakUnavailable(`Java is not installed (${java}: ${probe.error.message}); Keycloak needs Java 17 or later.`);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr);
  const major = match ? Number(match[1] === '1' ? match[2] : match[1]) : 0;
  if (major < 17) throw new KeycloakUnavailable(`Keycloak needs Java 17 or later; ${java} is ${match?.[0] ?? 'of an unknown version'}.`);
  return major;
}

/**
 * The unpacked distribution, fetched with Maven and unpacked on first use. Unpacking goes to a
 * temporary folder renamed into place, so a second process never sees half a distribution.
 * @param {string} version @param {(line: string) => void} log
 */
export function ensureDistribution(version, log = () => {}) {
  checkVersion(version);
  const home = distributionDir(version);
  if (existsSync(join(home, 'bin/kc.sh'))) return home;
  const work = `${home}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    log(`Fetching org.keycloak:keycloak-quarkus-dist:${version} with Maven…`);
    const mvn = spawnSync('mvn', ['-q', '-B', `${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=org.keycloak:keycloak-quarkus-dist:${version}:zip`, `-DoutputDirectory=${work}`], { encoding: 'utf8' });
    if (mvn.error) throw new KeycloakUnavailable(`Maven is not installed (mvn: ${mvn.error.message}); it fetches the Keycloak distribution.`);
    const zip = join(work, `keycloak-quarkus-dist-${version}.zip`);
    if (mvn.status !== 0 || !existsSync(zip)) {
      // eslint-disable-next-line no-control-regex -- Maven colours its lines even with -B
      const plain = `${mvn.stdout}\n${mvn.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
      const reason = plain.split('\n').find((line) => line.includes('ERROR')) ?? `exit status ${mvn.status}`;
      throw new KeycloakUnavailable(`Maven could not fetch keycloak-quarkus-dist ${version}: ${reason.trim()}`);
    }
    log(`Unpacking into ${home}…`);
    const unzip = spawnSync('unzip', ['-q', zip, '-d', work], { encoding: 'utf8' });
    if (unzip.error || unzip.status !== 0) throw new KeycloakUnavailable(`Could not unpack ${zip}: ${unzip.error?.message ?? unzip.stderr.trim()}`);
    try {
      renameSync(join(work, `keycloak-${version}`), home);
    } catch (error) {
      if (!existsSync(join(home, 'bin/kc.sh'))) throw error; // else another process was quicker
    }
    return home;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

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

/** The status and body of a GET, within 5 s; status 0 when nothing answered. @param {string} url @returns {Promise<{ status: number, body: string }>} */
function getText(url) {
  return new Promise((done) => {
    const req = get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      res.on('error', () => done({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done({ status: 0, body: '' }));
  });
}

/**
 * A verifier of the realm's access tokens, as a resource server checks them: the RS256 signature
 * against the realm's JWKS (fetched once), then `iss`, `typ` Bearer and `exp` still ahead.
 * It returns the claims, or null for a token that fails any check.
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.2
 * @param {string} issuer @returns {Promise<(token: string) => Record<string, unknown> | null>}
 */
export async function jwksVerifier(issuer) {
  const { status, body } = await getText(`${issuer}/protocol/openid-connect/certs`);
  if (status !== 200) throw new Error(`JWKS of ${issuer}: HTTP ${status}`);
  /** @type {Array<import('node:crypto').JsonWebKey & { kid?: string, alg?: string, use?: string }>} */
  const keys = JSON.parse(body).keys;
  const signing = new Map(keys.filter((k) => k.use === 'sig' && k.alg === 'RS256' && k.kid).map((k) => [k.kid, createPublicKey({ key: k, format: 'jwk' })]));
  if (signing.size === 0) throw new Error(`${issuer} publishes no RS256 signing key`);
  /** @param {string} part */
  const json = (part) => { try { return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')); } catch { return null; } };
  return (token) => {
    const [head, payload, signature, extra] = token.split('.');
    if (!head || !payload || !signature || extra !== undefined) return null;
    const header = json(head);
    const claims = json(payload);
    const key = header?.alg === 'RS256' ? signing.get(header.kid) : undefined;
    if (!key || !claims || !verify('RSA-SHA256', Buffer.from(`${head}.${payload}`), key, Buffer.from(signature, 'base64url'))) return null;
    if (claims.iss !== issuer || claims.typ !== 'Bearer') return null;
    return typeof claims.exp === 'number' && Date.now() < claims.exp * 1000 ? claims : null;
  };
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
  const args = ['start-dev', '--db=dev-file', '--http-host=127.0.0.1', `--http-port=${port}`,
    `--http-management-port=${await freePort()}`, ...(o.importRealm ? ['--import-realm'] : [])];
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
  void exited.then(() => { gone = true; });
  const killGroup = () => { try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ } };
  process.once('exit', killGroup);

  const stop = async () => {
    process.removeListener('exit', killGroup);
    if (!gone) {
      try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
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
