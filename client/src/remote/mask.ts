// Keys must never reach a log line, a plan, an error message or a report: everything shown goes through a Masker.

export const MASK = '****';

// Generic shapes, for keys the masker was not told about (e.g. in radosgw-admin output).
const PATTERNS: RegExp[] = [
  /("(?:access_key|secret_key|access-key|secret-key)"\s*:\s*")([^"]*)(")/g,
  /(--(?:access-key|secret-key|secret)[= ])(\S+)()/g,
  /(\b(?:src|dest)_(?:access|secret)_key\s*:\s*)(\S+)()/g,
];

export class Masker {
  private readonly secrets = new Set<string>();

  /** Remembers values that must be masked wherever they appear (keys from infiles, keys radosgw returned). */
  add(...values: (string | undefined)[]): this {
    // Very short values would mask unrelated text (and are no real keys).
    for (const v of values) if (v && v.length >= 8) this.secrets.add(v);
    return this;
  }

  mask(text: string): string {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
    for (const re of PATTERNS) out = out.replace(re, (_m, a: string, v: string, c: string) => (v ? `${a}${v === MASK ? v : MASK}${c}` : `${a}${c}`));
    return out;
  }
}
