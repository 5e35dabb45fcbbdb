/**
 * The figures of long work, formatted once: the progress lines, the bar, the heartbeats, the
 * phase lines and the job summary all use these, so that a rate or a time left in the log reads
 * the same as in the summary.
 */
import { formatBytes } from '../text.js';

/** A duration as a person reads it: 850 ms, 12.3 s, 4 min 5 s, 1 h 2 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min${whole % 60 ? ` ${whole % 60} s` : ''}`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** Whole minutes for a heartbeat ("after 4 min"), seconds under one. */
export function formatElapsed(ms: number): string {
  return ms < 60_000 ? `${Math.floor(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min`;
}

/** Bytes per second, in the decimal units of formatBytes: 12.0 MB/s. */
export function formatRate(bytes: number, ms: number): string {
  if (ms <= 0) return '';
  return `${formatBytes(Math.round((bytes * 1000) / ms))}/s`;
}

/** A share of the way, one decimal: 24.0%. */
export function formatPercent(done: number, total: number): string {
  if (total <= 0) return '100.0%';
  return `${(Math.min(1, done / total) * 100).toFixed(1)}%`;
}

/** The time left at a rate (bytes per ms), rounded to whole seconds; '' when it cannot be told. */
export function formatTimeLeft(left: number, bytesPerMs: number): string {
  if (left <= 0) return '0 s left';
  if (!(bytesPerMs > 0)) return 'time left unknown';
  return `${formatDuration(Math.max(1000, Math.round(left / bytesPerMs / 1000) * 1000))} left`;
}
