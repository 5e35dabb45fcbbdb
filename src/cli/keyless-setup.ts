/**
 * `dotstat-action keyless-setup`: gets this job's ID token as a sign-in would and prints the
 * Keycloak setup that trusts it (../oidc/keyless-setup.ts).
 */
import { InputError } from '../errors.js';
import type { RawSettings } from '../inputs.js';
import { assertionClaims } from '../oidc/keyless.js';
import { setupLines } from '../oidc/keyless-setup.js';
import type { Platform } from '../platform/types.js';

/** Runs the command: gets this job's ID token as a sign-in would, and prints the setup. */
export async function keylessSetup(settings: RawSettings, platform: Platform): Promise<void> {
  const authority = settings('authority')?.trim().replace(/\/$/, '');
  if (!authority)
    throw new InputError('authority', 'is required for keyless-setup.', 'Set it to the realm URL, e.g. https://keycloak.example.org/realms/OECD.');
  const audience = settings('audience')?.trim() || authority;
  const given = settings('id-token')?.trim();
  let token = given;
  if (!token && platform.mintIdToken) token = await platform.mintIdToken(audience);
  if (!token) {
    throw new InputError(
      'id-token',
      "is needed: keyless-setup reads this job's ID token.",
      'On GitLab declare id_tokens: { DOTSTAT_ID_TOKEN: { aud: <the realm URL> } } in the job; on GitHub give the job permissions: { id-token: write }.',
    );
  }
  platform.addSecret(token);
  const claims = assertionClaims(token);
  for (const line of setupLines(claims, new URL(authority), settings('client-id')?.trim())) platform.info(line);
}
