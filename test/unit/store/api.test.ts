import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../../src/http/client.js';
import { SECRETS } from '../../../src/secrets.js';
import { apiMessage } from '../../../src/store/api.js';

const answer = (body: unknown): HttpResponse => ({
  status: 403,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  url: new URL('https://api.example.org/x'),
});

describe('apiMessage()', () => {
  it("quotes GitHub's and GitLab's words: message, or error and error_description", () => {
    expect(apiMessage(answer({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }))).toBe('Bad credentials');
    expect(apiMessage(answer({ message: { value: ['is invalid'] } }))).toBe('{"value":["is invalid"]}');
    expect(apiMessage(answer({ error: 'insufficient_scope', error_description: 'The request requires higher privileges.', scope: 'api' }))).toBe(
      'insufficient_scope: The request requires higher privileges.',
    );
  });

  // The sinks redact too, but only what is whole: a secret across the cap must be redacted first.
  it('redacts a secret before it cuts, breaks workflow commands, and keeps one line', () => {
    const secret = 'store-api-echoed-secret-0001';
    SECRETS.add(secret);
    const said = apiMessage(answer({ message: `${'x'.repeat(185)} ${secret}\n::error::forged` }));
    expect(said).not.toContain(secret.slice(0, 8));
    expect(said).not.toContain('::');
    expect(said).not.toContain('\n');
    expect(said.length).toBeLessThanOrEqual(201);
  });
});
