import { parseDocument, isMap, isScalar, isPair } from 'yaml';
import { MAX_NESTING, nestingOverflow } from './nesting';

export interface AgentEntry {
  key: string;
  value: unknown;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface AgentSyntaxError {
  start: number;
  end: number;
  message: string;
}

export interface ParsedAgentConf {
  entries: AgentEntry[];
  errors: AgentSyntaxError[];
}

/**
 * radosgw-agent loads its config with PyYAML's safe_load, so the file is parsed as YAML 1.1 (`yes`/`no` are
 * booleans there) with source ranges kept for every key and value.
 */
export function parseAgentConf(text: string): ParsedAgentConf {
  const errors: AgentSyntaxError[] = [];
  const entries: AgentEntry[] = [];
  const deep = nestingOverflow(text, MAX_NESTING);
  if (deep >= 0) return { entries, errors: [{ start: deep, end: deep + 1, message: `nested deeper than ${MAX_NESTING} levels` }] };
  const doc = parseDocument(text, { version: '1.1', prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    errors.push({ start, end: Math.max(end, start + 1), message: e.message.split('\n')[0] });
  }
  const contents = doc.contents;
  if (contents === null || contents === undefined) return { entries, errors };
  if (!isMap(contents)) {
    const r = (contents as { range?: [number, number, number] }).range ?? [0, text.length, text.length];
    errors.push({ start: r[0], end: r[1], message: 'expected "key: value" lines (a YAML mapping)' });
    return { entries, errors };
  }
  for (const item of contents.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    const k = item.key;
    const kr = k.range ?? [0, 0, 0];
    const v = item.value;
    const vr = (v && (v as { range?: [number, number, number] }).range) ?? [kr[1], kr[1], kr[1]];
    entries.push({
      key: String(k.value),
      value: isScalar(v) ? v.value : v ? (v as { toJSON(): unknown }).toJSON() : null,
      keyStart: kr[0],
      keyEnd: kr[1],
      valueStart: vr[0],
      valueEnd: vr[1],
    });
  }
  return { entries, errors };
}
