/**
 * The public interface: every setting the action takes, with its default. action.yml, the README
 * and the command line's --help are checked against this table by the tests.
 */
export interface InputSpec {
  readonly name: string;
  readonly default: string;
  readonly secret: boolean;
  readonly description: string;
}

const spec = (name: string, defaultValue: string, description: string, secret = false): InputSpec => ({
  name,
  default: defaultValue,
  secret,
  description,
});

export const INPUTS = [
  spec(
    'authority',
    '',
    'Realm (issuer) URL, e.g. https://keycloak.example.org/realms/OECD (legacy: .../auth/realms/OECD). The token endpoint is found by OpenID Connect discovery.',
  ),
  spec('token-url', '', 'Explicit token endpoint, used instead of discovery. One of authority or token-url is required.'),
  spec('client-id', 'app', 'OAuth client id; app is the .Stat Suite default client.'),
  spec('client-secret', '', 'Client secret, for confidential clients and service accounts.', true),
  spec('username', '', 'User name for the password grant (Keycloak "Direct Access Grants").', true),
  spec('password', '', 'Password for the password grant.', true),
  spec('refresh-token', '', 'A stored refresh token.', true),
  spec(
    'id-token',
    '',
    'Keyless: an OpenID Connect ID token of this job (GitLab: from id_tokens:). On GitHub the action mints one itself, with permissions: id-token: write.',
    true,
  ),
  spec('audience', '', "Keyless: the aud of the job's ID token; default: the realm URL (authority), which is what Keycloak requires."),
  spec(
    'grant-type',
    'auto',
    'auto, password, refresh_token, client_credentials or keyless. auto picks refresh_token when refresh-token is set, else password, else client_credentials (client-secret), else keyless (the job can mint an ID token, or id-token is set).',
  ),
  spec('scope', '', 'Space-separated scopes, sent only when set: openid for an id token, offline_access for an offline refresh token.'),
  spec('export-env', 'DOTSTAT_ACCESS_TOKEN', 'Environment variable in which later steps receive the access token; empty: none.'),
  spec(
    'refresh-token-store',
    '',
    'Where to write the rotated refresh token back, confirmed before anything else in the run: github-secret:NAME (this repository), github-secret:OWNER/REPO/NAME, github-secret:OWNER/REPO/env/ENVIRONMENT/NAME, github-secret:org/ORG/NAME, gitlab-variable:NAME (this project), gitlab-variable:PROJECT/NAME, or file:PATH (mode 0600). Empty: only the refresh-token output.',
  ),
  spec(
    'store-token',
    '',
    "A token allowed to write refresh-token-store, from a secret. GitHub: a fine-grained personal access token with Secrets: Read and write (Environments for an environment secret, the organization's Secrets for an organisation one), or a classic one with repo (admin:org). GitLab: a project access token with the Maintainer role and the api scope. GITHUB_TOKEN and CI_JOB_TOKEN cannot write secrets or variables.",
    true,
  ),
  spec('request-timeout', '30', 'Seconds allowed for one HTTP attempt.'),
  spec('allow-insecure-http', 'false', 'Permit plain http:// to a host other than this machine (credentials would travel unencrypted).'),
  spec('transfer-url', '', 'Transfer service base URL with its API version, e.g. https://transfer.example.org/3; without a version segment /3 is used.'),
  spec('dataspace', '', 'Target data space, e.g. design (required when uploading).'),
  spec('file', '', 'Files to upload: paths or glob patterns, one per line; each file is one request. No file and no file-url: token only.'),
  spec('file-url', '', 'A URL (or server path) the Transfer service fetches itself, instead of file.'),
  spec('validate-only', 'false', 'Only validate (/validate/sdmxFile): all checks, nothing stored.'),
  spec('validation-type', 'basic', 'basic or advanced.'),
  spec('target-version', 'live', 'live or pit (point in time).'),
  spec('pit-release-date', '', 'ISO 8601 date-time with a time zone, for target-version pit, e.g. 2026-06-04T08:00:00Z.'),
  spec('restoration-option-required', 'false', 'Keep the current Live data restorable.'),
  spec(
    'compress',
    'auto',
    'auto, zip or none: zip wraps each CSV/XML file in a zip (deflate) before sending; auto does so for files larger than compress-threshold.',
  ),
  spec('compress-threshold', '10MB', 'Size above which compress: auto zips a file, e.g. 10MB, 500KB, 1GB (decimal units) or a number of bytes.'),
  spec(
    'upload-concurrency',
    '4',
    'Files uploaded at once (1 to 16), each its own request, and status requests at once while waiting; results and reports keep the order of the files. 1 does one after another.',
  ),
  spec('wait', 'true', 'Poll until every request has finished, and fail the step when an import failed.'),
  spec('wait-timeout', '3600', 'Seconds allowed for all polling together.'),
  spec('poll-interval', '5', 'First polling interval in seconds; it backs off to six times this (at most 60 s).'),
  spec('fail-on-warning', 'false', 'Fail the step when an import ends with outcome Warning.'),
  spec(
    'summary-file',
    '',
    "Also write the job summary's Markdown (tables, timeline, first log lines) to this file, e.g. for GitLab's artifacts:expose_as; empty: none.",
  ),
  spec(
    'junit-file',
    '',
    "Write a JUnit XML report to this file: one test case per file, failed when its import failed, with its Transfer log; for GitLab's artifacts:reports:junit. Empty: none.",
  ),
  spec(
    'handoff-key',
    '',
    'Hand-off: a 256-bit key kept in a CI secret (make one with openssl rand -base64 32). A job that signs in with it outputs the access token sealed with it as handoff; a job given handoff opens it with the same key.',
    true,
  ),
  spec(
    'handoff',
    '',
    'Hand-off: the handoff output of an earlier job (GitHub: needs.JOB.outputs.handoff; GitLab: DOTSTAT_HANDOFF from its dotenv report). This job then uses the access token in it, with no sign-in.',
  ),
  spec(
    'revoke',
    'auto',
    'At the end of the job (the post step; GitLab after_script; dotstat-action revoke), revoke what this job signed in: auto: the session of a password or client_credentials sign-in (not a stored refresh token, not an offline token); always: also the session of a stored refresh token; never: nothing.',
  ),
] as const satisfies readonly InputSpec[];

export type InputName = (typeof INPUTS)[number]['name'];

/** Reads one raw setting; '' (or undefined) means unset. */
export type RawSettings = (name: InputName) => string | undefined;

export const SECRET_INPUTS: readonly InputName[] = INPUTS.filter((input) => input.secret).map((input) => input.name);
