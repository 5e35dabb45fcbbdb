/**
 * Whether the command that left a file behind has ended: its pid is gone. A pid means something
 * only in its own process namespace (a container that shares the folder, `docker run -v
 * $RUNNER_TEMP:…`, has pids of its own, and another's live command would read as gone), so each
 * file also holds the tag of the namespace it was made in, and only a file of this namespace is
 * judged by its pid.
 */
import { createHash } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** This process's namespace: Linux's pid namespace (/proc/self/ns/pid) and the host name (a container's own), hashed to 8 hex digits. */
export const NAMESPACE_TAG = namespaceTag();

function namespaceTag(): string {
  let pidNamespace = '';
  try {
    pidNamespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone.
  }
  return createHash('sha256').update(`${pidNamespace}\n${hostname()}`).digest('hex').slice(0, 8);
}

/** Whether the process runs (one of another user's too: EPERM is an answer that it does). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Whether the command with this pid, in the namespace of this tag, has ended; never said of another namespace's. */
export function hasEnded(pid: number, tag: string): boolean {
  return tag === NAMESPACE_TAG && Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid);
}
