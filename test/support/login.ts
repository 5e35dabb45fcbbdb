/** What the unit tests of `login` (../unit/login/) share: runLogin() runs in the test's own process. */
import { afterEach, vi } from 'vitest';
import type { ScriptedServer } from './scripted.js';

/**
 * The scripted servers a test starts, closed after it; and what runLogin() leaves behind in this
 * process (process.exitCode, the spies on stderr) undone, so that the next test starts clean.
 */
export function loginServers(): ScriptedServer[] {
  const servers: ScriptedServer[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    for (const server of servers.splice(0)) await server.close();
  });
  return servers;
}
