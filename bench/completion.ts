// Completion latency in the 1,000-zone workspace, through the editor feature the server serves
// (server/src/core/features/completion.ts): at a region's `master_zone` value and at a ceph.conf `rgw zone =`.
import { complete } from '../server/src/core/features/completion';
import type { SourceFile } from '../server/src/core/types';
import { checkedWorkspace, siteAt, zoneSites } from './sites';
import { quantile } from './stats';

export async function measure(sources: SourceFile[], count: number): Promise<{ medianMs: number; p99Ms: number; items: number }> {
  const ws = checkedWorkspace(sources);
  const sites = zoneSites(sources);
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < count; i++) {
    const site = siteAt(sites, i);
    const start = performance.now();
    const list = await complete({ federation: ws.federation }, site.uri, site.pos);
    times.push(performance.now() - start);
    items += list.items.length;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], p99Ms: quantile(times, 0.99), items: items / count };
}
