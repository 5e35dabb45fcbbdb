/**
 * Progress of long work (zipping, uploading), for all the files in flight together: in a CI log,
 * one line per period for all of them, and only once the work has lasted a while; in a terminal,
 * one bar redrawn in place (./progress-bar.ts). The work itself only calls back with the bytes
 * done (`ProgressTask.update`); everything about when and how to show it is here.
 *
 * The rule for lines: none in the first PERIOD_MS, then one when PERIOD_MS have passed since the
 * last one and some file has gone a tenth of its way since (whichever is rarer), and in any case
 * one every MAX_GAP_MS, so that a slow link still shows within a minute that it is alive.
 */
import { formatBytes } from '../text.js';
import { formatDuration, formatPercent, formatRate, formatTimeLeft } from './figures.js';

export type ProgressKind = 'zip' | 'upload';

/** One file's work; `update` gets the bytes done of the total (a retried upload starts again at 0). */
export interface ProgressTask {
  update(done: number, total: number): void;
  /** `failed`: the work did not end well, so no line says it was done. */
  end(failed?: boolean): void;
}

export interface ProgressReporter {
  /** `say`: where the task's own closing line goes (that file's log, kept in the files' order); default the progress lines. */
  start(kind: ProgressKind, name: string, say?: (text: string) => void): ProgressTask;
}

/** What a terminal bar shows: the share of all the work in flight, what it is, and its figures. */
export interface BarState {
  readonly fraction: number;
  readonly label: string;
  readonly figures: string;
}

export interface ProgressBar {
  draw(state: BarState): void;
  clear(): void;
}

export interface ProgressOptions {
  /** A log line (the platform's info, which redacts). */
  readonly line: (text: string) => void;
  /** In a terminal: the bar is drawn instead of lines. */
  readonly bar?: ProgressBar;
}

/** No line before the work has lasted this long, nor two lines closer than this. */
export const PERIOD_MS = 10_000;
/** The share of a file's way that must be done between two lines... */
export const STEP = 0.1;
/** ...unless this long has passed: a line at least every minute while work goes on. */
export const MAX_GAP_MS = 60_000;
/** How often the work in flight is looked at: the bar more often than the lines. */
const LINE_TICK_MS = 1000;
const BAR_TICK_MS = 200;
/** The bar's rate is measured over the last few seconds. */
const BAR_WINDOW_MS = 5000;
/** Names listed in one line, at most; the rest are counted. */
const MAX_NAMES = 4;

const VERBS: Record<ProgressKind, string> = { zip: 'Zipping', upload: 'Uploading' };

interface Task {
  readonly kind: ProgressKind;
  readonly name: string;
  readonly startedAt: number;
  done: number;
  total: number;
  doneAtLine: number;
  /** A line named this task: its end is said too. */
  shown: boolean;
}

export function createProgress(options: ProgressOptions): ProgressReporter {
  const active = new Set<Task>();
  /** Bytes done by kind since the reporter was made (never falls: a restart counts from 0 again). */
  const moved: Record<ProgressKind, number> = { zip: 0, upload: 0 };
  let movedAtLine: Record<ProgressKind, number> = { ...moved };
  let lastLineAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const samples: Array<{ at: number; moved: number }> = [];

  const tick = () => {
    const now = Date.now();
    if (options.bar) return drawBar(now);
    if (lineDue(now)) printLine(now);
  };

  const lineDue = (now: number) => {
    const since = now - lastLineAt;
    if (since < PERIOD_MS) return false;
    if (since >= MAX_GAP_MS) return true;
    return [...active].some((t) => t.total > 0 && (t.done - t.doneAtLine) / t.total >= STEP);
  };

  const printLine = (now: number) => {
    const parts = (['zip', 'upload'] as const).flatMap((kind) => {
      const tasks = [...active].filter((t) => t.kind === kind);
      return tasks.length ? [groupText(kind, tasks, (moved[kind] - movedAtLine[kind]) / Math.max(1, now - lastLineAt))] : [];
    });
    for (const t of active) {
      t.doneAtLine = t.done;
      t.shown = true;
    }
    movedAtLine = { ...moved };
    lastLineAt = now;
    options.line(parts.join('; '));
  };

  const drawBar = (now: number) => {
    const all = [...active];
    const done = all.reduce((sum, t) => sum + t.done, 0);
    const total = all.reduce((sum, t) => sum + t.total, 0);
    const sum = moved.zip + moved.upload;
    samples.push({ at: now, moved: sum });
    while (samples.length > 1 && now - (samples[0] as { at: number }).at > BAR_WINDOW_MS) samples.shift();
    const first = samples[0] as { at: number; moved: number };
    // A rate only once a second or more has been measured: the first moments say nothing yet.
    const measured = now - first.at >= 1000;
    const perMs = measured ? (sum - first.moved) / (now - first.at) : 0;
    const rate = measured ? `, ${formatRate(sum - first.moved, now - first.at)}` : '';
    options.bar?.draw({
      fraction: total > 0 ? Math.min(1, done / total) : 0,
      label: barLabel(all),
      figures: `${formatBytes(done)} / ${formatBytes(total)}${rate}${rate ? `, ${formatTimeLeft(total - done, perMs)}` : ''}`,
    });
  };

  const idle = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    samples.length = 0;
    options.bar?.clear();
  };

  return {
    start(kind, name, say = options.line) {
      const now = Date.now();
      if (active.size === 0) {
        lastLineAt = now;
        movedAtLine = { ...moved };
        timer = setInterval(tick, options.bar ? BAR_TICK_MS : LINE_TICK_MS);
        timer.unref();
      }
      const task: Task = { kind, name, startedAt: now, done: 0, total: 0, doneAtLine: 0, shown: false };
      active.add(task);
      return {
        update(done, total) {
          // Ended: bytes still counted (a body pulled on after an early answer) are no one's work now.
          if (!active.has(task)) return;
          // A new attempt starts again from 0: its bytes crossed the link all the same.
          if (done < task.done) task.doneAtLine = 0;
          moved[kind] += done < task.done ? done : done - task.done;
          task.done = done;
          task.total = total;
        },
        end(failed = false) {
          if (!active.delete(task)) return;
          if (active.size === 0) idle();
          // A long upload says how it went, in the figures of the summary; a zip's end is said by its caller.
          if (task.shown && !failed && !options.bar && kind === 'upload') {
            const ms = Date.now() - task.startedAt;
            say(`Uploaded ${task.name}: ${formatBytes(task.total)} in ${formatDuration(ms)} (${formatRate(task.total, ms)}).`);
          }
        },
      };
    },
  };
}

/** "Uploading a.csv: 12.0 MB of 20.0 MB (60.0%), 800 KB/s, 10 s left", or the same for several files with each one's share. */
function groupText(kind: ProgressKind, tasks: readonly Task[], perMs: number): string {
  const done = tasks.reduce((sum, t) => sum + t.done, 0);
  const total = tasks.reduce((sum, t) => sum + t.total, 0);
  const rate = perMs > 0 ? formatRate(perMs * 1000, 1000) : '0 B/s';
  // No total yet: the work has not begun sending or reading (a token renewal, a 100 Continue), not 100% done.
  const figures =
    total > 0 ? `${formatBytes(done)} of ${formatBytes(total)} (${formatPercent(done, total)}), ${rate}, ${formatTimeLeft(total - done, perMs)}` : 'starting';
  if (tasks.length === 1) return `${VERBS[kind]} ${(tasks[0] as Task).name}: ${figures}`;
  const names = tasks.slice(0, MAX_NAMES).map((t) => `${t.name} ${t.total > 0 ? formatPercent(t.done, t.total) : 'starting'}`);
  if (tasks.length > MAX_NAMES) names.push(`${tasks.length - MAX_NAMES} more`);
  return `${VERBS[kind]} ${tasks.length} files: ${figures} (${names.join(', ')})`;
}

/** The bar has one line for everything: a file by its own name, without its folders. */
const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

function barLabel(tasks: readonly Task[]): string {
  const parts = (['zip', 'upload'] as const).flatMap((kind) => {
    const of = tasks.filter((t) => t.kind === kind);
    if (of.length === 0) return [];
    return [`${VERBS[kind].toLowerCase()} ${of.length === 1 ? baseName((of[0] as Task).name) : `${of.length} files`}`];
  });
  return parts.join(', ');
}
