// Zone keys kept out of the infiles: a system_key (or agent key) written as `${env:NAME}` or `${secret:NAME}`
// names where the real key lives (an environment variable, or the editor's secret storage). The real value is
// filled in only in the copy uploaded to the gateway.
import { findNodeAtLocation, modify, applyEdits, parseTree } from 'jsonc-parser';

export interface KeyReference {
  source: 'env' | 'secret';
  name: string;
}

const REFERENCE = /^\$\{(env|secret):([A-Za-z0-9_./-]{1,128})\}$/;

export function parseKeyReference(value: string | undefined): KeyReference | undefined {
  const m = value === undefined ? null : REFERENCE.exec(value);
  return m ? { source: m[1] as KeyReference['source'], name: m[2] } : undefined;
}

export function isKeyReference(value: string | undefined): boolean {
  // Every comparison of two keys asks this: most keys are no reference, and say so by their first character.
  return value !== undefined && value.charCodeAt(0) === 36 /* $ */ && parseKeyReference(value) !== undefined;
}

export type KeyResolver = (ref: KeyReference) => Promise<string | undefined> | string | undefined;

/** Resolves the references of a zone infile's system_key; `missing` names those that resolve to nothing. */
export async function resolveZoneKeys(text: string, resolve: KeyResolver): Promise<{ text: string; missing: string[]; resolved: number }> {
  const root = parseTree(text);
  const missing: string[] = [];
  let out = text;
  let resolved = 0;
  for (const field of ['access_key', 'secret_key']) {
    const node = root && findNodeAtLocation(root, ['system_key', field]);
    const ref = parseKeyReference(node?.type === 'string' ? (node.value as string) : undefined);
    if (!ref) continue;
    const value = await resolve(ref);
    if (!value) {
      missing.push(`${ref.source}:${ref.name}`);
      continue;
    }
    out = applyEdits(out, modify(out, ['system_key', field], value, {}));
    resolved++;
  }
  return { text: out, missing, resolved };
}

/** Resolves the zone infiles of a federation (the files whose system_key holds references) before they are uploaded. */
export async function resolveSourceKeys<T extends { uri: string; text: string }>(sources: T[], resolve: KeyResolver): Promise<{ sources: T[]; missing: string[] }> {
  const missing: string[] = [];
  const out: T[] = [];
  for (const s of sources) {
    if (!/\$\{(env|secret):/.test(s.text) || !/"system_key"/.test(s.text)) {
      out.push(s);
      continue;
    }
    const r = await resolveZoneKeys(s.text, resolve);
    missing.push(...r.missing);
    out.push({ ...s, text: r.text });
  }
  return { sources: out, missing: [...new Set(missing)] };
}
