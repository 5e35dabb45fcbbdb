/** Log lines of tasks run at once, kept in the tasks' order (./publish.ts, ./poll.ts). */
import type { Logger } from '../platform/types.js';

/**
 * Loggers for `count` tasks that write in the tasks' order (the files of an upload, the requests
 * of a poll round): the first task not done writes through, the others' lines wait until every
 * task before theirs is done. flush() writes what is left (tasks never done: the job was
 * cancelled).
 */
export function inOrder(log: Logger, count: number) {
  const held: Array<Array<() => void>> = Array.from({ length: count }, () => []);
  const done = new Array<boolean>(count).fill(false);
  let head = 0;
  const write = (index: number, line: () => void) => (index === head ? line() : held[index]?.push(line));
  const advance = () => {
    while (head < count && done[head]) {
      head++;
      for (const line of held[head]?.splice(0) ?? []) line();
    }
  };
  return {
    of: (index: number): Logger => ({
      info: (message) => write(index, () => log.info(message)),
      warning: (message, annotation) => write(index, () => log.warning(message, annotation)),
      error: (message, annotation) => write(index, () => log.error(message, annotation)),
      debug: (message) => write(index, () => log.debug(message)),
      // Not used by the tasks: passed through.
      group: (title, fn) => log.group(title, fn),
    }),
    done: (index: number) => {
      done[index] = true;
      advance();
    },
    flush: () => {
      done.fill(true);
      advance();
    },
  };
}
