// Document symbols (the outline of each file kind), folding of ceph.conf sections, and workspace symbols (zones,
// regions, gateway instances).
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange, type SymbolInformation } from 'vscode-languageserver-types';
import { displayName } from '../ceph/options';
import type { Node } from 'jsonc-parser';
import type { ParsedFile } from '../parse/parseFile';
import type { Range } from '../types';
import { fileOf, type FeatureContext } from './context';

const SECRET = /secret|access_key/;

function jsonSymbols(file: ParsedFile & { json: { root?: Node } }, node: Node, depth: number): DocumentSymbol[] {
  if (!node.children || depth > 6) return [];
  const range = (n: Node): Range => file.lines.range(n.offset, n.offset + n.length);
  if (node.type === 'object') {
    return node.children.flatMap((prop) => {
      const [k, v] = prop.children ?? [];
      if (!k || !v) return [];
      const name = String(k.value);
      const scalar = v.type === 'string' || v.type === 'number' || v.type === 'boolean';
      // Keys appear in the outline by name only: a secret never shows there.
      const detail = scalar && !SECRET.test(name) ? String(v.value) : undefined;
      return [{
        name,
        detail,
        kind: v.type === 'object' ? SymbolKind.Object : v.type === 'array' ? SymbolKind.Array : v.type === 'string' ? SymbolKind.String : SymbolKind.Field,
        range: range(prop),
        selectionRange: range(k),
        children: jsonSymbols(file, v, depth + 1),
      }];
    });
  }
  if (node.type === 'array') {
    return node.children.flatMap((el, i) => {
      if (el.type !== 'object') return [];
      const label = el.children?.find((p) => p.children?.[0]?.value === 'name' || p.children?.[0]?.value === 'key')?.children?.[1]?.value;
      return [{ name: label !== undefined ? String(label) : `[${i}]`, kind: SymbolKind.Object, range: range(el), selectionRange: range(el), children: jsonSymbols(file, el, depth + 1) }];
    });
  }
  return [];
}

export function documentSymbols(ctx: FeatureContext, uri: string): DocumentSymbol[] {
  const file = fileOf(ctx, uri);
  if (!file || file.kind === 'unknown') return [];
  if (file.kind === 'ceph-conf') {
    return file.conf.sections.filter((s) => s.nameStart >= 0).map((s) => {
      const last = s.entries[s.entries.length - 1];
      return {
        name: `[${s.name}]`,
        kind: /^client\.(radosgw|rgw)\./.test(s.name) ? SymbolKind.Module : SymbolKind.Namespace,
        range: file.lines.range(s.headerStart, last ? last.lineEnd : s.headerEnd),
        selectionRange: file.lines.range(s.nameStart, s.nameEnd),
        children: s.entries.map((e) => ({
          name: displayName(e.key),
          detail: e.value,
          kind: SymbolKind.Property,
          range: file.lines.range(e.lineStart, e.lineEnd),
          selectionRange: file.lines.range(e.keyStart, e.keyEnd),
        })),
      };
    });
  }
  if (file.kind === 'agent-conf') {
    return file.agent.entries.map((e) => ({
      name: e.key,
      detail: SECRET.test(e.key) ? undefined : String(e.value),
      kind: SymbolKind.Property,
      range: file.lines.range(e.keyStart, e.valueEnd),
      selectionRange: file.lines.range(e.keyStart, e.keyEnd),
    }));
  }
  return file.json.root ? jsonSymbols(file, file.json.root, 0) : [];
}

/** A comment line, tested where a line starts. */
const COMMENT_LINE = /[ \t]*[#;]/y;

/**
 * Each ceph.conf section folds from its header to its last option, and each run of comment lines folds on its own.
 * JSON files fold by the editor's JSON support; agent configs are flat.
 */
export function foldingRanges(ctx: FeatureContext, uri: string): FoldingRange[] {
  const file = fileOf(ctx, uri);
  if (file?.kind !== 'ceph-conf') return [];
  const out: FoldingRange[] = [];
  const lineOf = (offset: number) => file.lines.positionAt(offset).line;
  for (const s of file.conf.sections) {
    const last = s.entries[s.entries.length - 1];
    if (s.nameStart < 0 || !last) continue;
    const startLine = lineOf(s.headerStart);
    const endLine = lineOf(last.lineEnd);
    if (endLine > startLine) out.push({ startLine, endLine });
  }
  let commentStart = -1;
  const count = file.lines.lineCount;
  for (let i = 0; i <= count; i++) {
    COMMENT_LINE.lastIndex = i < count ? file.lines.lineStart(i) : 0;
    const comment = i < count && COMMENT_LINE.test(file.text);
    if (comment && commentStart < 0) commentStart = i;
    if (!comment && commentStart >= 0) {
      if (i - 1 > commentStart) out.push({ startLine: commentStart, endLine: i - 1, kind: FoldingRangeKind.Comment });
      commentStart = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}

export function workspaceSymbols(ctx: FeatureContext, query: string): SymbolInformation[] {
  const fed = ctx.federation;
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  // The range is computed for a match only: it needs the file's line table.
  const add = (name: string, kind: SymbolKind, uri: string, range: () => Range, container?: string) => {
    if (!q || name.toLowerCase().includes(q)) out.push({ name, kind, location: { uri, range: range() }, containerName: container });
  };
  for (const r of fed.regions) if (r.name && !r.embedded) add(r.name.value, SymbolKind.Namespace, r.uri, () => r.name!.range, r.kind);
  for (const z of fed.zones) add(z.name, SymbolKind.Module, z.uri, () => z.nameLoc?.range ?? z.anchor, `zone of ${fed.membership.get(z.name)?.[0]?.region.name?.value ?? 'no region'}`);
  for (const [zone, members] of fed.membership) {
    if (fed.zonesByName.has(zone)) continue;
    const m = members[0];
    if (m.entry.name) add(zone, SymbolKind.Module, m.region.uri, () => m.entry.name!.range, `zone of ${m.region.name?.value ?? '?'} (no infile)`);
  }
  for (const i of fed.instances) add(i.section.value, SymbolKind.Class, i.uri, () => i.section.range, i.zone ? `gateway of ${i.zone.value.value}` : 'gateway');
  return out;
}
