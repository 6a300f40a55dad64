// Where the editor-feature benchmarks stand in the generated 1,000-zone workspace: at a region's `master_zone` value
// and at a ceph.conf `rgw zone =` value, the two places an operator most often asks about a zone.
import { FederationWorkspace } from '../server/src/core/workspace';
import type { Position, SourceFile } from '../server/src/core/types';

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export interface Site {
  uri: string;
  pos: Position;
}

/** Every such place, in the workspace's order: the benchmarks step through them with a stride (see `siteAt`). */
export function zoneSites(sources: SourceFile[]): Site[] {
  const sites: Site[] = [];
  for (const s of sources) {
    if (s.uri.endsWith('ceph.conf')) {
      const i = s.text.indexOf('rgw zone = ');
      if (i >= 0) sites.push({ uri: s.uri, pos: positionAt(s.text, i + 'rgw zone = '.length) });
    } else if (s.text.includes('"master_zone"')) {
      const i = s.text.indexOf('"master_zone": "');
      sites.push({ uri: s.uri, pos: positionAt(s.text, i + '"master_zone": "'.length) });
    }
  }
  return sites;
}

/** The i-th site of a run: a prime stride spreads consecutive requests over the workspace. */
export const siteAt = (sites: Site[], i: number): Site => sites[(i * 7919) % sites.length];

/** The workspace of the sources, indexed and checked, as the server holds it when a request comes. */
export function checkedWorkspace(sources: SourceFile[]): FederationWorkspace {
  const ws = new FederationWorkspace();
  for (const s of sources) ws.setFile(s.uri, s.text);
  ws.changedDiagnostics();
  return ws;
}
