// Navigation latency in the 1,000-zone workspace, through the editor features the server serves
// (server/src/core/features/navigation.ts, topology.ts): document highlights, which the editor asks for at every
// cursor move, go to definition and find references at a zone name, and the topology the federation tree is drawn from
// after every check. Each feature gets a workspace of its own, so none finds the line tables another one built.
import { definition, documentHighlights, references } from '../server/src/core/features/navigation';
import { buildTopology } from '../server/src/core/topology';
import type { FederationWorkspace } from '../server/src/core/workspace';
import type { Position, SourceFile } from '../server/src/core/types';
import { checkedWorkspace, siteAt, zoneSites } from './sites';
import { median, quantile } from './stats';

export interface FeatureTimes {
  /** The first request after the check: what an operator waits for at the first click. */
  firstMs: number;
  medianMs: number;
  p99Ms: number;
  /** Locations returned per request, on average: the requests found what they were asked for. */
  results: number;
}

function times(list: number[], results: number): FeatureTimes {
  return { firstMs: list[0], medianMs: median(list), p99Ms: quantile(list, 0.99), results: results / list.length };
}

export function measureNavigation(sources: SourceFile[], count: number): Record<'highlights' | 'definition' | 'references' | 'topology', FeatureTimes> {
  const sites = zoneSites(sources);
  const feature = (run: (ws: FederationWorkspace, uri: string, pos: Position) => unknown[]): FeatureTimes => {
    const ws = checkedWorkspace(sources);
    const ms: number[] = [];
    let results = 0;
    for (let i = 0; i < count; i++) {
      const site = siteAt(sites, i);
      const start = performance.now();
      results += run(ws, site.uri, site.pos).length;
      ms.push(performance.now() - start);
    }
    return times(ms, results);
  };
  const highlights = feature((ws, uri, pos) => documentHighlights({ federation: ws.federation }, uri, pos));
  const def = feature((ws, uri, pos) => definition({ federation: ws.federation }, uri, pos));
  const refs = feature((ws, uri, pos) => references({ federation: ws.federation }, uri, pos));
  const ws = checkedWorkspace(sources);
  const diagnostics = [...ws.lastChecked().values()].flat();
  const ms: number[] = [];
  let zones = 0;
  for (let i = 0; i < Math.min(count, 30); i++) {
    const start = performance.now();
    const t = buildTopology(ws.federation, diagnostics);
    ms.push(performance.now() - start);
    zones += t.regions.reduce((n, r) => n + r.zones.length, 0);
  }
  return { highlights, definition: def, references: refs, topology: times(ms, zones) };
}
