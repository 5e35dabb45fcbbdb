/**
 * Starts one real Keycloak for the Keycloak tier and hands its address to the tier's files. Where
 * it cannot be had (no Java, nothing fetched, it did not start), one line says why and the tier
 * is skipped; with DOTSTAT_REQUIRE_KEYCLOAK=1 (as in .ci/run) that is a failure instead.
 */
import type { TestProject } from 'vitest/node';
import { KeycloakUnavailable, startKeycloak } from '../../scripts/keycloak.mjs';

export interface KeycloakHandle {
  url: string;
  realm: string;
  issuer: string;
  version: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    keycloak: KeycloakHandle | null;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const required = process.env.DOTSTAT_REQUIRE_KEYCLOAK === '1';
  try {
    const kc = await startKeycloak({
      log: (line) => {
        if (/^(Fetching|Unpacking|Importing)/.test(line)) console.log(line);
      },
    });
    console.log(`Keycloak tier: Keycloak ${kc.version} at ${kc.url}, ready in ${(kc.readyMs / 1000).toFixed(1)} s.`);
    project.provide('keycloak', { url: kc.url, realm: kc.realm, issuer: kc.issuer, version: kc.version });
    return () => kc.stop();
  } catch (error) {
    if (required || !(error instanceof KeycloakUnavailable)) throw error;
    console.log(`Keycloak tier skipped: ${error.message.split('\n')[0]}`);
    project.provide('keycloak', null);
    return undefined;
  }
}
