import { describe, expect, it } from 'vitest';
import { envName, parseCli, type CliOptions } from '../../../src/cli/args.js';
import { parseConfig } from '../../../src/config.js';
import { InputError } from '../../../src/errors.js';
import { INPUTS, SECRET_INPUTS, type InputName } from '../../../src/inputs.js';

type Env = Record<string, string>;

const parse = (argv: readonly string[], env: Env = {}): CliOptions => parseCli(argv, env);

/** The InputError that parsing throws (fails the test when the command line is accepted). */
function cliError(argv: readonly string[], env: Env = {}): InputError {
  try {
    parse(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`expected an InputError for ${argv.join(' ')}`);
}

describe('envName()', () => {
  it.each([
    ['authority', 'DOTSTAT_AUTHORITY'],
    ['client-id', 'DOTSTAT_CLIENT_ID'],
    ['restoration-option-required', 'DOTSTAT_RESTORATION_OPTION_REQUIRED'],
    ['token-file', 'DOTSTAT_TOKEN_FILE'],
  ])('%s → %s', (input, name) => {
    expect(envName(input)).toBe(name);
  });
});

describe('parseCli() values', () => {
  it.each<[string, string[], Env, InputName, string | undefined]>([
    ['--flag value', ['--client-id', 'svc'], {}, 'client-id', 'svc'],
    ['--flag=value', ['--client-id=svc'], {}, 'client-id', 'svc'],
    ['--flag=value w/ = in the value', ['--scope=a=b'], {}, 'scope', 'a=b'],
    ['--flag= (empty on purpose)', ['--export-env='], {}, 'export-env', ''],
    ['--flag value w/ spaces', ['--scope', 'openid offline_access'], {}, 'scope', 'openid offline_access'],
    ['boolean --wait', ['--wait'], {}, 'wait', 'true'],
    ['boolean --no-wait', ['--no-wait'], {}, 'wait', 'false'],
    ['boolean --wait false', ['--wait', 'false'], {}, 'wait', 'false'],
    ['boolean --wait no', ['--wait', 'no'], {}, 'wait', 'no'],
    ['boolean --wait=false', ['--wait=false'], {}, 'wait', 'false'],
    ['boolean last on the line', ['--client-id', 'app', '--fail-on-warning'], {}, 'fail-on-warning', 'true'],
    ['boolean followed by another flag', ['--validate-only', '--dataspace', 'design'], {}, 'validate-only', 'true'],
    ['…and that flag keeps its value', ['--validate-only', '--dataspace', 'design'], {}, 'dataspace', 'design'],
    ['boolean --no-restoration-option-required', ['--no-restoration-option-required'], {}, 'restoration-option-required', 'false'],
    ['repeated --file joins lines', ['--file', 'a.csv', '--file', 'data/*.csv', '--file=b.xml'], {}, 'file', 'a.csv\ndata/*.csv\nb.xml'],
    ['a repeated flag other than --file: the last wins', ['--dataspace', 'design', '--dataspace', 'stable'], {}, 'dataspace', 'stable'],
    ['env DOTSTAT_CLIENT_ID', [], { DOTSTAT_CLIENT_ID: 'env-app' }, 'client-id', 'env-app'],
    ['env w/ dashes as underscores', [], { DOTSTAT_TRANSFER_URL: 'https://t.example.org/3' }, 'transfer-url', 'https://t.example.org/3'],
    ['env boolean', [], { DOTSTAT_VALIDATE_ONLY: 'true' }, 'validate-only', 'true'],
    ['env multi-line file', [], { DOTSTAT_FILE: 'a.csv\nb.csv' }, 'file', 'a.csv\nb.csv'],
    ['flag wins over env', ['--client-id', 'flag-app'], { DOTSTAT_CLIENT_ID: 'env-app' }, 'client-id', 'flag-app'],
    ['--no- flag wins over env', ['--no-wait'], { DOTSTAT_WAIT: 'true' }, 'wait', 'false'],
    ['empty env value = unset', [], { DOTSTAT_CLIENT_ID: '' }, 'client-id', undefined],
    ['blank env value = unset', [], { DOTSTAT_CLIENT_ID: '  ' }, 'client-id', undefined],
    ['neither flag nor env', [], {}, 'client-id', undefined],
    ['secret from env', [], { DOTSTAT_PASSWORD: 'pw-from-env' }, 'password', 'pw-from-env'],
    ['env without the DOTSTAT_ prefix is ignored', [], { CLIENT_ID: 'x', INPUT_CLIENT_ID: 'y', 'INPUT_CLIENT-ID': 'z' }, 'client-id', undefined],
  ])('%s', (_title, argv, env, name, expected) => {
    expect(parse(argv, env).settings(name)).toBe(expected);
  });

  it('every non-secret input has a flag, and every input an environment variable', () => {
    for (const input of INPUTS) {
      expect(parse([], { [envName(input.name)]: 'from-env' }).settings(input.name), input.name).toBe('from-env');
      if (!input.secret) expect(parse([`--${input.name}=from-flag`]).settings(input.name), input.name).toBe('from-flag');
    }
  });

  it.each<[string, string[], Env, string]>([
    ['flag', ['--client-id', 'flag-app'], { DOTSTAT_CLIENT_ID: 'env-app' }, 'flag-app'],
    ['env', [], { DOTSTAT_CLIENT_ID: 'env-app' }, 'env-app'],
    ['default', [], {}, 'app'],
    ['default when the env value is empty', [], { DOTSTAT_CLIENT_ID: '' }, 'app'],
  ])('precedence flag > env > default: %s', (_title, argv, env, clientId) => {
    const options = parse(argv, { DOTSTAT_AUTHORITY: 'https://kc.example.org/realms/r', DOTSTAT_USERNAME: 'alice', DOTSTAT_PASSWORD: 'pw', ...env });
    expect(parseConfig(options.settings).idp?.clientId).toBe(clientId);
  });

  it('explicit: inputs set by a flag or the environment, not the defaulted ones', () => {
    const options = parse(['--client-id', 'svc', '--no-wait', '--export-env='], { DOTSTAT_SCOPE: 'openid', DOTSTAT_DATASPACE: '', DOTSTAT_PASSWORD: 'pw' });
    expect([...options.explicit].sort()).toEqual(['client-id', 'export-env', 'password', 'scope', 'wait']);
  });
});

describe('parseCli() secrets are refused as flags', () => {
  const VALUE = 'cmdline-secret-7f3a9';
  it.each([
    ['--password', [`--password`, VALUE], 'DOTSTAT_PASSWORD'],
    ['--password=x', [`--password=${VALUE}`], 'DOTSTAT_PASSWORD'],
    ['--password last on the line', ['--password'], 'DOTSTAT_PASSWORD'],
    ['--client-secret', ['--client-secret', VALUE], 'DOTSTAT_CLIENT_SECRET'],
    ['--refresh-token', ['--refresh-token', VALUE], 'DOTSTAT_REFRESH_TOKEN'],
    ['--username', ['--username', VALUE], 'DOTSTAT_USERNAME'],
    ['--username=x after other flags', ['--client-id', 'app', `--username=${VALUE}`], 'DOTSTAT_USERNAME'],
  ])('%s', (_title, argv, variable) => {
    const error = cliError(argv, { DOTSTAT_PASSWORD: 'env-password' });
    const flag = argv.find((a) => a.startsWith('--') && a !== '--client-id')?.split('=')[0];
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe(
      `Input '${flag}': a secret is never taken from the command line: it would show in the process list, in shell history and in CI logs.`,
    );
    expect(error.hint).toBe(`Set the environment variable ${variable} instead (in GitLab: a masked CI/CD variable).`);
    expect(error.describe()).not.toContain(VALUE);
  });

  it('covers every secret input', () => {
    for (const name of SECRET_INPUTS) expect(cliError([`--${name}`, 'x']).hint, name).toContain(envName(name));
  });
});

describe('parseCli() errors', () => {
  it.each<[string, string[], string, string | undefined]>([
    ['unknown flag w/ a suggestion', ['--client-idd', 'app'], "Input '--client-idd': is not a known option.", 'Did you mean --client-id? See --help.'],
    ['unknown flag w/ a suggestion, misspelt', ['--dataspce', 'design'], "Input '--dataspce': is not a known option.", 'Did you mean --dataspace? See --help.'],
    [
      'unknown flag w/ a suggestion, missing dash',
      ['--tokenfile', 't'],
      "Input '--tokenfile': is not a known option.",
      'Did you mean --token-file? See --help.',
    ],
    ['unknown --no- flag', ['--no-waiting'], "Input '--no-waiting': is not a known option.", 'Did you mean --wait? See --help.'],
    [
      'unknown flag w/o anything close: named by position',
      ['--frobnicate'],
      "Input 'argument 1': is not a known option (it is not shown, in case it is a secret).",
      'See --help for every setting.',
    ],
    // Regression (review): a pasted secret starting with -- was echoed as an unknown option.
    [
      'a pasted secret that starts with --',
      ['--wait', '--Hunter2-S3cret'],
      "Input 'argument 2': is not a known option (it is not shown, in case it is a secret).",
      'See --help for every setting.',
    ],
    ['--no- on a flag that is not a boolean', ['--no-dataspace'], "Input '--no-dataspace': is not a known option.", 'Did you mean --dataspace? See --help.'],
    [
      'a positional that is not exec',
      ['tokens'],
      "Input 'argument 1': is not an option or a command (it is not shown, in case it is a secret).",
      'Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.',
    ],
    [
      'a positional after a boolean',
      ['--wait', 'maybe'],
      "Input 'argument 2': is not an option or a command (it is not shown, in case it is a secret).",
      'Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.',
    ],
    [
      'a short option',
      ['-x'],
      "Input 'argument 1': is not an option or a command (it is not shown, in case it is a secret).",
      'Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.',
    ],
    [
      'a stray value that may be a secret is not echoed',
      ['--wait', 'S3cr3t!pass'],
      "Input 'argument 2': is not an option or a command (it is not shown, in case it is a secret).",
      'Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.',
    ],
    // Regression: a lowercase word was quoted as a mistyped command, and a password can be one.
    [
      'a lowercase stray word (a pasted password) is not echoed',
      ['--wait', 'hunterpass'],
      "Input 'argument 2': is not an option or a command (it is not shown, in case it is a secret).",
      'Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.',
    ],
    [
      'a mistyped exec is named by the command it resembles',
      ['exce', 'ls'],
      "Input 'argument 1': is not an option or a command (it is not shown, in case it is a secret).",
      'Did you mean exec? Options start with --; the commands are exec, token, revoke and keyless-setup. See --help.',
    ],
    ['exec w/o a command', ['exec'], "Input 'exec': needs a command to run.", 'Write it after --, e.g. dotstat-action exec -- python publish.py'],
    [
      'exec -- w/o a command',
      ['--client-id', 'app', 'exec', '--'],
      "Input 'exec': needs a command to run.",
      'Write it after --, e.g. dotstat-action exec -- python publish.py',
    ],
    ['a flag missing its value', ['--client-id'], "Input '--client-id': needs a value.", 'Write --client-id VALUE, or --client-id=VALUE.'],
    ['a flag followed by another flag', ['--client-id', '--wait'], "Input '--client-id': needs a value.", 'Write --client-id VALUE, or --client-id=VALUE.'],
    ['--dotenv missing its value', ['--dotenv'], "Input '--dotenv': needs a value.", 'Write --dotenv VALUE, or --dotenv=VALUE.'],
    ['--token-file missing its value', ['--token-file', '--debug'], "Input '--token-file': needs a value.", 'Write --token-file VALUE, or --token-file=VALUE.'],
  ])('%s', (_title, argv, message, hint) => {
    const error = cliError(argv);
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe(message);
    expect(error.hint).toBe(hint);
  });

  it('a value starting with -- is still possible as --flag=--x', () => {
    expect(parse(['--scope=--odd']).settings('scope')).toBe('--odd');
  });

  // Regression: the whole argument was quoted, so `--pasword=<the password>` printed the password.
  it('unknown flag w/ =value: the value is never quoted', () => {
    const error = cliError(['--pasword=hunter2-secret']);
    expect(error.message).toBe("Input '--pasword': is not a known option.");
    expect(error.describe()).not.toContain('hunter2');
  });

  // Regression: the suggestion pointed at --password, a flag that is then refused.
  it('unknown flag close to a secret: suggests its environment variable', () => {
    expect(cliError(['--passwd', 'x']).hint).toBe('Did you mean DOTSTAT_PASSWORD? Secrets are read only from the environment.');
    expect(cliError(['--client-secrets=x']).hint).toBe('Did you mean DOTSTAT_CLIENT_SECRET? Secrets are read only from the environment.');
  });
});

describe('parseCli() exec', () => {
  it.each<[string, string[], string[]]>([
    ['exec -- CMD', ['exec', '--', 'sh', '-c', 'exit 7'], ['sh', '-c', 'exit 7']],
    ['exec CMD w/o --', ['exec', 'python', 'publish.py'], ['python', 'publish.py']],
    ['flags before exec', ['--client-id', 'svc', '--wait', 'exec', '--', 'make'], ['make']],
    ["the command's own flags are not parsed", ['exec', '--', 'tool', '--password', 'x', '--bogus'], ['tool', '--password', 'x', '--bogus']],
    ["w/o --, the command's flags are not parsed either", ['exec', 'tool', '--wait'], ['tool', '--wait']],
    ['a second -- belongs to the command', ['exec', '--', 'env', '--', 'x'], ['env', '--', 'x']],
  ])('%s', (_title, argv, command) => {
    expect(parse(argv).command).toEqual(command);
  });

  it('flags before exec still apply', () => {
    const options = parse(['--client-id', 'svc', '--token-file', 'tok', 'exec', '--', 'make']);
    expect(options.settings('client-id')).toBe('svc');
    expect(options.tokenFile).toBe('tok');
  });

  it('no exec: no command', () => {
    expect(parse(['--client-id', 'svc']).command).toBeUndefined();
  });

  it('exec as the value of a flag is a value', () => {
    const options = parse(['--dataspace', 'exec']);
    expect(options.settings('dataspace')).toBe('exec');
    expect(options.command).toBeUndefined();
  });
});

describe('parseCli() command-line options', () => {
  it.each<[string, string[], Partial<Pick<CliOptions, 'help' | 'version'>>]>([
    ['--help', ['--help'], { help: true, version: false }],
    ['-h', ['-h'], { help: true, version: false }],
    ['--version', ['--version'], { help: false, version: true }],
    ['-v', ['-v'], { help: false, version: true }],
    ['--help among other flags', ['--client-id', 'svc', '--help'], { help: true, version: false }],
    ['neither', ['--client-id', 'svc'], { help: false, version: false }],
  ])('%s', (_title, argv, expected) => {
    expect(parse(argv)).toMatchObject(expected);
  });

  it.each<[string, string[], Env, string | undefined]>([
    ['no default outside GitLab', [], {}, undefined],
    ['GITLAB_CI=false: no default', [], { GITLAB_CI: 'false' }, undefined],
    ['default dotstat.env on GitLab', [], { GITLAB_CI: 'true' }, 'dotstat.env'],
    ['DOTSTAT_DOTENV outside GitLab', [], { DOTSTAT_DOTENV: 'out.env' }, 'out.env'],
    ['DOTSTAT_DOTENV on GitLab', [], { GITLAB_CI: 'true', DOTSTAT_DOTENV: 'out.env' }, 'out.env'],
    ['empty DOTSTAT_DOTENV on GitLab = unset', [], { GITLAB_CI: 'true', DOTSTAT_DOTENV: '' }, 'dotstat.env'],
    ['--dotenv', ['--dotenv', 'custom.env'], {}, 'custom.env'],
    ['--dotenv wins over DOTSTAT_DOTENV', ['--dotenv=custom.env'], { GITLAB_CI: 'true', DOTSTAT_DOTENV: 'out.env' }, 'custom.env'],
    ['--dotenv= turns it off on GitLab', ['--dotenv='], { GITLAB_CI: 'true' }, ''],
  ])('dotenv: %s', (_title, argv, env, dotenv) => {
    expect(parse(argv, env).dotenv).toBe(dotenv);
  });

  it.each<[string, string[], Env, string | undefined]>([
    ['none', [], {}, undefined],
    ['--token-file', ['--token-file', '.token'], {}, '.token'],
    ['--token-file=', ['--token-file=/tmp/t'], {}, '/tmp/t'],
    ['DOTSTAT_TOKEN_FILE', [], { DOTSTAT_TOKEN_FILE: 'env.token' }, 'env.token'],
    ['flag wins', ['--token-file', 'flag.token'], { DOTSTAT_TOKEN_FILE: 'env.token' }, 'flag.token'],
  ])('token-file: %s', (_title, argv, env, tokenFile) => {
    expect(parse(argv, env).tokenFile).toBe(tokenFile);
  });

  it.each<[string, string[], Env, boolean]>([
    ['off by default', [], {}, false],
    ['--debug', ['--debug'], {}, true],
    ['--debug true', ['--debug', 'true'], {}, true],
    ['--debug false', ['--debug', 'false'], {}, false],
    ['--no-debug', ['--no-debug'], {}, false],
    ['DOTSTAT_DEBUG=true', [], { DOTSTAT_DEBUG: 'true' }, true],
    ['DOTSTAT_DEBUG=1', [], { DOTSTAT_DEBUG: '1' }, true],
    ['DOTSTAT_DEBUG=false', [], { DOTSTAT_DEBUG: 'false' }, false],
    ['--no-debug wins over DOTSTAT_DEBUG', ['--no-debug'], { DOTSTAT_DEBUG: 'true' }, false],
    ['RUNNER_DEBUG=1', [], { RUNNER_DEBUG: '1' }, true],
    ['GitLab CI_DEBUG_TRACE=true', [], { CI_DEBUG_TRACE: 'true' }, true],
  ])('debug: %s', (_title, argv, env, debug) => {
    expect(parse(argv, env).debug).toBe(debug);
  });
});

describe('parseCli() keyless-setup', () => {
  it('is a command, with the settings around it', () => {
    const options = parseCli(['--client-id', 'kl', 'keyless-setup'], { DOTSTAT_ID_TOKEN: 'a.b.c' });
    expect(options.keylessSetup).toBe(true);
    expect(options.settings('client-id')).toBe('kl');
    expect(options.settings('id-token')).toBe('a.b.c');
    expect(parseCli([], {}).keylessSetup).toBe(false);
  });

  it('the ID token is never a flag', () => {
    expect(() => parseCli(['--id-token', 'a.b.c'], {})).toThrow('a secret is never taken from the command line');
  });
});

describe('parseCli() token and revoke', () => {
  it('are commands, apart from the revoke input of the same name', () => {
    const revoke = parseCli(['--revoke', 'always', 'revoke'], {});
    expect(revoke.lifecycle).toBe('revoke');
    expect(revoke.settings('revoke')).toBe('always');
    const plain = parseCli(['--state-file', 's.json', 'revoke'], {});
    expect(plain.lifecycle).toBe('revoke');
    expect(plain.settings('revoke')).toBeUndefined();
    expect(plain.stateFile).toBe('s.json');
    expect(parseCli(['token'], { DOTSTAT_STATE_FILE: 'x.json' })).toMatchObject({ lifecycle: 'token', stateFile: 'x.json' });
    expect(parseCli([], {}).lifecycle).toBeUndefined();
  });
});
