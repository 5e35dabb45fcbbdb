/**
 * The one way to a store: `openStore(target, ctx)` for a parsed target (./target.ts). It checks at
 * once what can be checked before any request (a token is given, the API and the repository or
 * project are known) and throws an InputError naming the setting; the write itself is the store's.
 */
import { fileStore } from './file.js';
import { githubSecretStore } from './github.js';
import { gitlabVariableStore } from './gitlab.js';
import type { StoreContext } from './context.js';
import type { StoreTarget } from './target.js';
import type { SecretStore } from './types.js';

export type { StoreContext } from './context.js';

export function openStore(target: StoreTarget, ctx: StoreContext): SecretStore {
  switch (target.kind) {
    case 'file':
      return fileStore(target.path);
    case 'github-secret':
      return githubSecretStore(target, ctx);
    case 'gitlab-variable':
      return gitlabVariableStore(target, ctx);
  }
}
