/**
 * Where secrets are kept track of. Every secret input and every token received is registered here
 * (and, on GitHub, masked by the runner) before anything else is done with it; every line the
 * program prints goes through `redact()`, so a secret never reaches a log in any encoding, on any
 * platform, even if some code path forgot about it.
 */
const MIN_SECRET_LENGTH = 4;

/** The forms in which a secret could show up in text: raw, URL- and form-encoded, base64, JSON. */
export function secretForms(value: string): string[] {
  // A short value's encodings (base64 of 'abc' is 'YWJj') would blank out unrelated text too.
  if (value.trim().length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([value]);
  forms.add(encodeURIComponent(value));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.add(Buffer.from(value, 'utf8').toString('base64'));
  forms.add(Buffer.from(value, 'utf8').toString('base64url'));
  forms.add(JSON.stringify(value).slice(1, -1));
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
