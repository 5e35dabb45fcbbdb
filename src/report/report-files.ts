/**
 * The report files a job asked for (summary-file, junit-file): written whole or not at all, never
 * through a link planted at the path (../files.ts), and redacted once more as a whole. A report
 * that cannot be written is a warning naming the file: the imports' outcome decides the job.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { notAPlainFile, replaceFile } from '../files.js';
import type { Platform } from '../platform/types.js';
import type { RequestResult } from '../transfer/publish.js';
import type { TransferConfig } from '../transfer/settings.js';
import { junitXml } from './junit.js';

export interface ReportFiles {
  readonly summaryFile?: string;
  readonly junitFile?: string;
}

export function writeReports(results: readonly RequestResult[], config: TransferConfig, files: ReportFiles, markdown: string, platform: Platform): void {
  if (files.summaryFile) writeOne('summary-file', files.summaryFile, markdown, platform);
  if (files.junitFile) writeOne('junit-file', files.junitFile, junitXml(results, config), platform);
}

function writeOne(input: string, path: string, content: string, platform: Platform): void {
  const absolute = resolve(path);
  const refused = notAPlainFile(absolute);
  try {
    if (refused) throw Object.assign(new Error(`it is ${refused}`), { code: `it is ${refused}` });
    mkdirSync(dirname(absolute), { recursive: true });
    replaceFile(absolute, platform.redact(content), 0o644);
    platform.info(`Wrote the ${input === 'junit-file' ? 'JUnit report' : 'summary'} to ${path}.`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    platform.warning(`The ${input} ${path} could not be written (${reason}). The job's result does not depend on it.`);
  }
}
