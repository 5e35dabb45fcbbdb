/**
 * The command line's progress bar: one line on stderr, redrawn in place with a carriage return
 * and an erase-to-end-of-line, for a person at a terminal. Drawn only where it can be: stderr is
 * a terminal, not in CI (a CI log keeps every redraw as text), and not on a dumb terminal (no
 * erase). NO_COLOR takes its colour away, as that convention asks, not the bar. About 60 lines,
 * not a library: the bar shows what ./progress.ts sums up for every file in flight, one line
 * whatever their number, and must redact like every other sink; the libraries draw one bar per
 * task and bring their own formatting and timers (README, "Why these packages").
 */
import { sanitize } from '../text.js';
import type { ProgressBar } from './progress.js';

const CLEAR_LINE = '\r\u001b[K';
const CYAN = '\u001b[36m';
const DEFAULT_COLOUR = '\u001b[39m';

export interface BarStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Whether the bar may be drawn on `stream` in this environment. */
export function barWanted(stream: BarStream, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && !/^(false|0)$/i.test(env.CI);
  return stream.isTTY === true && !ci && env.TERM !== 'dumb';
}

export interface TerminalBar extends ProgressBar {
  /** Writes other output: the bar is taken away first, and comes back at its next drawing. */
  above(write: () => void): void;
}

export function createBar(stream: BarStream, env: NodeJS.ProcessEnv, redact: (text: string) => string): TerminalBar {
  const colour = !env.NO_COLOR;
  let drawn = false;
  const clear = () => {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
  };
  return {
    draw({ fraction, label, figures }) {
      // A terminal that gives no size (0) is taken as the usual 80 columns.
      const columns = Math.max(40, stream.columns || 80);
      const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
      const text = redact(sanitize(redact(`${label} ${figures}`), columns));
      const width = columns >= 110 ? 30 : 15;
      const full = Math.round(fraction * width);
      const filled = '█'.repeat(full);
      const bar = colour ? `${CYAN}${filled}${DEFAULT_COLOUR}` : filled;
      const line = `${percent} ${bar}${'░'.repeat(width - full)} ${text}`;
      // Cut to the terminal's width (the colour codes take no column), so that it never wraps.
      const room = columns - 1 - (percent.length + 2 + width);
      stream.write(`${CLEAR_LINE}${line.slice(0, line.length - text.length)}${text.slice(0, Math.max(0, room))}`);
      drawn = true;
    },
    clear,
    above(write) {
      clear();
      write();
    },
  };
}
