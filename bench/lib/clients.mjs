// @ts-check
/**
 * The three ways of sending one file to the Transfer simulator that the benchmark compares: the
 * action itself (dist/index.js, run as the runner runs it), curl (the machine's practical limit)
 * and Python requests (the official .Stat example, which reads the whole body into memory).
 * Each run reports wall time, peak RSS and, from the simulator's own log, how long the upload
 * itself took (request arrival to body read and request registered).
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/runner.mjs';
import { passwordToken, stepEnv, uploadInputs, USER } from './fixtures.mjs';
import { cleanEnv, timed } from './proc.mjs';

/**
 * @typedef {object} Run
 * @property {number} wallMs
 * @property {number} rssKiB
 * @property {number} cpuMs user + system CPU of the client process
 * @property {number} uploadMs request arrival at the simulator → request registered
 * @property {number} [tokenMs] the action only: spawn → token answered (start-up, discovery, grant)
 * @property {number} [prepareMs] the action only: token answered → upload request arrives (building the request, connecting; zipping first with compress zip)
 * @property {number} [waitMs] the action only: registered → process exit (one or more polls, the report)
 * @property {number} sentBytes bytes of the file part the simulator received
 */

/**
 * @typedef {object} Services
 * @property {import('../../test/fixtures/idp.mjs').Idp} idp
 * @property {import('../../test/fixtures/transfer.mjs').Transfer} transfer
 * @property {string} scratch
 * @property {string} entry the action's bundle (a copy of dist/index.js)
 * @property {import('./proc.mjs').Wrap} wrap how client commands are started
 */

const PYTHON = `import os, sys, requests
url, path = sys.argv[1], sys.argv[2]
headers = {'Authorization': 'Bearer ' + os.environ['DOTSTAT_TOKEN']}
with open(path, 'rb') as f:
    r = requests.post(url, files={'file': f}, data={'dataspace': 'design'}, headers=headers)
print(r.status_code, r.text)
sys.exit(0 if r.ok else 1)
`;

/** Whether Python's requests can be imported here; the reason when not. */
export function pythonRequests() {
  try {
    const version = execFileSync('python3', ['-c', 'import requests; print(requests.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    return { ok: true, version };
  } catch (error) {
    return {
      ok: false,
      version: '',
      reason: String(/** @type {any} */ (error).stderr ?? error)
        .trim()
        .split('\n')
        .pop(),
    };
  }
}

/**
 * What the simulator saw of the last upload; its stored copy is removed (1 GB each).
 * @param {Services} s
 * @param {number} before transfer.requests.length before the run
 */
async function lastUpload(s, before) {
  const arrived = s.transfer.requests.slice(before).find((r) => /\/(import|validate)\/sdmxfile/i.test(r.path));
  const upload = s.transfer.uploads.at(-1);
  if (!arrived || !upload || upload.registeredAt < arrived.at) throw new Error('the simulator registered no upload for this run');
  if (upload.file) await unlink(upload.file.path).catch(() => undefined);
  return { arrivedAt: arrived.at, registeredAt: upload.registeredAt, sentBytes: upload.file?.size ?? 0 };
}

/**
 * @param {Services} s
 * @param {string} file
 * @param {'none' | 'zip'} compress
 * @param {readonly string[]} [nodeArgs] e.g. a V8 flag under test
 * @returns {Promise<Run>}
 */
export async function runAction(s, file, compress, nodeArgs = []) {
  const step = stepEnv(s.scratch, uploadInputs(s.idp, s.transfer.baseUrl, file, { compress }));
  const before = s.transfer.requests.length;
  const idpBefore = s.idp.requests.length;
  const result = await timed(...s.wrap([process.execPath, ...nodeArgs, s.entry]), { env: step.env, cwd: step.dir, scratch: s.scratch });
  const outputs = step.outputs();
  rmSync(step.dir, { recursive: true, force: true });
  if (result.code !== 0 || outputs.outcome !== 'Success') {
    throw new Error(`the action failed (exit ${result.code}, outcome ${outputs.outcome}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  }
  const seen = await lastUpload(s, before);
  const token = s.idp.requests.slice(idpBefore).find((r) => r.path.endsWith('/token'));
  const tokenAt = (token?.at ?? seen.arrivedAt) + 1; // the IdP logs arrival; its answer takes < 1 ms
  const exitEpoch = result.startedEpoch + result.wallMs;
  return {
    wallMs: result.wallMs,
    rssKiB: result.rssKiB,
    cpuMs: result.cpuMs,
    uploadMs: seen.registeredAt - seen.arrivedAt,
    tokenMs: tokenAt - result.startedEpoch,
    prepareMs: seen.arrivedAt - tokenAt,
    waitMs: exitEpoch - seen.registeredAt,
    sentBytes: seen.sentBytes,
  };
}

/**
 * A peer's run (curl, the curl job, Python), timed by /usr/bin/time, with what the simulator saw.
 * @param {{ wallMs: number, rssKiB: number, cpuMs: number }} result
 * @param {{ arrivedAt: number, registeredAt: number, sentBytes: number }} seen
 * @returns {Run}
 */
function peerRun(result, seen) {
  return { wallMs: result.wallMs, rssKiB: result.rssKiB, cpuMs: result.cpuMs, uploadMs: seen.registeredAt - seen.arrivedAt, sentBytes: seen.sentBytes };
}

/**
 * @param {Services} s
 * @param {string} file
 * @returns {Promise<Run>}
 */
export async function runCurl(s, file) {
  const headerFile = join(s.scratch, 'curl-auth-header');
  writeFileSync(headerFile, `Authorization: Bearer ${await passwordToken(s.idp)}\n`, { mode: 0o600 });
  const before = s.transfer.requests.length;
  const url = `${s.transfer.baseUrl}/import/sdmxFile`;
  // -H @file keeps the token out of the process list.
  const args = ['-sS', '--fail-with-body', '-F', 'dataspace=design', '-F', `file=@${file}`, '-H', `@${headerFile}`, url];
  const result = await timed(...s.wrap(['curl', ...args]), { env: cleanEnv(), cwd: ROOT, scratch: s.scratch });
  rmSync(headerFile, { force: true });
  if (result.code !== 0) throw new Error(`curl failed (exit ${result.code}): ${result.stdout}${result.stderr}`);
  const seen = await lastUpload(s, before);
  return peerRun(result, seen);
}

/**
 * The same job as the action's, by hand with curl, as a team's script would do it: a password
 * grant at the token endpoint, the upload, and one status request after the same 0.1 s interval.
 * No discovery, no retries, no checks: the least a script can do and still know the outcome.
 */
const CURL_JOB = `set -eu
token=$(curl -sS --fail-with-body -d grant_type=password -d client_id=app --data-urlencode "username=$JOB_USER" --data-urlencode "password=$JOB_PASSWORD" "$JOB_TOKEN_URL" | sed -n 's/.*"access_token":"\\([^"]*\\)".*/\\1/p')
answer=$(printf 'Authorization: Bearer %s\\n' "$token" | curl -sS --fail-with-body -H @- -F dataspace=design -F "file=@$JOB_FILE" "$JOB_TRANSFER/import/sdmxFile")
id=$(printf '%s' "$answer" | grep -oE 'ID:? [0-9]+' | grep -oE '[0-9]+' | head -n 1)
sleep 0.1
printf 'Authorization: Bearer %s\\n' "$token" | curl -sS --fail-with-body -H @- -d dataspace=design -d "id=$id" "$JOB_TRANSFER/status/request" > /dev/null
`;

/**
 * @param {Services} s
 * @param {string} file
 * @returns {Promise<Run>}
 */
export async function runCurlJob(s, file) {
  const before = s.transfer.requests.length;
  const env = cleanEnv({
    JOB_USER: USER.username,
    JOB_PASSWORD: USER.password,
    JOB_TOKEN_URL: s.idp.tokenEndpoint,
    JOB_TRANSFER: s.transfer.baseUrl,
    JOB_FILE: file,
  });
  const result = await timed(...s.wrap(['bash', '-c', CURL_JOB]), { env, cwd: ROOT, scratch: s.scratch });
  if (result.code !== 0) throw new Error(`the curl job failed (exit ${result.code}): ${result.stdout}${result.stderr}`);
  const seen = await lastUpload(s, before);
  if (!s.transfer.requests.slice(before).some((r) => r.path.endsWith('/status/request'))) throw new Error('the curl job made no status request');
  return peerRun(result, seen);
}

/**
 * @param {Services} s
 * @param {string} file
 * @returns {Promise<Run>}
 */
export async function runPython(s, file) {
  const script = join(s.scratch, 'upload_requests.py');
  writeFileSync(script, PYTHON);
  const before = s.transfer.requests.length;
  const env = cleanEnv({ DOTSTAT_TOKEN: await passwordToken(s.idp) });
  const result = await timed(...s.wrap(['python3', script, `${s.transfer.baseUrl}/import/sdmxFile`, file]), { env, cwd: ROOT, scratch: s.scratch });
  if (result.code !== 0) throw new Error(`python requests failed (exit ${result.code}): ${result.stdout}${result.stderr}`);
  const seen = await lastUpload(s, before);
  return peerRun(result, seen);
}

/**
 * A token-only run (no file): what the action holds without an upload.
 * @param {Services} s
 * @param {readonly string[]} [nodeArgs]
 */
export async function runTokenOnly(s, nodeArgs = []) {
  const step = stepEnv(s.scratch, { authority: s.idp.issuer, ...USER });
  const result = await timed(...s.wrap([process.execPath, ...nodeArgs, s.entry]), { env: step.env, cwd: step.dir, scratch: s.scratch });
  const outputs = step.outputs();
  rmSync(step.dir, { recursive: true, force: true });
  if (result.code !== 0 || !outputs['access-token']) throw new Error(`the token-only run failed (exit ${result.code}):\n${result.stdout.slice(-2000)}`);
  return { wallMs: result.wallMs, rssKiB: result.rssKiB };
}

/**
 * Peak RSS and wall time of any node command (the floor bundle, `node -e 0`).
 * @param {Services} s
 * @param {readonly string[]} nodeArgs
 */
export async function runNode(s, nodeArgs) {
  const result = await timed(...s.wrap([process.execPath, ...nodeArgs]), { env: cleanEnv({ HOME: s.scratch }), cwd: s.scratch, scratch: s.scratch });
  if (result.code !== 0) throw new Error(`node ${nodeArgs.join(' ')} failed (exit ${result.code}): ${result.stderr.slice(-500)}`);
  return { wallMs: result.wallMs, rssKiB: result.rssKiB };
}
