/**
 * Where secrets are kept track of. Every secret input and every token received is registered here
 * (and, on GitHub, masked by the runner) before anything else is done with it. Redaction is one
 * step on raw text, before anything escapes, cleans or cuts it: `sanitize()` (../text.ts), which
 * every quote of server text goes through, redacts with the process's registry first, and every
 * adapter redacts each line it prints, each output and the summary once more.
 */
const MIN_SECRET_LENGTH = 4;

/** Markdown's and HTML's escapes, as the summary writes them (../report/summary.ts). */
const markdownEscaped = (value: string) => value.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
const htmlEscaped = (value: string) => value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The forms in which a secret could show up in text: raw, URL- and form-encoded, base64, JSON-,
 * Markdown- and HTML-escaped, and each of its lines.
 */
export function secretForms(value: string): string[] {
  // A short value's encodings (base64 of 'abc' is 'YWJj') would blank out unrelated text too.
  if (value.trim().length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([value]);
  forms.add(encodeURIComponent(value));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.add(Buffer.from(value, 'utf8').toString('base64'));
  forms.add(Buffer.from(value, 'utf8').toString('base64url'));
  forms.add(JSON.stringify(value).slice(1, -1));
  forms.add(markdownEscaped(value));
  forms.add(htmlEscaped(value));
  // A multi-line secret may be printed one line at a time.
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= MIN_SECRET_LENGTH) forms.add(line);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export class SecretRegistry {
  readonly #values = new Set<string>();
  readonly #forms = new Set<string>();
  #sorted: string[] = [];

  /** Registers a value; returns true when it was not known before. Blank values are ignored. */
  add(value: string | undefined): boolean {
    if (!value || value.trim() === '' || this.#values.has(value)) return false;
    this.#values.add(value);
    for (const form of secretForms(value)) this.#forms.add(form);
    // Longest first, so that a secret containing another is replaced whole.
    this.#sorted = [...this.#forms].sort((a, b) => b.length - a.length);
    return true;
  }

  has(value: string): boolean {
    return this.#values.has(value);
  }

  /** Every registered raw value, for leak scans in tests. */
  values(): readonly string[] {
    return [...this.#values];
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.#sorted) if (out.includes(form)) out = out.split(form).join('***');
    return out;
  }
}

/**
 * The process's secrets. A job has one set of secrets, as the runner has one list of masks: both
 * entry points register into this registry, and `sanitize()` redacts with it before it touches a
 * character, so no quote of server text can be cleaned or cut into a form that no longer matches.
 */
export const SECRETS = new SecretRegistry();
