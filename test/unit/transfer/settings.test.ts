import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import type { InputName } from '../../../src/inputs.js';
import { parseTransfer, type TransferConfig } from '../../../src/transfer/settings.js';

type Inputs = Partial<Record<InputName, string>>;
const BASE: Inputs = { 'transfer-url': 'https://transfer.example.org/3', dataspace: 'design', file: 'data/*.csv' };

function parse(inputs: Inputs, allowInsecureHttp = false): TransferConfig | undefined {
  return parseTransfer((name) => inputs[name], allowInsecureHttp);
}

function config(inputs: Inputs = {}, allowInsecureHttp = false): TransferConfig {
  const parsed = parse({ ...BASE, ...inputs }, allowInsecureHttp);
  if (!parsed) throw new Error('expected a Transfer config');
  return parsed;
}

function inputError(inputs: Inputs, allowInsecureHttp = false): InputError {
  try {
    parse(inputs, allowInsecureHttp);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseTransfer()', () => {
  it('defaults', () => {
    expect(config()).toEqual<TransferConfig>({
      baseUrl: new URL('https://transfer.example.org/3'),
      dataspace: 'design',
      patterns: ['data/*.csv'],
      fileUrl: undefined,
      validateOnly: false,
      validationType: 'basic',
      targetVersion: 'live',
      pitReleaseDate: undefined,
      restorationOptionRequired: false,
      compress: 'auto',
      compressThresholdBytes: 10_000_000,
      uploadConcurrency: 4,
      wait: true,
      waitTimeoutMs: 3_600_000,
      pollIntervalMs: 5_000,
      failOnWarning: false,
    });
  });

  it('no file and no file-url → undefined (token only)', () => {
    expect(parse({})).toBeUndefined();
    expect(parse({ file: '  \n \n' })).toBeUndefined();
    expect(parse({ 'validate-only': 'true', wait: 'false' })).toBeUndefined();
  });

  it.each<[Inputs, string]>([
    [{ 'transfer-url': 'https://transfer.example.org/3' }, "Input 'file': is required when transfer-url or dataspace is set (or give file-url)."],
    [{ dataspace: 'design' }, "Input 'file': is required when transfer-url or dataspace is set (or give file-url)."],
  ])('%j without file → error', (inputs, message) => {
    expect(inputError(inputs).message).toBe(message);
  });

  describe('transfer-url', () => {
    it.each([
      ['https://transfer.example.org', 'https://transfer.example.org/3'],
      ['https://transfer.example.org/', 'https://transfer.example.org/3'],
      ['https://transfer.example.org/transfer//', 'https://transfer.example.org/transfer/3'],
      ['https://transfer.example.org/1.2', 'https://transfer.example.org/1.2'],
      ['https://transfer.example.org/1.2/', 'https://transfer.example.org/1.2'],
      ['https://transfer.example.org/2', 'https://transfer.example.org/2'],
      ['https://transfer.example.org/3/', 'https://transfer.example.org/3'],
      ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/3'],
      ['http://localhost:8080/1.2', 'http://localhost:8080/1.2'],
    ])('%s → %s', (url, base) => {
      expect(config({ 'transfer-url': url }).baseUrl.href).toBe(base);
    });

    it('plain http:// to another host is refused, unless allow-insecure-http', () => {
      const error = inputError({ ...BASE, 'transfer-url': 'http://transfer.example.org/3' });
      expect(error.input).toBe('transfer-url');
      expect(error.message).toBe("Input 'transfer-url': uses plain http:// to transfer.example.org: credentials and tokens would travel unencrypted.");
      expect(config({ 'transfer-url': 'http://transfer.example.org/3' }, true).baseUrl.href).toBe('http://transfer.example.org/3');
    });

    it.each<[string, string]>([
      ['', "Input 'transfer-url': is required to upload."],
      ['transfer.example.org/3', "Input 'transfer-url': is not an absolute URL."],
      ['ftp://transfer.example.org/3', "Input 'transfer-url': must be an https:// URL, got a ftp: URL."],
      ['https://user:pw@transfer.example.org/3', "Input 'transfer-url': must not contain a user name or password."],
      ['https://transfer.example.org/3?x=1', "Input 'transfer-url': must not contain a ?query."],
      ['https://transfer.example.org/3#x', "Input 'transfer-url': must not contain a #fragment."],
    ])('%j → error', (url, message) => {
      expect(inputError({ ...BASE, 'transfer-url': url }).message).toBe(message);
    });
  });

  describe('dataspace', () => {
    it('missing', () => {
      expect(inputError({ ...BASE, dataspace: '' }).message).toBe("Input 'dataspace': is required to upload.");
      expect(inputError({ ...BASE, dataspace: '   ' }).input).toBe('dataspace');
    });

    it.each(['de sign', 'design/x', 'déşign', 'a;b'])('invalid %j', (dataspace) => {
      expect(inputError({ ...BASE, dataspace }).message).toBe(`Input 'dataspace': '${dataspace}' is not a data space id (letters, digits, _ . -).`);
    });

    it.each(['design', 'stable', 'qa_ext-1.2'])('valid %j (trimmed)', (dataspace) => {
      expect(config({ dataspace: ` ${dataspace} ` }).dataspace).toBe(dataspace);
    });
  });

  describe('file and file-url', () => {
    it('file: one pattern per line, blank lines and spaces dropped, CRLF too', () => {
      expect(config({ file: ' a.csv \r\n\r\n data/*.xml\nb.zip ' }).patterns).toEqual(['a.csv', 'data/*.xml', 'b.zip']);
    });

    it('file and file-url conflict', () => {
      expect(inputError({ ...BASE, 'file-url': 'https://data.example.org/x.csv' }).message).toBe("Input 'file-url': conflicts with file: give one of them.");
    });

    it.each(['https://data.example.org/x.csv', '/srv/data/x.csv', 'sftp://files.example.org/x.zip'])('file-url %j alone', (fileUrl) => {
      const parsed = config({ file: '', 'file-url': ` ${fileUrl} ` });
      expect(parsed.fileUrl).toBe(fileUrl);
      expect(parsed.patterns).toEqual([]);
    });

    it.each(['https://user:secret@data.example.org/x.csv', 'https://user@data.example.org/x.csv'])('file-url w/ credentials %j → error', (fileUrl) => {
      const error = inputError({ ...BASE, file: '', 'file-url': fileUrl });
      expect(error.input).toBe('file-url');
      expect(error.message).toContain('must not contain a user name or password');
      expect(error.describe()).not.toContain('secret');
    });

    it('file-url that is not a URL', () => {
      expect(inputError({ ...BASE, file: '', 'file-url': 'https://exa mple.org/x' }).message).toBe("Input 'file-url': is not a valid URL.");
    });
  });

  describe('pit-release-date', () => {
    it.each([
      ['2026-06-04T08:16:01Z', '2026-06-04T08:16:01Z'],
      ['2026-06-04T10:00:00+02:00', '2026-06-04T08:00:00Z'],
      ['2026-06-04T10:00+0200', '2026-06-04T08:00:00Z'],
      ['2026-06-04T08:00:00.250Z', '2026-06-04T08:00:00.250Z'],
      ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00Z'],
    ])('valid %s → %s', (date, sent) => {
      expect(config({ 'target-version': 'pit', 'pit-release-date': date }).pitReleaseDate).toBe(sent);
    });

    it.each([
      '2026-06-04T08:00:00',
      '2026-06-04',
      '2026-06-04 08:00:00Z',
      'tomorrow',
      '2026-13-01T00:00:00Z',
      '2026-06-04T25:00:00Z',
      '2026-02-30T08:00:00Z',
      '2027-02-29T08:00:00Z',
      '2026-04-31T08:00:00+02:00',
    ])('invalid %j (no zone, not a date, impossible day) → error', (date) => {
      const error = inputError({ ...BASE, 'target-version': 'pit', 'pit-release-date': date });
      expect(error.message).toBe(`Input 'pit-release-date': '${date}' is not an ISO 8601 date-time with a time zone.`);
      expect(error.hint).toContain('2026-06-04T08:00:00Z');
    });

    it('regression: an impossible day (2026-02-30) was accepted and silently sent as 2026-03-02', () => {
      for (const date of ['2026-02-30T08:00:00Z', '2026-04-31T00:00:00+02:00']) {
        expect(inputError({ ...BASE, 'target-version': 'pit', 'pit-release-date': date }).input).toBe('pit-release-date');
      }
    });

    it('w/ target-version live → error', () => {
      expect(inputError({ ...BASE, 'pit-release-date': '2026-06-04T08:00:00Z' }).message).toBe(
        "Input 'pit-release-date': is only used with target-version: pit.",
      );
    });

    it('target-version pit without a date is allowed', () => {
      expect(config({ 'target-version': 'PIT' })).toMatchObject({ targetVersion: 'pit', pitReleaseDate: undefined });
    });
  });

  describe('enums', () => {
    it.each<[InputName, string, string]>([
      ['validation-type', 'Advanced', 'advanced'],
      ['validation-type', 'basic', 'basic'],
      ['target-version', 'LIVE', 'live'],
      ['target-version', 'pit', 'pit'],
    ])('%s %j → %s', (name, value, parsed) => {
      const key = name === 'validation-type' ? 'validationType' : 'targetVersion';
      expect(config({ [name]: value })[key]).toBe(parsed);
    });

    it.each<[InputName, string, string]>([
      ['validation-type', 'strict', "Input 'validation-type': expected one of basic, advanced; got 'strict'."],
      ['validation-type', '1', "Input 'validation-type': expected one of basic, advanced; got '1'."],
      ['target-version', 'draft', "Input 'target-version': expected one of live, pit; got 'draft'."],
    ])('%s %j → error', (name, value, message) => {
      expect(inputError({ ...BASE, [name]: value }).message).toBe(message);
    });
  });

  describe('booleans', () => {
    const names: Array<[InputName, keyof TransferConfig]> = [
      ['validate-only', 'validateOnly'],
      ['restoration-option-required', 'restorationOptionRequired'],
      ['wait', 'wait'],
      ['fail-on-warning', 'failOnWarning'],
    ];
    it.each(names)('%s: true/false, yes/no, 1/0, any case', (name, key) => {
      for (const value of ['true', 'TRUE', 'yes', '1', 'on']) expect(config({ [name]: value })[key]).toBe(true);
      for (const value of ['false', 'False', 'no', '0', 'off']) expect(config({ [name]: value })[key]).toBe(false);
    });

    it.each(names)('%s: anything else → error', (name) => {
      expect(inputError({ ...BASE, [name]: 'maybe' }).message).toBe(`Input '${name}': expected true or false, got 'maybe'.`);
    });
  });

  describe('upload-concurrency', () => {
    it.each([
      ['1', 1],
      ['16', 16],
      [' 8 ', 8],
    ])('%j → %d', (value, count) => {
      expect(config({ 'upload-concurrency': value }).uploadConcurrency).toBe(count);
    });

    it.each(['0', '17', '2.5', '-1', 'four', '1e1'])('%j → an error naming the input and the range', (value) => {
      const error = inputError({ ...BASE, 'upload-concurrency': value });
      expect(error.message).toBe(`Input 'upload-concurrency': expected a whole number from 1 to 16, got '${value}'.`);
      expect(error.hint).toBe('Write a plain number such as 4, or leave it empty for the default.');
    });
  });

  describe('wait-timeout and poll-interval', () => {
    it.each<[InputName, string, keyof TransferConfig, number]>([
      ['wait-timeout', '1', 'waitTimeoutMs', 1_000],
      ['wait-timeout', '86400', 'waitTimeoutMs', 86_400_000],
      ['wait-timeout', '90.5', 'waitTimeoutMs', 90_500],
      ['poll-interval', '0.1', 'pollIntervalMs', 100],
      ['poll-interval', '600', 'pollIntervalMs', 600_000],
      ['poll-interval', ' 2 ', 'pollIntervalMs', 2_000],
    ])('%s %j → %d ms', (name, value, key, ms) => {
      expect(config({ [name]: value })[key]).toBe(ms);
    });

    it.each<[InputName, string, string]>([
      ['wait-timeout', '0', 'from 1 to 86400'],
      ['wait-timeout', '0.5', 'from 1 to 86400'],
      ['wait-timeout', '86401', 'from 1 to 86400'],
      ['wait-timeout', '-5', 'from 1 to 86400'],
      ['wait-timeout', '1h', 'from 1 to 86400'],
      ['poll-interval', '0.05', 'from 0.1 to 600'],
      ['poll-interval', '601', 'from 0.1 to 600'],
      ['poll-interval', '1e2', 'from 0.1 to 600'],
      ['poll-interval', 'fast', 'from 0.1 to 600'],
    ])('%s %j → error', (name, value, range) => {
      expect(inputError({ ...BASE, [name]: value }).message).toBe(`Input '${name}': expected a number of seconds ${range}, got '${value}'.`);
    });
  });
});
