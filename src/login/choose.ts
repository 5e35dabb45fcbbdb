/**
 * Which flow `login` uses when --flow is auto, and why (said to the person): the device flow where
 * no browser can be opened here (an SSH session, no display, a CI job), the browser flow otherwise;
 * each with the other as the fallback for a client that refuses it.
 */
import { LoginError } from '../errors.js';
import type { SignInEndpoints } from './endpoints.js';

export type Flow = 'browser' | 'device';

export interface FlowChoice {
  readonly flow: Flow;
  readonly why: string;
  /** Tried when the client refuses `flow` (auto only). */
  readonly fallback?: Flow;
}

/**
 * A CI job, on any system: CI set to anything but false/0 (most set CI=true, some CI=1 or True),
 * or a system's own variable where it sets no CI (Azure Pipelines: TF_BUILD, Jenkins: JENKINS_URL).
 * There no browser is opened and no token printed (the log is kept with the run).
 */
export function onCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  if (ci && ci !== 'false' && ci !== '0') return true;
  return ['GITHUB_ACTIONS', 'GITLAB_CI', 'TF_BUILD', 'JENKINS_URL', 'BUILDKITE', 'TEAMCITY_VERSION', 'BITBUCKET_BUILD_NUMBER'].some((name) =>
    Boolean(env[name]?.trim()),
  );
}

/** Why no browser can be opened on this machine, or undefined when one can. */
export function noBrowserHere(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (onCi(env)) return 'this is a CI job';
  if (env.SSH_CONNECTION || env.SSH_TTY) return 'this is an SSH session (a browser would open on the remote machine, if at all)';
  if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)';
  return undefined;
}

export function chooseFlow(requested: 'auto' | Flow, endpoints: SignInEndpoints, env: NodeJS.ProcessEnv, platform?: NodeJS.Platform): FlowChoice {
  const has = { browser: Boolean(endpoints.authorization), device: Boolean(endpoints.device) };
  if (requested !== 'auto') return { flow: requested, why: 'as --flow asked' };
  const headless = noBrowserHere(env, platform);
  if (!has.browser && !has.device)
    throw new LoginError(
      'NO_FLOW',
      'The discovery document names neither an authorization_endpoint nor a device_authorization_endpoint: no sign-in flow is possible.',
      'Check --authority: it must be the realm URL, e.g. https://keycloak.example.org/realms/OECD.',
    );
  if (headless && has.device) return { flow: 'device', why: `no browser can be opened here: ${headless}`, fallback: has.browser ? 'browser' : undefined };
  if (headless)
    return {
      flow: 'browser',
      why: `${headless}, but the provider has no device flow: open the printed URL in a browser on this machine (over SSH, forward the port the URL names)`,
    };
  if (!has.browser) return { flow: 'device', why: 'the provider has no authorization endpoint' };
  return { flow: 'browser', why: 'a browser can be opened here', fallback: has.device ? 'device' : undefined };
}
