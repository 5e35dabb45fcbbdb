/**
 * A Transfer answer other than success, as an error a person can act on. Bodies of 401/403/404
 * may be empty, text, HTML or JSON: only a short, sanitised excerpt (or a JSON `message`) is quoted.
 */
import { TransferError, type TransferCode } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { describeBody, tryJsonObject, where } from '../http/json.js';
import { sanitize } from '../text.js';

/** The service's own words: a JSON `message`/`error`, or a short excerpt of the body. */
export function serviceText(response: HttpResponse): string {
  const json = tryJsonObject(response.body);
  const message = json?.message ?? json?.error ?? json?.title ?? json?.detail;
  if (typeof message === 'string' && message) return `"${sanitize(message, 400)}"`;
  return describeBody(response);
}

const HINTS: Record<number, { code: TransferCode; hint: string }> = {
  400: {
    code: 'REJECTED',
    hint: 'The service checked the request at once and refused it. Check that the dataflow named in the file exists in this data space, and the file format (SDMX-CSV 1.0/2.0, SDMX-ML, or a zip holding one such file).',
  },
  401: {
    code: 'UNAUTHORIZED',
    hint: 'The service did not accept the access token: it expired, or it was issued to a client the service does not trust. The token must be issued for the client id the .Stat services are configured with (often app; check client-id) or carry it as audience through a Keycloak mapper.',
  },
  403: {
    code: 'FORBIDDEN',
    hint: 'The token is valid but its user or service account lacks permission on this data space (CanImportData / CanUpdateData, CanDeleteData for deletions). Ask a .Stat administrator to grant it.',
  },
  404: {
    code: 'NOT_FOUND',
    hint: 'Wrong URL or API version: transfer-url should be the Transfer base URL with its version, e.g. https://transfer.example.org/3.',
  },
  405: {
    code: 'NOT_FOUND',
    hint: 'The URL does not accept this request: transfer-url should be the Transfer base URL with its version, e.g. https://transfer.example.org/3.',
  },
  413: {
    code: 'TOO_LARGE',
    hint: 'The request is larger than the service accepts (about 30 MB by default). Zip the file (the limit applies to the zipped size), give the service a file-url to fetch instead, or ask the operator to raise the limit.',
  },
};

export function transferErrorFrom(response: HttpResponse, what: string): TransferError {
  const known = HINTS[response.status];
  const hint =
    known?.hint ??
    (response.status >= 500
      ? 'The Transfer service or a proxy in front of it is failing; it was retried where that was safe. Try again later or tell its operator.'
      : 'Check transfer-url and dataspace.');
  return new TransferError(
    known?.code ?? 'TRANSFER_HTTP_ERROR',
    `${what}: ${where(response)} answered HTTP ${response.status} (${serviceText(response)}).`,
    hint,
  );
}

/**
 * An upload whose answer was lost after it was sent (a reset, a timeout, a gateway's 500/502/504)
 * may have been registered all the same: it is not re-sent (see ../http/retry.ts), and the person
 * is told to look before re-running, so the same data is not imported twice.
 */
export function uploadUnconfirmed(error: TransferError, validateOnly: boolean): TransferError {
  const check = validateOnly
    ? 'The Transfer service may already have registered this validation before the answer was lost; a second one is harmless.'
    : 'The Transfer service may already have registered this request before the answer was lost. Check its recent requests (the .Stat Data Lifecycle Manager, or a status query of the ids after the last one you know) before re-running, to avoid importing the same data twice.';
  return new TransferError(error.code, error.message, error.hint ? `${error.hint} ${check}` : check, { cause: error });
}

/** Statuses after which an upload may have been processed: the server or a gateway failed mid-way (503 means it was not). */
export function mayHaveProcessed(status: number): boolean {
  return status >= 500 && status !== 503;
}
