/**
 * What the job needs from the CI system it runs in. One adapter per platform implements it
 * (github.ts, and later gitlab.ts and terminal.ts); nothing else knows which CI it is in.
 * Every text an adapter prints passes through the secret registry's `redact()` first.
 */
export interface Logger {
  info(message: string): void;
  warning(message: string, annotation?: Annotation): void;
  error(message: string, annotation?: Annotation): void;
  debug(message: string): void;
  /** Runs `fn` inside a collapsible log section. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export interface Annotation {
  readonly title?: string;
  readonly file?: string;
}

export interface Platform extends Logger {
  readonly name: 'github' | 'gitlab' | 'terminal';
  /**
   * Registers a secret before it is used: on GitHub this masks it for the rest of the job at once.
   * Must be called for every secret input and every token, before anything else prints.
   */
  addSecret(value: string | undefined): void;
  /**
   * A step output. Secret outputs go only where the platform keeps them out of logs. Returns
   * whether the value was kept (false where a secret output goes nowhere, or its file failed).
   */
  setOutput(name: string, value: string, options: { readonly secret: boolean }): boolean;
  /** An environment variable for later steps of the same job. */
  exportVariable(name: string, value: string, options: { readonly secret: boolean }): void;
  /** Markdown for the run's summary page, where the platform has one. */
  appendSummary(markdown: string): Promise<void>;
  /** The same redaction every line printed gets, for what goes to files (the full Transfer logs). */
  redact(text: string): string;
  /**
   * Mints an OpenID Connect ID token of this job for the audience (keyless sign-in), masked
   * before it is returned; only where the platform can (GitHub, with permissions: id-token: write).
   */
  readonly mintIdToken?: (audience: string) => Promise<string>;
  /**
   * State for this action's post step (GitHub's GITHUB_STATE, read back as STATE_<name>); never a
   * secret: the runner keeps it as step metadata. Only where there is a post step.
   */
  readonly saveState?: (name: string, value: string) => void;
  readonly getState?: (name: string) => string;
  /** Marks the job failed with this message; the process exits non-zero. */
  setFailed(message: string): void;
}
