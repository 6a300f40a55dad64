// What must hold for any input: nothing throws, every range lies in its document, time grows with size only, and
// the parsers' fast paths read every text as the general parsers do.
import * as assert from 'node:assert/strict';
import { parseAgentConf, parseYaml } from '../../server/src/core/parse/agentConf';
import { parseCephConf, parseCephConfLines } from '../../server/src/core/parse/cephConf';
import { checkFiles } from '../../server/src/core/check';
import { codeActions } from '../../server/src/core/features/codeActions';
import { codeLenses } from '../../server/src/core/features/codeLens';
import { complete } from '../../server/src/core/features/completion';
import { hover } from '../../server/src/core/features/hover';
import { definition, references, rename } from '../../server/src/core/features/navigation';
import { documentSymbols } from '../../server/src/core/features/outline';
import { LineIndex } from '../../server/src/core/text';
import type { Range } from '../../server/src/core/types';

export const uriOf = (name: string) => `file:///fed/${name}`;

function inside(range: Range, lines: LineIndex, what: string): void {
  const last = lines.lineCount - 1;
  assert.ok(range.start.line >= 0 && range.start.line <= range.end.line && range.end.line <= last, `${what}: range ${JSON.stringify(range)} outside ${lines.lineCount} lines`);
}

/** Generous on purpose: a fuzzer on a shared machine must only catch runaway (super-linear) cases. */
export function timeBoundMs(bytes: number): number {
  return 3000 + bytes / 256;
}

export async function checkCase(files: Record<string, string>, mutated: string, position: { line: number; character: number }): Promise<void> {
  const bytes = files[mutated].length;
  if (mutated.endsWith('.conf')) {
    const text = files[mutated];
    assert.deepEqual(parseCephConf(text), parseCephConfLines(text), 'ceph.conf fast path');
    assert.deepEqual(parseAgentConf(text), parseYaml(text), 'agent config fast path');
  }
  const t0 = performance.now();
  const result = await checkFiles(Object.entries(files).map(([name, text]) => ({ uri: uriOf(name), text })));
  const lines = new Map(result.files.map((f) => [f.uri, f.lines]));
  for (const [uri, list] of result.diagnostics) {
    for (const d of list) {
      inside(d.range, lines.get(uri)!, `${d.code} in ${uri}`);
      for (const r of d.related ?? []) inside(r.range, lines.get(r.uri)!, `related of ${d.code}`);
    }
  }
  const ctx = { federation: result.federation };
  const uri = uriOf(mutated);
  const own = lines.get(uri)!;
  const pos = { line: Math.min(position.line, own.lineCount - 1), character: position.character };
  const list = await complete(ctx, uri, pos);
  for (const item of list.items) if (item.textEdit && 'range' in item.textEdit) inside(item.textEdit.range, own, 'completion edit');
  const h = await hover(ctx, uri, pos);
  if (h?.range) inside(h.range, own, 'hover');
  for (const l of [...definition(ctx, uri, pos), ...references(ctx, uri, pos)]) inside(l.range, lines.get(l.uri)!, 'location');
  rename(ctx, uri, pos, 'renamed-zone');
  for (const s of documentSymbols(ctx, uri)) inside(s.range, own, 'symbol');
  codeActions(ctx, uri, (result.diagnostics.get(uri) ?? []).map((d) => ({ range: d.range, message: d.message, code: d.code })));
  for (const l of codeLenses(ctx, uri)) inside(l.range, own, 'code lens');
  const elapsed = performance.now() - t0;
  assert.ok(elapsed < timeBoundMs(bytes), `took ${elapsed.toFixed(0)} ms for ${bytes} bytes`);
}
