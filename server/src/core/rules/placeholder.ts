import { stringNodes } from '../parse/json';
import type { ParsedFile } from '../parse/parseFile';
import { defineRules, type Reporter } from './rule';

export const placeholderRules = defineRules({
  placeholder: {
    code: 'placeholder',
    severity: 'error',
    summary: 'An unreplaced template placeholder such as {fqdn} or {paste-access_key-here}.',
  },
});

/** `{fqdn}`, `{host-name}`, `{paste-access_key-here}`, `{log.filename}`: the seed's fill-me-in markers. */
const PLACEHOLDER = /\{[A-Za-z][A-Za-z0-9_.\- ]*\}/g;

const NONE: readonly { index: number; text: string }[] = Object.freeze([]);

export function findPlaceholders(value: string): readonly { index: number; text: string }[] {
  // Nearly every value has no brace at all: skip the regex, and the list, for them.
  if (value.indexOf('{') < 0) return NONE;
  const out: { index: number; text: string }[] = [];
  for (const m of value.matchAll(PLACEHOLDER)) out.push({ index: m.index ?? 0, text: m[0] });
  return out;
}

export function hasPlaceholder(value: string): boolean {
  return value.indexOf('{') >= 0 && findPlaceholders(value).length > 0;
}

function reportIn(report: Reporter, file: ParsedFile, start: number, end: number, value: string): void {
  const hits = findPlaceholders(value);
  if (!hits.length) return;
  const names = [...new Set(hits.map((h) => h.text))].join(', ');
  report.report(
    placeholderRules.placeholder,
    file.uri,
    file.lines.range(start, end),
    `unreplaced placeholder ${names}: Ceph takes it literally and commits it; fill in the real value`,
  );
}

export function checkPlaceholders(file: ParsedFile, report: Reporter): void {
  switch (file.kind) {
    case 'ceph-conf':
      for (const s of file.conf.sections) for (const e of s.entries) reportIn(report, file, e.valueStart, e.valueEnd, e.value);
      break;
    case 'agent-conf':
      // Raw text: in YAML an unquoted {placeholder} parses as a mapping, not a string.
      for (const e of file.agent.entries) if (e.hasBrace) reportIn(report, file, e.valueStart, e.valueEnd, file.text.slice(e.valueStart, e.valueEnd));
      break;
    case 'unknown':
      break;
    default:
      // Without a "{" in any string value there is no placeholder, and no tree to walk.
      if (!file.json.valueBraces) return;
      for (const n of stringNodes(file.json.root)) reportIn(report, file, n.offset, n.offset + n.length, n.value as string);
  }
}
