/**
 * One command that wants the state's lock (src/lifecycle/lock.ts), for
 * test/unit/lifecycle/lock.test.ts: `node --import tsx <this> <lock> <inside>`. Once it holds the
 * lock it creates <inside> exclusively (a second holder at the same moment finds it there and says
 * so), keeps it a moment, removes it, and ends without releasing the lock, as a killed command
 * would: the next one must take the lock over from a command that has gone.
 */
import { closeSync, constants, openSync, rmSync } from 'node:fs';
import { acquireLock } from '../../src/lifecycle/lock.js';

const [lock = '', inside = ''] = process.argv.slice(2);
await acquireLock(lock);
try {
  closeSync(openSync(inside, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL));
} catch {
  console.log('two holders at once');
  process.exit(3);
}
await new Promise((resolve) => setTimeout(resolve, 30));
rmSync(inside);
console.log('held');
