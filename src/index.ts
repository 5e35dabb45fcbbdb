/**
 * The one bundle's entry (dist/index.js). The action and the command line share every module, so
 * they are bundled once: action.yml runs dist/index.js, which is the action; the package's bin,
 * dist/cli.js, is a few lines written by scripts/build.mjs that mark the run as the command
 * line's and load this file; dist/post.js (the action's post step) does the same with its own mark. Neither role's code starts anything when it is imported.
 */
import { runCli } from './cli.js';
import { run } from './main.js';
import { post } from './post.js';

/** Set by dist/cli.js before it imports this bundle. */
const COMMAND_LINE = Symbol.for('dotstat-action.command-line');
/** Set by dist/post.js, the action's post step (action.yml runs.post). */
const POST = Symbol.for('dotstat-action.post');

const marks = globalThis as Record<symbol, unknown>;
await (marks[COMMAND_LINE] === true ? runCli() : marks[POST] === true ? post() : run());
