// @ts-check
/**
 * The Keycloak server distribution: the Maven artifact org.keycloak:keycloak-quarkus-dist (a zip),
 * fetched once with Maven and unpacked into `${XDG_CACHE_HOME:-~/.cache}/dotstat-action/`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The newest 26.x that Maven Central served when this was written (26.7.4 was never published there). */
export const DEFAULT_VERSION = '26.7.5';
/** Keyless sign-in (federated client authentication) is supported from 26.6 on. */
const OLDEST = [26, 6];
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

/** Keycloak cannot be had here (no Java, no Maven, nothing fetched, or it did not start); `message` says why. */
export class KeycloakUnavailable extends Error {}

/** Where a version is unpacked, outside the repository. @param {string} version */
export function distributionDir(version) {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'dotstat-action', `keycloak-${version}`);
}

/** Refuses what keyless sign-in cannot use: anything but 26.6 or a later 26.x. @param {string} version */
export function checkVersion(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major !== OLDEST[0] || minor < (OLDEST[1] ?? 0)) {
    throw new KeycloakUnavailable(`Keycloak ${version} is not supported here: use 26.6 or a later 26.x.`);
  }
}

/** The major version of the `java` that kc.sh will run, or a reason why there is none. */
export function javaMajor() {
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
    const mvn = spawnSync(
      'mvn',
      ['-q', '-B', `${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=org.keycloak:keycloak-quarkus-dist:${version}:zip`, `-DoutputDirectory=${work}`],
      { encoding: 'utf8' },
    );
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
