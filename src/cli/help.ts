/** `dotstat-action --help`: every setting, its flag, its environment variable and its default. */
import { INPUTS } from '../inputs.js';
import { CLI_OPTIONS, envName } from './args.js';

export const VERSION = '0.1.0';

function wrap(text: string, indent: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

export function helpText(): string {
  const out = [
    `dotstat-action ${VERSION}: get a .Stat Suite access token, optionally upload SDMX data to the`,
    'Transfer service and wait for the outcome. The same job as the GitHub Action, for GitLab CI and',
    'terminals.',
    '',
    'Usage:',
    '  dotstat-action [options]                 get a token (and upload, when --file or --file-url is set)',
    "  dotstat-action [options] keyless-setup  print this job's ID token claims and the Keycloak setup for keyless sign-in",
    '  dotstat-action login [options]           sign a person in (browser or device flow) and store the refresh token;',
    '                                           see dotstat-action login --help',
    '  dotstat-action [options] exec -- CMD...  then run CMD with DOTSTAT_ACCESS_TOKEN (and',
    '                                           DOTSTAT_REFRESH_TOKEN) in its environment, the token kept fresh',
    '                                           in the file DOTSTAT_ACCESS_TOKEN_FILE; exits with its code',
    "  dotstat-action token                     print a valid access token of this job's sign-in, renewed if due",
    '  dotstat-action [--revoke R] revoke       end the job: revoke what it signed in (revoke), remove its state',
    '',
    'Each setting is a flag or an environment variable (the flag wins). Secrets are read only from',
    'the environment (masked CI/CD variables), never from flags.',
    '',
    'Settings:',
  ];
  for (const input of INPUTS) {
    const flag = input.secret ? `(secret: environment only)` : `--${input.name}`;
    const def = input.default ? ` [default: ${input.default}]` : '';
    out.push(`  ${flag.padEnd(34)}${envName(input.name)}${def}`, wrap(input.description, '      '));
  }
  out.push('', 'Command-line options:');
  for (const option of CLI_OPTIONS) out.push(`  ${`--${option.name}`.padEnd(34)}${option.env}`, wrap(option.description, '      '));
  out.push(`  ${'--help, --version'.padEnd(34)}`, '', "Exit status: 0 on success, 1 on failure; with exec, the command's own status.");
  return out.join('\n');
}
