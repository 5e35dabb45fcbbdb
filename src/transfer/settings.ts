/**
 * The Transfer inputs, parsed and checked before any request (see ../parse.ts for the rules
 * every input follows). File patterns are only checked here for shape; ./files.ts expands them.
 */
import { parseBoolean, parseCount, parseEnum, parseSeconds, parseSize, parseUrl, read, readLines, shown } from '../parse.js';
import { InputError } from '../errors.js';
import type { RawSettings } from '../inputs.js';
import type { CompressMode } from './compress.js';

export interface TransferConfig {
  /** Base URL with its API version, no trailing slash. */
  readonly baseUrl: URL;
  readonly dataspace: string;
  /** Patterns from `file`, or empty when `fileUrl` is used. */
  readonly patterns: readonly string[];
  readonly fileUrl?: string;
  readonly validateOnly: boolean;
  readonly validationType: 'basic' | 'advanced';
  readonly targetVersion: 'live' | 'pit';
  readonly pitReleaseDate?: string;
  readonly restorationOptionRequired: boolean;
  readonly compress: CompressMode;
  readonly compressThresholdBytes: number;
  /** Files uploaded at once (upload-concurrency). */
  readonly uploadConcurrency: number;
  readonly wait: boolean;
  readonly waitTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly failOnWarning: boolean;
}

const VERSION_SEGMENT = /\/\d+(\.\d+)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/;

/** Undefined when no file and no file-url are given: the job then only gets a token. */
export function parseTransfer(raw: RawSettings, allowInsecureHttp: boolean): TransferConfig | undefined {
  const patterns = readLines(raw, 'file');
  const fileUrl = read(raw, 'file-url');
  const transferUrl = parseUrl(raw, 'transfer-url', allowInsecureHttp);
  if (patterns.length === 0 && !fileUrl) {
    if (transferUrl || read(raw, 'dataspace')) {
      throw new InputError(
        'file',
        'is required when transfer-url or dataspace is set (or give file-url).',
        'List the files to upload, one path or glob pattern per line.',
      );
    }
    return undefined;
  }
  if (patterns.length > 0 && fileUrl) {
    throw new InputError(
      'file-url',
      'conflicts with file: give one of them.',
      'Use file for files in the workspace (uploaded), or file-url alone for a file the Transfer service fetches itself.',
    );
  }
  if (!transferUrl)
    throw new InputError(
      'transfer-url',
      'is required to upload.',
      'Set it to the Transfer service base URL with its API version, e.g. https://transfer.example.org/3.',
    );
  const dataspace = read(raw, 'dataspace');
  if (!dataspace) throw new InputError('dataspace', 'is required to upload.', 'Set it to the target data space id, e.g. design.');
  if (!/^[A-Za-z0-9_.-]+$/.test(dataspace)) {
    throw new InputError(
      'dataspace',
      `${shown(dataspace)} is not a data space id (letters, digits, _ . -).`,
      'Write the data space id as the .Stat configuration names it, e.g. design.',
    );
  }
  if (fileUrl) checkFileUrl(fileUrl);
  const targetVersion = parseEnum(raw, 'target-version', ['live', 'pit']);
  const pollIntervalMs = parseSeconds(raw, 'poll-interval', 0.1, 600);
  return {
    baseUrl: withVersion(transferUrl),
    dataspace,
    patterns,
    fileUrl,
    validateOnly: parseBoolean(raw, 'validate-only'),
    validationType: parseEnum(raw, 'validation-type', ['basic', 'advanced']),
    targetVersion,
    pitReleaseDate: parsePitDate(raw, targetVersion),
    restorationOptionRequired: parseBoolean(raw, 'restoration-option-required'),
    compress: parseEnum(raw, 'compress', ['auto', 'zip', 'none']),
    compressThresholdBytes: parseSize(raw, 'compress-threshold'),
    uploadConcurrency: parseCount(raw, 'upload-concurrency', 1, 16),
    wait: parseBoolean(raw, 'wait'),
    waitTimeoutMs: parseSeconds(raw, 'wait-timeout', 1, 86_400),
    pollIntervalMs,
    failOnWarning: parseBoolean(raw, 'fail-on-warning'),
  };
}

function withVersion(url: URL): URL {
  if (url.search)
    throw new InputError(
      'transfer-url',
      'must not contain a ?query.',
      'Remove the ? and what follows it: transfer-url is the base URL with its API version, e.g. https://transfer.example.org/3.',
    );
  const base = new URL(url.href);
  const path = base.pathname.replace(/\/+$/, '');
  if (!VERSION_SEGMENT.test(path)) base.pathname = `${path}/3`;
  return base;
}

function checkFileUrl(value: string): void {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return; // a path on the server's side
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(
      'file-url',
      'is not a valid URL.',
      'Write the full address (https://host/path/file.csv, spaces written as %20), or a path on the Transfer server.',
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      'file-url',
      'must not contain a user name or password: it is sent to the Transfer service and may appear in its logs.',
      'Remove the user:password@ part: publish the file where the Transfer service can read it without credentials, or upload it with file.',
    );
  }
}

function parsePitDate(raw: RawSettings, targetVersion: 'live' | 'pit'): string | undefined {
  const value = read(raw, 'pit-release-date');
  if (!value) return undefined;
  if (targetVersion !== 'pit')
    throw new InputError(
      'pit-release-date',
      'is only used with target-version: pit.',
      'Set target-version: pit for a point-in-time release, or remove pit-release-date.',
    );
  if (!ISO_WITH_ZONE.test(value) || Number.isNaN(Date.parse(value)) || !isCalendarDate(value.slice(0, 10))) {
    throw new InputError(
      'pit-release-date',
      `${shown(value)} is not an ISO 8601 date-time with a time zone.`,
      'Write it like 2026-06-04T08:00:00Z or 2026-06-04T10:00:00+02:00.',
    );
  }
  return new Date(value).toISOString().replace(/\.000Z$/, 'Z');
}

/** Date.parse rolls 2026-02-30 over to March 2 instead of refusing it. */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}
