/**
 * Everything an upload needs and a token-only run does not: ./run.ts loads this one module
 * lazily, so that the bundle keeps it in one chunk (each module that several lazy imports shared
 * was otherwise copied into every chunk that needed it).
 */
export { publish } from './transfer/publish.js';
export { transferOutputs } from './report/results.js';
export { summaryMarkdown } from './report/summary.js';
export { printTransferLogs } from './report/transfer-log.js';
export { fullLogs } from './report/full-log.js';
export { writeReports } from './report/report-files.js';
export { phaseLines } from './report/phases.js';
export { createProgress } from './report/progress.js';
