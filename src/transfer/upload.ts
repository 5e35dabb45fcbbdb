/**
 * Registers one import (or validation) request: a multipart/form-data POST (./multipart.ts)
 * streamed from disk with an exact Content-Length, so memory stays flat whatever the size.
 * A fresh body is built for every attempt; see ../http/retry.ts for when one is re-sent.
 * @see ../../README.md#transfer and the Transfer API notes this follows
 */
import { NetworkError, TransferError, type DotstatError } from '../errors.js';
import { send, type HttpResponse, type HttpSettings } from '../http/client.js';
import { neverReachedServer } from '../http/network-errors.js';
import { withRetry, type RetryContext } from '../http/retry.js';
import { tryJsonObject } from '../http/json.js';
import { sanitize } from '../text.js';
import { mayHaveProcessed, transferErrorFrom, uploadUnconfirmed } from './errors.js';
import type { UploadFile } from './files.js';
import { multipartBody } from './multipart.js';
import { parseRegistration } from './request-id.js';
import type { TransferConfig } from './settings.js';

/** What one request sends: a local file, or a URL the service fetches itself. */
export type UploadSource = { readonly file: UploadFile } | { readonly fileUrl: string };

export interface UploadContext {
  readonly http: HttpSettings;
  readonly retry: RetryContext;
}

/** How a source is named in logs and results. A file-url's query is left out: a signed URL carries its signature there. */
export function sourceName(source: UploadSource): string {
  if ('file' in source) return source.file.name;
  try {
    const url = new URL(source.fileUrl);
    return url.search ? `${url.origin}${url.pathname}?…` : source.fileUrl;
  } catch {
    return source.fileUrl;
  }
}

export function endpointOf(config: TransferConfig, path: string): URL {
  // Joined as text: a URL-relative join would drop the version segment or read '//' as a host.
  return new URL(`${config.baseUrl.href.replace(/\/+$/, '')}/${path}`);
}

/** The form fields, in the Transfer API's names. */
export function formFields(source: UploadSource, config: TransferConfig): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    ['dataspace', config.dataspace],
    ['validationType', config.validationType === 'advanced' ? '1' : '0'],
    ['targetVersion', config.targetVersion === 'pit' ? '1' : '0'],
  ];
  if (config.pitReleaseDate) fields.push(['PITReleaseDate', config.pitReleaseDate]);
  fields.push(['restorationOptionRequired', String(config.restorationOptionRequired)]);
  if ('fileUrl' in source) fields.push(['filepath', source.fileUrl]);
  return fields;
}

/** Bytes of the body sent so far of its length; called again from 0 for a retried attempt. */
export type UploadProgress = (sent: number, total: number) => void;

async function post(source: UploadSource, config: TransferConfig, ctx: UploadContext, accessToken: string, onProgress?: UploadProgress): Promise<HttpResponse> {
  const body = multipartBody(formFields(source, config), 'file' in source ? source.file : undefined);
  return send(
    {
      method: 'POST',
      url: endpointOf(config, config.validateOnly ? 'validate/sdmxFile' : 'import/sdmxFile'),
      credentials: true,
      headers: { 'content-type': body.contentType, 'content-length': String(body.length), accept: 'application/json', authorization: `Bearer ${accessToken}` },
      body: onProgress ? counted(body.chunks(), body.length, onProgress) : body.chunks(),
      signal: ctx.retry.signal,
      idleTimeout: true,
      expectContinue: 'file' in source,
    },
    ctx.http,
  );
}

/** Sends the request with this access token and returns the registered request id. */
export async function register(
  source: UploadSource,
  config: TransferConfig,
  ctx: UploadContext,
  accessToken: string,
  onProgress?: UploadProgress,
): Promise<{ requestId: number; message: string }> {
  const what = `Uploading ${sourceName(source)}`;
  let response: HttpResponse;
  try {
    response = await withRetry('upload', () => post(source, config, ctx, accessToken, onProgress), ctx.retry);
  } catch (error) {
    throw error instanceof NetworkError ? uploadNetworkError(error, what, config) : error;
  }
  if (response.status !== 200 && response.status !== 201 && response.status !== 202) {
    const error = transferErrorFrom(response, what);
    throw mayHaveProcessed(response.status) ? uploadUnconfirmed(error, config.validateOnly) : error;
  }
  const { requestId, message } = parseRegistration(response.body);
  if (requestId === undefined) {
    const error = new TransferError(
      'NO_REQUEST_ID',
      `${what}: the Transfer service answered HTTP ${response.status} without a request id ("${sanitize(message || response.body, 300)}").`,
      'Without a request id the outcome cannot be checked. Look at the message above; check transfer-url and the service version.',
    );
    // A success status with a body that is not even JSON (cut short, or mangled by a proxy) may hide a registration.
    throw tryJsonObject(response.body) ? error : uploadUnconfirmed(error, config.validateOnly);
  }
  return { requestId, message: sanitize(message, 300) };
}

/**
 * Counts a chunk as sent once the client asks for the one after it: the client writes a chunk and
 * asks for the next at once, but waits for the socket to take the first before it writes the next
 * (../http/client.ts), so the count is never more than a chunk ahead of the wire.
 */
async function* counted(chunks: AsyncIterable<Buffer>, total: number, onProgress: UploadProgress): AsyncGenerator<Buffer> {
  let sent = 0;
  onProgress(0, total);
  for await (const chunk of chunks) {
    yield chunk;
    sent += chunk.length;
    onProgress(sent, total);
  }
}

/** A network failure of an upload, named after its file; one that may have reached the service says so. */
function uploadNetworkError(error: NetworkError, what: string, config: TransferConfig): DotstatError {
  if (error.code === 'ABORTED') return error;
  const named = new TransferError(error.code, `${what}: ${error.message}`, error.hint, { cause: error });
  const unsent = neverReachedServer(error) || error.code === 'TLS' || error.code === 'DNS';
  return unsent ? named : uploadUnconfirmed(named, config.validateOnly);
}
