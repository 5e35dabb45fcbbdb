/**
 * The one grammar for where a token is stored, shared by the write-back input and `login --store`:
 *
 *   file:PATH                                   a local file, mode 0600, no link followed
 *   github-secret:NAME                          a secret of this run's repository (GITHUB_REPOSITORY)
 *   github-secret:OWNER/REPO/NAME               a repository secret
 *   github-secret:OWNER/REPO/env/ENV/NAME       an environment secret
 *   github-secret:org/ORG/NAME                  an organisation secret
 *   gitlab-variable:NAME                        a CI/CD variable of this job's project (CI_PROJECT_ID)
 *   gitlab-variable:PROJECT/NAME                a variable of the project (numeric ID or full path)
 */
import { sanitize } from '../text.js';

export type StoreTarget =
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'github-secret';
      readonly scope: 'repository' | 'environment' | 'organization';
      /** OWNER/REPO for a repository or environment secret; undefined: this run's repository. */
      readonly repository?: string;
      readonly environment?: string;
      readonly organization?: string;
      readonly name: string;
    }
  | {
      readonly kind: 'gitlab-variable';
      /** A numeric ID or a full path (group/sub/project); undefined: this job's project. */
      readonly project?: string;
      readonly name: string;
    };

export const STORE_TARGET_FORMS = [
  'file:PATH',
  'github-secret:NAME',
  'github-secret:OWNER/REPO/NAME',
  'github-secret:OWNER/REPO/env/ENVIRONMENT/NAME',
  'github-secret:org/ORG/NAME',
  'gitlab-variable:NAME',
  'gitlab-variable:PROJECT/NAME',
] as const;

/** GitHub: letters, digits and _, not starting with a digit or GITHUB_. GitLab: letters, digits and _. */
const GITHUB_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i;
const GITLAB_NAME = /^[A-Za-z0-9_]{1,255}$/;
/** One part of a path: no empty part, and no dot segment ('.', '..'), which a URL would resolve away to another endpoint. */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9_.-]+$/;

/** A part of the value quoted in a message: one line, no control or bidi character, capped (the value may hold anything). */
const quoted = (value: string): string => `"${sanitize(value, 60)}"`;

/** Parses a store target; throws an Error naming `input`, the forms it takes, and what was wrong. */
export function parseStoreTarget(text: string, input: string): StoreTarget {
  const value = text.trim();
  const colon = value.indexOf(':');
  const kind = colon < 0 ? '' : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  const bad = (why: string): never => {
    throw new Error(`${input}: ${why}. It takes one of: ${STORE_TARGET_FORMS.join(', ')}.`);
  };
  switch (kind) {
    case 'file':
      if (!rest) bad('file: needs a path');
      return { kind: 'file', path: rest };
    case 'github-secret': {
      const parts = rest.split('/');
      const name = parts.at(-1) ?? '';
      if (!GITHUB_NAME.test(name)) bad(`${quoted(name)} is not a GitHub secret name (letters, digits and _, not starting with a digit or GITHUB_)`);
      if (parts.some((p) => !SEGMENT.test(p))) bad('an empty or unusual part in the GitHub secret target');
      if (parts.length === 1) return { kind: 'github-secret', scope: 'repository', name };
      if (parts.length === 3 && parts[0] === 'org') return { kind: 'github-secret', scope: 'organization', organization: parts[1], name };
      if (parts.length === 3) return { kind: 'github-secret', scope: 'repository', repository: `${parts[0]}/${parts[1]}`, name };
      if (parts.length === 5 && parts[2] === 'env')
        return { kind: 'github-secret', scope: 'environment', repository: `${parts[0]}/${parts[1]}`, environment: parts[3], name };
      return bad(`${quoted(rest)} is not a GitHub secret target`);
    }
    case 'gitlab-variable': {
      const slash = rest.lastIndexOf('/');
      const name = rest.slice(slash + 1);
      const project = slash < 0 ? undefined : rest.slice(0, slash);
      if (!GITLAB_NAME.test(name)) bad(`${quoted(name)} is not a GitLab variable name (letters, digits and _)`);
      if (project !== undefined && !project.split('/').every((p) => SEGMENT.test(p))) bad(`${quoted(project)} is not a GitLab project ID or path`);
      return { kind: 'gitlab-variable', project, name };
    }
    default:
      return bad(kind ? `${quoted(kind)} is not a kind of store` : 'no kind of store given');
  }
}
