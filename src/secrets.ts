/**
 * Where secrets are kept track of. Every secret input and every token received is registered here
 * (and, on GitHub, masked by the runner) before anything else is done with it. Redaction is one
 * step on raw text, before anything escapes, cleans or cuts it: `sanitize()` (../text.ts), which
 * every quote of server text goes through, redacts with the process's registry first, and every
 * adapter redacts each line it prints, each output and the summary once more.
 */
const MIN_SECRET_LENGTH = 4;
/** A shorter secret (a user name such as `bob`) is redacted as a whole word only, in its raw and lower-case forms. */
const MIN_WORD_LENGTH = 2;

/** Markdown's escapes, as the summary writes them (../report/summary.ts). */
const markdownEscaped = (value: string) => value.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
/** HTML's escapes: numeric, as the summary writes them, and the named ones a server's page uses. */
const htmlNumeric = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const HTML_NAMED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const htmlNamed = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_NAMED[c] ?? c);
/** JSON as ASCII-only encoders write it (Python's json, PHP): every other character as \\uXXXX, and / as \\/. */
const jsonAscii = (value: string, upper: boolean) =>
  JSON.stringify(value)
    .slice(1, -1)
    .replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')[upper ? 'toUpperCase' : 'toLowerCase']()}`)
    .replace(/\//g, '\\/');
/** Percent-encoding as other encoders write it: lower-case hex, and / kept (Python's quote()). */
const percentForms = (value: string): string[] => {
  const upper = encodeURIComponent(value);
  const lower = upper.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  return [upper, lower, upper.replace(/%2F/g, '/'), lower.replace(/%2f/g, '/')];
};

/**
 * The forms in which a secret could show up in text: raw and lower-cased (Keycloak lower-cases a
 * user name), URL- and form-encoded (upper- and lower-case hex, / kept or not), base64, JSON-
 * escaped (also as ASCII-only encoders write it), Markdown- and HTML-escaped (numeric and named
 * entities), and each of its lines.
 */
export function secretForms(value: string): string[] {
  // A short value's encodings (base64 of 'abc' is 'YWJj') would blank out unrelated text too.
  if (value.trim().length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>();
  for (const raw of new Set([value, value.toLowerCase()])) {
    forms.add(raw);
    for (const encoded of percentForms(raw)) forms.add(encoded);
    forms.add(new URLSearchParams({ v: raw }).toString().slice(2));
    forms.add(JSON.stringify(raw).slice(1, -1));
    forms.add(jsonAscii(raw, false));
    forms.add(jsonAscii(raw, true));
    forms.add(markdownEscaped(raw));
    forms.add(htmlNumeric(raw));
    forms.add(htmlNamed(raw));
  }
  forms.add(Buffer.from(value, 'utf8').toString('base64'));
  forms.add(Buffer.from(value, 'utf8').toString('base64url'));
  // A multi-line secret may be printed one line at a time.
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= MIN_SECRET_LENGTH) forms.add(line);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SecretRegistry {
  readonly #values = new Set<string>();
  readonly #forms = new Set<string>();
  #sorted: string[] = [];
  readonly #words = new Set<string>();
  /** The short secrets, each as a whole word (not inside a longer word), any case. */
  #wordPattern: RegExp | undefined;

  /** Registers a value; returns true when it was not known before. Blank values are ignored. */
  add(value: string | undefined): boolean {
    if (!value || value.trim() === '' || this.#values.has(value)) return false;
    this.#values.add(value);
    const word = value.trim();
    if (word.length < MIN_SECRET_LENGTH && word.length >= MIN_WORD_LENGTH) {
      this.#words.add(escapeRegExp(word));
      this.#wordPattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${[...this.#words].join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
    }
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
    return this.#wordPattern ? out.replace(this.#wordPattern, '***') : out;
  }
}

/**
 * The process's secrets. A job has one set of secrets, as the runner has one list of masks: both
 * entry points register into this registry, and `sanitize()` redacts with it before it touches a
 * character, so no quote of server text can be cleaned or cut into a form that no longer matches.
 */
export const SECRETS = new SecretRegistry();
