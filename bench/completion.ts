// Completion latency in the 1,000-zone workspace, through the editor feature the server serves
// (server/src/core/features/completion.ts): at a region's `master_zone` value and at a ceph.conf `rgw zone =`.
import { complete } from '../server/src/core/features/completion';
import { FederationWorkspace } from '../server/src/core/workspace';
import type { Position, SourceFile } from '../server/src/core/types';

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export async function measure(sources: SourceFile[], count: number): Promise<{ medianMs: number; p99Ms: number; items: number }> {
  const ws = new FederationWorkspace();
  for (const s of sources) ws.setFile(s.uri, s.text);
  ws.changedDiagnostics();
  const sites: { uri: string; pos: Position }[] = [];
  for (const s of sources) {
    if (s.uri.endsWith('ceph.conf')) {
      const i = s.text.indexOf('rgw zone = ');
      if (i >= 0) sites.push({ uri: s.uri, pos: positionAt(s.text, i + 'rgw zone = '.length) });
    } else if (s.text.includes('"master_zone"')) {
      const i = s.text.indexOf('"master_zone": "');
      sites.push({ uri: s.uri, pos: positionAt(s.text, i + '"master_zone": "'.length) });
    }
  }
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < count; i++) {
    const site = sites[(i * 7919) % sites.length];
    const start = performance.now();
    const list = await complete({ federation: ws.federation }, site.uri, site.pos);
    times.push(performance.now() - start);
    items += list.items.length;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], p99Ms: times[Math.ceil(times.length * 0.99) - 1], items: items / count };
}
