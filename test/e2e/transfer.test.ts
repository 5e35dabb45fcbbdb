/**
 * dist/index.js run as the runner runs it, uploading to the Transfer simulator with a token from
 * the Keycloak-faithful identity provider: outputs, job summary, log groups and annotations,
 * retries, polling faults, token renewal, deadline and cancellation. Every run is leak-scanned for
 * the password and every token that crossed the wire.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type Idp } from '../fixtures/idp.mjs';
import { startTransfer, type Transfer, type Upload } from '../fixtures/transfer.mjs';
import { ROOT, expectNoLeaks, expectNoWorkflowCommands, runAction, type RunOptions, type RunResult } from '../support/harness.js';

const PASSWORD = 'alice-password';
const TOKEN_OUTPUTS = { outputs: ['access-token', 'refresh-token', 'id-token'], env: ['DOTSTAT_ACCESS_TOKEN'] };
const CSV1 = 'data/sample-sdmx-csv-1.0.csv';
const CSV2 = 'data/sample-sdmx-csv-2.0.csv';
const COUNT_LINE = '12 observations have been processed, of which 12 observations were inserts, 0 observations were updates and 0 observations were deletions.';

let idp: Idp;
let transfer: Transfer;
/** The working directory of every run: data/ (the two samples), more/ (xml, zip), empty.csv. */
let work: string;

beforeAll(async () => {
  idp = await startIdp();
  transfer = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t), forbiddenDataspaces: ['stable'] });
  work = mkdtempSync(join(tmpdir(), 'dotstat-e2e-transfer-'));
  mkdirSync(join(work, 'data'));
  mkdirSync(join(work, 'more'));
  for (const name of [CSV1, CSV2]) copyFileSync(join(ROOT, 'test', name), join(work, name));
  writeFileSync(
    join(work, 'more/sample.xml'),
    '<?xml version="1.0" encoding="utf-8"?>\n<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"/>\n',
  );
  writeFileSync(join(work, 'more/sample.zip'), zipOf('sample.csv', readFileSync(join(work, CSV1))));
  writeFileSync(join(work, 'empty.csv'), '');
});
afterEach(() => transfer.setScenario(() => ({})));
afterAll(async () => {
  await transfer.close();
  await idp.close();
  rmSync(work, { recursive: true, force: true });
});

/** A zip with one stored entry, as `zip -0` writes it. */
function zipOf(name: string, data: Buffer): Buffer {
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(local.length + fileName.length + data.length, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

const sha256 = (path: string) =>
  createHash('sha256')
    .update(readFileSync(join(work, path)))
    .digest('hex');
const sizeOf = (path: string) => readFileSync(join(work, path)).length;

interface Servers {
  readonly idp: Idp;
  readonly transfer: Transfer;
}

interface Run {
  readonly result: RunResult;
  /** What reached the simulator and the IdP during this run. */
  readonly requests: Transfer['requests'];
  readonly uploads: Upload[];
  readonly idpRequests: Idp['requests'];
  readonly statusPolls: number;
}

/**
 * Runs dist/index.js with the password grant against the servers, then scans everything it wrote
 * for the password and for every token that crossed the wire (masked ones, bearer tokens seen by
 * the simulator, refresh tokens sent to the IdP).
 */
async function act(extra: Record<string, string>, options: RunOptions & { servers?: Servers } = {}): Promise<Run> {
  const { servers = { idp, transfer }, ...runOptions } = options;
  const t = servers.transfer;
  const marks = { requests: t.requests.length, uploads: t.uploads.length, idp: servers.idp.requests.length, polls: t.statusPolls };
  const inputs = {
    authority: servers.idp.issuer,
    username: 'alice',
    password: PASSWORD,
    'transfer-url': t.url,
    dataspace: 'design',
    'poll-interval': '0.1',
    ...extra,
  };
  const result = await runAction(inputs, { cwd: work, ...runOptions });
  const requests = t.requests.slice(marks.requests);
  const idpRequests = servers.idp.requests.slice(marks.idp);
  const masked = result.stdout.split('\n').flatMap((line) => (line.startsWith('::add-mask::') ? [line.slice('::add-mask::'.length)] : []));
  const bearer = requests.map((r) => /^Bearer (\S+)$/.exec(String(r.headers.authorization ?? ''))?.[1]);
  const refresh = idpRequests.map((r) => r.form.refresh_token);
  const secrets = [PASSWORD, ...masked.filter((m) => m !== 'alice'), ...bearer, ...refresh].filter((s): s is string => Boolean(s));
  expect(bearer.filter(Boolean).length, 'the simulator saw no bearer token').toBeGreaterThan(0);
  expectNoLeaks(result, secrets, TOKEN_OUTPUTS);
  return { result, requests, uploads: t.uploads.slice(marks.uploads), idpRequests, statusPolls: t.statusPolls - marks.polls };
}

/** The lines inside each ::group::, by title. */
function groups(stdout: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('::group::')) found.set(line.slice('::group::'.length), (current = []));
    else if (line === '::endgroup::') current = undefined;
    else current?.push(line);
  }
  return found;
}

interface ResultJson {
  file: string;
  size: number | null;
  requestId: number | null;
  executionStatus: string | null;
  outcome: string | null;
  verdict: string;
  executionStart: string | null;
  executionEnd: string | null;
  durationSeconds: number | null;
  observationsProcessed: number | null;
  error: string | null;
  logs: Array<{ level: string | null; date: string | null; message: string }>;
}

const resultsOf = (result: RunResult) => JSON.parse(result.outputs.results ?? 'null') as ResultJson[];
const importsOf = (requests: Transfer['requests']) => requests.filter((r) => /\/(import|validate)\/sdmxFile$/.test(r.path));
const statusRequestsOf = (requests: Transfer['requests']) => requests.filter((r) => r.path.endsWith('/status/request'));
const fileOf = (upload: Upload | undefined) => upload?.file?.filename;

describe('upload and wait', () => {
  it('upload-concurrency: at most that many at once, results, outputs and log in the order of the files', async () => {
    const far = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t), latencyMs: 300, scenario: () => ({ durationMs: 50 }) });
    try {
      const names = Array.from({ length: 7 }, (_, i) => `many-${i}.csv`);
      mkdirSync(join(work, 'many'), { recursive: true });
      for (const name of names) copyFileSync(join(work, CSV1), join(work, 'many', name));
      const files = names.map((name) => `many/${name}`);
      const started = Date.now();
      const { result, uploads } = await act({ file: files.join('\n'), 'upload-concurrency': '3', wait: 'false' }, { servers: { idp, transfer: far } });
      const elapsed = Date.now() - started;
      expect(result.code, result.stdout).toBe(0);
      expect(far.peakUploads).toBe(3);
      // 7 uploads 300 ms away, 3 at once: three rounds, not seven.
      expect(elapsed).toBeLessThan(7 * 300);
      const byFile = files.map((file) => uploads.find((u) => fileOf(u) === file.split('/').pop())?.id);
      expect(result.outputs['request-id']).toBe(byFile.join('\n'));
      expect(resultsOf(result).map((r) => [r.file, r.requestId])).toEqual(files.map((file, i) => [file, byFile[i]]));
      // The log reads as if one after another: each file's 'Uploading' line, then its registration.
      const lines = result.stdout.split('\n').filter((line) => /^(Uploading|Request \d+ registered)/.test(line));
      expect(lines.map((line) => line.replace(/ \(.*$|: .*$|…$/, ''))).toEqual(
        files.flatMap((file, i) => [`Uploading ${file}`, `Request ${byFile[i]} registered for ${file}`]),
      );
    } finally {
      await far.close();
    }
  });

  it('several files (glob + list): uploaded as sent, waited, outputs, summary, log groups', async () => {
    const { result, uploads: received } = await act({ file: 'data/*.csv\nmore/sample.xml\n\nmore/sample.zip' });
    expect(result.code, result.stdout).toBe(0);
    const files = [CSV1, CSV2, 'more/sample.xml', 'more/sample.zip'];
    // Uploaded at once (upload-concurrency 4): the simulator registers them in the order they arrive; here, in the files' order.
    const uploads = files.map((file) => received.find((u) => fileOf(u) === file.split('/').pop()) as Upload);
    expect(received).toHaveLength(4);

    // What the simulator received: every file once, byte for byte, with its content type.
    expect(uploads.map(fileOf)).toEqual(['sample-sdmx-csv-1.0.csv', 'sample-sdmx-csv-2.0.csv', 'sample.xml', 'sample.zip']);
    expect(uploads.map((u) => u.file?.sha256)).toEqual(files.map(sha256));
    expect(uploads.map((u) => u.file?.size)).toEqual(files.map(sizeOf));
    expect(uploads.map((u) => u.file?.contentType)).toEqual(['text/csv', 'text/csv', 'text/xml', 'application/zip']);
    expect(uploads.map((u) => u.endpoint)).toEqual(['import', 'import', 'import', 'import']);
    expect(uploads[0]?.fields).toMatchObject({ dataspace: 'design', validationType: '0', targetVersion: '0', restorationOptionRequired: 'false' });
    expect(uploads[0]?.fields).not.toHaveProperty('PITReleaseDate');
    const ids = uploads.map((u) => u.id);

    // Outputs: one id per line, the worst status and outcome, a JSON result per request.
    expect(result.outputs['request-id']).toBe(ids.join('\n'));
    expect(result.outputs['execution-status']).toBe('Completed');
    expect(result.outputs.outcome).toBe('Success');
    const results = resultsOf(result);
    expect(results.map((r) => [r.file, r.size, r.requestId, r.executionStatus, r.outcome, r.verdict, r.error])).toEqual(
      files.map((file, i) => [file, sizeOf(file), ids[i], 'Completed', 'Success', 'success', null]),
    );
    expect(results.map((r) => r.observationsProcessed)).toEqual([12, 12, null, 12]);
    for (const r of results) {
      expect(Date.parse(r.executionEnd!)).toBeGreaterThanOrEqual(Date.parse(r.executionStart!));
      expect(r.durationSeconds).toBeGreaterThan(0);
      expect(r.logs[0]).toMatchObject({ level: 'NOTICE', message: 'Request received: import into dataspace design.' });
    }
    expect(results[0]?.logs.map((l) => l.message)).toContain(COUNT_LINE);

    // The log: a group per file holding its Transfer log lines.
    const logGroups = groups(result.stdout);
    files.forEach((file, i) => {
      const lines = logGroups.get(`Transfer log: ${file} (request ${ids[i]}, Completed/Success)`);
      expect(lines, `no group for ${file}:\n${result.stdout}`).toBeDefined();
      expect(lines?.[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[NOTICE\] Request received: import into dataspace design\.$/);
      expect(lines?.[1]).toContain(i === 2 ? '[NOTICE] The data has been processed.' : `[NOTICE] ${COUNT_LINE}`);
    });
    expect(result.stdout).toContain('All 4 requests finished.');
    expect(result.stdout).not.toMatch(/^::(warning|error)/m);

    // The job summary: one table, a row per file; its durations are the results output's.
    expect(result.summary).toContain('### .Stat Import into `design`');
    expect(result.summary).toContain('| | file | size | request | status | outcome | duration | observations |');
    expect(result.summary).toMatch(
      new RegExp(
        `^\\| ✅ \\| data/sample-sdmx-csv-1\\.0\\.csv \\| 1\\.1 KB \\| ${ids[0]} \\| Completed \\| Success \\| ${results[0]!.durationSeconds} s \\| 12 \\| 2 \\|$`,
        'm',
      ),
    );
    expect(result.summary).toMatch(
      new RegExp(`^\\| ✅ \\| more/sample\\.xml \\| \\d+ B \\| ${ids[2]} \\| Completed \\| Success \\| ${results[2]!.durationSeconds} s \\|  \\| 2 \\|$`, 'm'),
    );
    expect(result.summary).toContain(`<details><summary>more/sample.zip — request ${ids[3]}</summary>`);
    expect(result.summary).toContain(`- \`NOTICE\` ${COUNT_LINE}`);
  });

  it('the multipart body is sent with its exact Content-Length, not chunked', async () => {
    const { result, requests, uploads } = await act({ file: CSV1, wait: 'false' });
    expect(result.code, result.stdout).toBe(0);
    const [post] = importsOf(requests);
    expect(post?.headers['transfer-encoding']).toBeUndefined();
    const boundary = /boundary=(\S+)/.exec(String(post?.headers['content-type']))?.[1];
    expect(boundary).toBeTruthy();
    // The length of the body as RFC 7578 lays it out, from what the simulator parsed out of it.
    const upload = uploads[0]!;
    const fields = Object.entries(upload.fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sample-sdmx-csv-1.0.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const expected = Buffer.byteLength(fields.join('') + fileHead) + sizeOf(CSV1) + Buffer.byteLength(`\r\n--${boundary}--\r\n`);
    expect(post?.headers['content-length']).toBe(String(expected));
    expect(upload.file?.sha256).toBe(sha256(CSV1));
  });
});

describe('outcomes', () => {
  it('Warning passes with a warning annotation', async () => {
    transfer.setScenario(() => ({ outcome: 'Warning' }));
    const { result, uploads } = await act({ file: CSV1 });
    expect(result.code, result.stdout).toBe(0);
    const id = uploads[0]?.id;
    expect(result.stdout).toContain(
      `::warning title=Import finished with warnings::Request ${id} (${CSV1}) finished with outcome Warning: see its Transfer log.`,
    );
    expect(result.stdout).toContain(`::warning title=Transfer warning%3A ${CSV1}::Some attributes were not stored (simulated warning).`);
    expect(result.outputs.outcome).toBe('Warning');
    expect(result.outputs['execution-status']).toBe('Completed');
    expect(result.stdout).toContain('All 1 request finished, 1 with warnings.');
  });

  it('Warning w/ fail-on-warning fails the step', async () => {
    transfer.setScenario(() => ({ outcome: 'Warning' }));
    const { result, uploads } = await act({ file: CSV1, 'fail-on-warning': 'true' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error::1 of 1 request failed:%0A- Request ${uploads[0]?.id} (${CSV1}) finished with outcome Warning (fail-on-warning is set).`,
    );
    expect(result.outputs.outcome).toBe('Warning');
  });

  it('Error fails the step; the Transfer log ERROR line is an error annotation too', async () => {
    transfer.setScenario(() => ({ outcome: 'Error' }));
    const { result, uploads } = await act({ file: CSV1 });
    expect(result.code).toBe(1);
    const id = uploads[0]?.id;
    const errorLine = 'The import request ended with status Completed and outcome Error (simulated failure).';
    expect(groups(result.stdout).get(`Transfer log: ${CSV1} (request ${id}, Completed/Error)`)?.join('\n')).toContain(`[ERROR] ${errorLine}`);
    expect(result.stdout).toContain(`::error title=Transfer error%3A ${CSV1}::${errorLine}`);
    expect(result.stdout).toContain(
      `::error::1 of 1 request failed:%0A- Request ${id} (${CSV1}): the import ended with outcome Error: see the Transfer log below.`,
    );
    expect(result.outputs).toMatchObject({ 'request-id': String(id), 'execution-status': 'Completed', outcome: 'Error' });
    expect(resultsOf(result)[0]).toMatchObject({ verdict: 'failed', outcome: 'Error' });
    expect(result.summary).toContain(`| ❌ | ${CSV1} |`);
  });

  const terminal: Array<[string, string]> = [
    ['TimedOut', 'the import timed out on the Transfer service (execution status TimedOut); large files may need the operator to raise its time limit'],
    ['Canceled', 'the import was cancelled on the Transfer service (execution status Canceled)'],
    ['Archived', "the request ended in an unknown state (execution status 'Archived', outcome 'Error')"],
  ];
  for (const [executionStatus, reason] of terminal) {
    it(`terminal status ${executionStatus} fails the step`, async () => {
      transfer.setScenario(() => ({ executionStatus }));
      const { result, uploads } = await act({ file: CSV2 });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`- Request ${uploads[0]?.id} (${CSV2}): ${reason}.`);
      expect(result.outputs['execution-status']).toBe(executionStatus);
    });
  }

  it('two files, the first rejected at once (400): both reported, the second still uploaded, the step fails at the end', async () => {
    const reason = 'Dataflow OECD.SDD.NAD:DSD_NAMAIN1@DF_QNA_EXPENDITURE(1.0) was not found in data space design.';
    transfer.setScenario((upload) => (upload.file?.filename === 'sample-sdmx-csv-1.0.csv' ? { reject: reason } : {}));
    const { result, uploads, requests } = await act({ file: `${CSV1}\n${CSV2}` });
    expect(result.code).toBe(1);
    expect(importsOf(requests).map((r) => r.status)).toEqual([400, 200]);
    expect(uploads.map(fileOf)).toEqual(['sample-sdmx-csv-2.0.csv']);
    const id = uploads[0]?.id;
    expect(result.stdout).toContain(
      `::error title=Upload failed%3A ${CSV1}::Uploading ${CSV1}: ${transfer.url}/3/import/sdmxFile answered HTTP 400 (text/plain: "${reason}").`,
    );
    expect(result.stdout).toMatch(new RegExp(`::error::1 of 2 requests failed:%0A- Uploading ${CSV1.replace(/\./g, '\\.')}: .*HTTP 400`));
    expect(result.outputs['request-id']).toBe(String(id));
    expect(result.outputs['execution-status']).toBe('NotRegistered');
    const results = resultsOf(result);
    expect(results.map((r) => [r.file, r.requestId, r.verdict])).toEqual([
      [CSV1, null, 'failed'],
      [CSV2, id, 'success'],
    ]);
    expect(results[0]?.error).toContain(reason);
    expect(result.summary).toContain(`| ❌ | ${CSV1} | 1.1 KB |  | not registered |`);
    expect(result.summary).toMatch(new RegExp(`\\| ✅ \\| data/sample-sdmx-csv-2\\.0\\.csv \\| 1\\.3 KB \\| ${id} \\| Completed \\| Success \\|`));
  });
});

describe('registration errors', () => {
  const cases: Array<[string, () => Record<string, string>, RegExp, string[]]> = [
    [
      '400 w/ text',
      () => (transfer.setScenario(() => ({ reject: 'The file is not a valid SDMX-CSV file.' })), {}),
      /answered HTTP 400 \(text\/plain: "The file is not a valid SDMX-CSV file\."\)/,
      ['dataflow named in the file exists'],
    ],
    // Refused again after the one renewal every refused call gets: the service does not trust the token.
    ['401', () => (transfer.inject({ kind: 'unauthorized', times: 2 }), {}), /answered HTTP 401/, ['client id', 'audience', 'client-id']],
    ['403', () => ({ dataspace: 'stable' }), /answered HTTP 403 \(no content type, empty body\)/, ['permission on this data space']],
    ['404 (unknown version)', () => ({ 'transfer-url': `${transfer.url}/9` }), /\/9\/import\/sdmxFile answered HTTP 404/, ['Wrong URL or API version']],
  ];
  for (const [name, arrange, message, hints] of cases) {
    it(`${name}: a clear error, exit 1`, async () => {
      const { result, uploads } = await act({ file: CSV1, ...arrange() });
      expect(result.code).toBe(1);
      expect(uploads).toEqual([]);
      expect(result.stdout).toMatch(message);
      for (const hint of hints) expect(result.stdout).toContain(hint);
      expect(result.outputs['request-id']).toBe('');
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('413: too large, with the hint to zip, use file-url or ask the operator', async () => {
    const small = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t), maxBodyBytes: 1000, lingerMs: 1000 });
    try {
      const { result, uploads } = await act({ file: CSV1 }, { servers: { idp, transfer: small } });
      expect(result.code).toBe(1);
      expect(uploads).toEqual([]);
      expect(result.stdout).toContain('answered HTTP 413 (text/html: "413 Request Entity Too Large")');
      expect(result.stdout).toMatch(/Zip the file.*file-url.*operator/);
    } finally {
      await small.close();
    }
  });

  it("no request id in the answer (fault 'no-id'): fails quoting the message", async () => {
    transfer.inject({ kind: 'no-id' });
    const { result, statusPolls } = await act({ file: CSV1 });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Uploading ${CSV1}: the Transfer service answered HTTP 200 without a request id ("Something was registered").`);
    expect(statusPolls).toBe(0);
  });

  for (const messageStyle of ['legacy', 'requestId'] as const) {
    it(`registration message style ${messageStyle}: the id is parsed`, async () => {
      const styled = await startTransfer({ verifyToken: (t) => idp.verifyAccessToken(t), messageStyle, firstRequestId: 4711 });
      try {
        const { result } = await act({ file: CSV1 }, { servers: { idp, transfer: styled } });
        expect(result.code, result.stdout).toBe(0);
        expect(result.outputs['request-id']).toBe('4711');
        expect(result.stdout).toContain('Request 4711 registered');
      } finally {
        await styled.close();
      }
    });
  }
});

describe('upload retries', () => {
  it('503 before registration: sent again, registered once', async () => {
    transfer.inject({ kind: '503', retryAfter: 0 });
    const { result, requests, uploads } = await act({ file: CSV1, wait: 'false' });
    expect(result.code, result.stdout).toBe(0);
    expect(importsOf(requests).map((r) => [r.status, r.fault])).toEqual([
      [503, '503'],
      [200, undefined],
    ]);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.file?.sha256).toBe(sha256(CSV1));
  });

  it('504 after registration: not sent again (exactly one upload)', async () => {
    transfer.inject({ kind: '504' });
    const { result, requests, uploads } = await act({ file: CSV1, wait: 'false' });
    expect(result.code).toBe(1);
    expect(importsOf(requests)).toHaveLength(1);
    expect(uploads).toHaveLength(1);
    expect(result.stdout).toContain('answered HTTP 504');
  });

  it('connection reset during the upload: not sent again', async () => {
    transfer.inject({ kind: 'reset' });
    const { result, requests, uploads } = await act({ file: CSV1, wait: 'false' });
    expect(result.code).toBe(1);
    expect(importsOf(requests)).toHaveLength(1);
    expect(uploads).toEqual([]);
    expect(result.stdout).toContain(`::error title=Upload failed%3A ${CSV1}::Uploading ${CSV1}: Connection to ${transfer.url}/3/import/sdmxFile failed`);
    expect(result.stdout).toContain('may already have registered this request');
  });
});

describe('polling', () => {
  it('503, reset and an HTML 200 page on status are tolerated', async () => {
    for (const kind of ['503', 'reset', 'html200'] as const) transfer.inject({ kind, on: 'status', ...(kind === '503' ? { retryAfter: 0 } : {}) });
    const { result, requests } = await act({ file: CSV1 });
    expect(result.code, result.stdout).toBe(0);
    expect(
      statusRequestsOf(requests)
        .slice(0, 3)
        .map((r) => r.fault),
    ).toEqual(['503', 'reset', 'html200']);
    expect(result.stdout).toContain('Could not read the status of request');
    expect(result.outputs.outcome).toBe('Success');
  });

  it('401 mid-poll: the token is renewed (refresh grant) and the import still succeeds', async () => {
    transfer.inject({ kind: 'unauthorized', on: 'status' });
    const { result, requests, idpRequests } = await act({ file: CSV1 });
    expect(result.code, result.stdout).toBe(0);
    expect(statusRequestsOf(requests)[0]?.status).toBe(401);
    expect(idpRequests.filter((r) => r.form.grant_type === 'refresh_token')).toHaveLength(1);
    expect(result.stdout).toContain('The access token was refused while checking request');
    expect(result.outputs.outcome).toBe('Success');
  });

  // 2 s tokens: the fixture's exp is the whole second of issue + 2, so each token lives more than 1 s
  // (a 1 s token could live a few milliseconds and be refused again before its first use), and any
  // token got before the upload has expired before a 3.5 s import ends.
  it('an import that outlives the access token (2 s tokens, 3.5 s import) succeeds', async () => {
    const shortIdp = await startIdp({ accessTokenLifespan: 2 });
    const slow = await startTransfer({ verifyToken: (t) => shortIdp.verifyAccessToken(t), scenario: () => ({ durationMs: 3500 }) });
    try {
      const { result, idpRequests } = await act({ file: CSV1, 'poll-interval': '0.2' }, { servers: { idp: shortIdp, transfer: slow } });
      expect(result.code, result.stdout).toBe(0);
      expect(result.outputs.outcome).toBe('Success');
      // Renewed ahead of its end (the fixture's lifetimes are exact): no poll was refused.
      expect(idpRequests.filter((r) => r.form.grant_type === 'refresh_token').length).toBeGreaterThanOrEqual(1);
      expect(slow.requests.filter((r) => r.status === 401)).toEqual([]);
    } finally {
      await slow.close();
      await shortIdp.close();
    }
  });

  it('wait-timeout reached: fails naming the pending request id and how to check it later', async () => {
    transfer.setScenario(() => ({ durationMs: Infinity }));
    const { result, uploads } = await act({ file: CSV1, 'wait-timeout': '1' });
    expect(result.code).toBe(1);
    const id = uploads[0]?.id;
    expect(result.stdout).toMatch(
      new RegExp(
        `::error::Gave up waiting after wait-timeout \\(1 s\\)\\. Requests still running: ${id} \\(${CSV1.replace(/\./g, '\\.')}: (Queued|InProgress)\\)\\.`,
      ),
    );
    expect(result.stdout).toContain(`-d dataspace=design -d id=<id> ${transfer.url}/3/status/request (ids: ${id})`);
    expect(result.outputs['request-id']).toBe(String(id));
  });

  it('cancelled (SIGTERM) while waiting: names the pending request ids; request-id is set', async () => {
    transfer.setScenario(() => ({ durationMs: Infinity }));
    const { result, uploads } = await act({ file: `${CSV1}\n${CSV2}` }, { kill: { when: 'Waiting for', signal: 'SIGTERM' } });
    expect(result.code).not.toBe(0);
    const ids = uploads.map((u) => u.id);
    expect(ids).toHaveLength(2);
    expect(result.stdout).toContain('Cancelled while waiting. Requests still running on the Transfer service:');
    expect(result.stdout).toContain(`(ids: ${ids.join(', ')})`);
    expect(result.outputs['request-id']).toBe(ids.join('\n'));
  });

  it('wait false: exits after registration with request-id, no status poll', async () => {
    transfer.setScenario(() => ({ durationMs: Infinity }));
    const { result, requests, uploads, statusPolls } = await act({ file: CSV1, wait: 'false' });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs['request-id']).toBe(String(uploads[0]?.id));
    expect(statusRequestsOf(requests)).toEqual([]);
    expect(statusPolls).toBe(0);
    expect(result.stdout).toContain('All 1 request registered (not waited for: wait is false).');
  });
});

describe('request options', () => {
  it('validate-only, advanced validation, point in time: endpoint and form fields', async () => {
    const { result, requests, uploads } = await act({
      file: CSV1,
      'validate-only': 'true',
      'validation-type': 'advanced',
      'target-version': 'pit',
      'pit-release-date': '2026-06-04T10:00:00+02:00',
      'restoration-option-required': 'true',
    });
    expect(result.code, result.stdout).toBe(0);
    expect(importsOf(requests).map((r) => r.path)).toEqual(['/3/validate/sdmxFile']);
    expect(uploads[0]?.endpoint).toBe('validate');
    expect(uploads[0]?.fields).toMatchObject({
      validationType: '1',
      targetVersion: '1',
      PITReleaseDate: '2026-06-04T08:00:00Z',
      restorationOptionRequired: 'true',
    });
    expect(result.summary).toContain('### .Stat Validation into `design`');
  });

  it('file-url: sends filepath and no file part', async () => {
    const { result, uploads } = await act({ 'file-url': 'https://data.example.org/exports/qna.csv' });
    expect(result.code, result.stdout).toBe(0);
    expect(uploads[0]?.filepath).toBe('https://data.example.org/exports/qna.csv');
    expect(uploads[0]?.file).toBeUndefined();
    expect(uploads[0]?.fields).toHaveProperty('filepath');
    expect(resultsOf(result)[0]).toMatchObject({ file: 'https://data.example.org/exports/qna.csv', size: null, verdict: 'success' });
  });

  it('transfer-url w/ version 1.2 and a trailing slash is used as given', async () => {
    const { result, requests } = await act({ file: CSV1, 'transfer-url': `${transfer.url}/1.2/`, wait: 'false' });
    expect(result.code, result.stdout).toBe(0);
    expect(importsOf(requests).map((r) => r.path)).toEqual(['/1.2/import/sdmxFile']);
  });
});

describe('bad inputs fail before any request, naming the input', () => {
  const cases: Array<[Record<string, string>, string[]]> = [
    [{ file: CSV1, dataspace: '' }, ["Input 'dataspace': is required to upload."]],
    [{ file: 'nothing/*.csv' }, ["Input 'file': the pattern 'nothing/*.csv' matches no file"]],
    [{ file: 'data' }, ["Input 'file': 'data' is a directory, not a file."]],
    [{ file: 'empty.csv' }, ["Input 'file': 'empty.csv' is empty (0 bytes)."]],
    [{ file: CSV1, 'file-url': 'https://data.example.org/x.csv' }, ["Input 'file-url': conflicts with file"]],
    [
      { file: CSV1, 'target-version': 'pit', 'pit-release-date': '2026-06-04 08:00' },
      ["Input 'pit-release-date'", 'not an ISO 8601 date-time with a time zone'],
    ],
    [{ file: CSV1, 'target-version': 'pit', 'pit-release-date': '2026-02-30T08:00:00Z' }, ["Input 'pit-release-date'"]],
    [{ file: CSV1, 'validation-type': 'strict' }, ["Input 'validation-type': expected one of basic, advanced; got 'strict'."]],
    [{ file: '' }, ["Input 'file': is required when transfer-url or dataspace is set"]],
  ];
  it.each(cases)('%j', async (extra, messages) => {
    const marks = { transfer: transfer.requests.length, idp: idp.requests.length };
    const inputs = { authority: idp.issuer, username: 'alice', password: PASSWORD, 'transfer-url': transfer.url, dataspace: 'design', ...extra };
    const result = await runAction(inputs, { cwd: work });
    expect(result.code).toBe(1);
    for (const message of messages) expect(result.stdout).toContain(message);
    expect(transfer.requests.length).toBe(marks.transfer);
    expect(idp.requests.length).toBe(marks.idp);
    expectNoLeaks(result, [PASSWORD]);
  });
});

describe('outside GitHub', () => {
  it('prints no workflow command and no secret, still uploads and succeeds', async () => {
    const { result, uploads } = await act({ file: CSV1 }, { github: false });
    expect(result.code, result.stdout).toBe(0);
    expect(uploads).toHaveLength(1);
    expect(result.stdout).toContain(`Request ${uploads[0]?.id} registered for ${CSV1}`);
    expect(result.stdout).toContain('All 1 request finished.');
    expect(result.stdout).toContain(COUNT_LINE);
    expectNoWorkflowCommands(result);
    expect(result.stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  });
});
