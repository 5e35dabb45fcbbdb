/**
 * Where each file's time went, as phases on this job's clock: zip, upload, queued, processing.
 * The wait sees a request start and end only at its polls; the Transfer service knows better, so
 * where it gives executionStart and executionEnd, the processing phase lasts what they say (both
 * on the service's clock, so the clocks' difference cancels out), starting as late as the polls
 * allow: after registration, and no later than the poll that first saw it running. The job summary's table and timeline, the JUnit report and the log's last lines all read
 * these phases.
 */
import type { RequestResult } from '../transfer/publish.js';
import { formatDuration, formatRate } from './figures.js';

export type PhaseName = 'zip' | 'upload' | 'queued' | 'processing';

export interface Phase {
  readonly name: PhaseName;
  /** Epoch ms, this job's clock. */
  readonly start: number;
  readonly end: number;
}

/** The service's own processing time, when it gave both ends and they make sense. */
export function serviceProcessingMs(r: RequestResult): number | undefined {
  const start = Date.parse(r.executionStart ?? '');
  const end = Date.parse(r.executionEnd ?? '');
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
}

export function phasesOf(r: RequestResult): Phase[] {
  const t = r.timing ?? {};
  const phases: Phase[] = [];
  const add = (name: PhaseName, start: number | undefined, end: number | undefined) => {
    if (start !== undefined && end !== undefined && end >= start) phases.push({ name, start, end });
  };
  add('zip', t.zipStartedAt, t.zipEndedAt);
  add('upload', t.uploadStartedAt, t.uploadEndedAt);
  if (r.requestId === undefined || t.uploadEndedAt === undefined) return phases;
  const registered = t.uploadEndedAt;
  if (t.finishedAt === undefined) {
    // Still running when the wait stopped: only what is known for sure.
    add('queued', registered, t.startedAt);
    return phases;
  }
  const service = serviceProcessingMs(r);
  const seenStart = t.startedAt ?? t.finishedAt;
  if (service === undefined || service > t.finishedAt - registered) {
    add('queued', registered, seenStart);
    add('processing', seenStart, t.finishedAt);
    return phases;
  }
  // It started after registration and before a poll saw it running; it lasted what the service says.
  const start = Math.min(Math.max(t.finishedAt - service, registered), seenStart);
  add('queued', registered, start);
  add('processing', start, start + service);
  return phases;
}

export function phaseMs(phases: readonly Phase[], name: PhaseName): number | undefined {
  const phase = phases.find((p) => p.name === name);
  return phase && phase.end - phase.start;
}

/** The bytes that went over the wire: the zip when one was sent. */
export function sentBytes(r: RequestResult): number | undefined {
  return r.sentSize ?? r.size;
}

/** "zipped in 12.3 s, uploaded in 25.3 s (790 KB/s), queued 3 s, processing 1 min 2 s" */
export function phaseText(r: RequestResult): string {
  const phases = phasesOf(r);
  const parts: string[] = [];
  const zip = phaseMs(phases, 'zip');
  if (zip !== undefined) parts.push(`zipped in ${formatDuration(zip)}`);
  const upload = phaseMs(phases, 'upload');
  const bytes = sentBytes(r);
  if (upload !== undefined) parts.push(`uploaded in ${formatDuration(upload)}${bytes !== undefined && upload > 0 ? ` (${formatRate(bytes, upload)})` : ''}`);
  const queued = phaseMs(phases, 'queued');
  if (queued !== undefined) parts.push(`queued ${formatDuration(queued)}`);
  const processing = phaseMs(phases, 'processing');
  if (processing !== undefined) parts.push(`processing ${formatDuration(processing)}`);
  return parts.join(', ');
}

/** Files whose phases are told in the log, at most; the summary has them all. */
const MAX_PHASE_LINES = 20;

/** The log's account of the wait's end: how long each phase of each file took. */
export function phaseLines(results: readonly RequestResult[]): string[] {
  const told = results.filter((r) => phasesOf(r).length > 0);
  const lines = told.slice(0, MAX_PHASE_LINES).map((r) => `${r.requestId === undefined ? '' : `Request ${r.requestId} `}(${r.file}): ${phaseText(r)}.`);
  if (told.length > MAX_PHASE_LINES) lines.push(`${told.length - MAX_PHASE_LINES} more files: see the job summary.`);
  return lines.length ? ['Where the time went:', ...lines] : [];
}
