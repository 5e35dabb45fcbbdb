/**
 * An OAuth form POST (the token, device-authorization and revocation endpoints): credentials on
 * board, so never redirected (./client.ts), and retried by the policy of its operation (./retry.ts).
 */
import { send, type HttpResponse, type HttpSettings } from './client.js';
import { withRetry, type Operation, type RetryContext } from './retry.js';

export function postForm(operation: Operation, url: URL, body: string, http: HttpSettings, retry: RetryContext, signal = retry.signal): Promise<HttpResponse> {
  return withRetry(
    operation,
    () =>
      send(
        {
          method: 'POST',
          url,
          credentials: true,
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          signal,
        },
        http,
      ),
    retry,
  );
}
