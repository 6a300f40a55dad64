import type { Diagnostic, Range, RelatedInformation, Severity } from '../types';

/** One rule: its stable code (written here and nowhere else), default severity and a one-line summary. */
export interface Rule {
  code: string;
  severity: Severity;
  summary: string;
}

export function defineRules<T extends Record<string, Rule>>(rules: T): T {
  return rules;
}

/** Collects diagnostics; rules call `report` and never build Diagnostic objects themselves. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(rule: Rule, uri: string, range: Range, message: string, related?: RelatedInformation[]): void {
    const d: Diagnostic = { uri, range, severity: rule.severity, code: rule.code, message };
    if (related && related.length) d.related = related;
    this.diagnostics.push(d);
  }
}

/** How a file is named in messages: its last path segment. */
export function shortName(uri: string): string {
  const clean = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1));
}

export function quote(s: string): string {
  return `"${s}"`;
}
