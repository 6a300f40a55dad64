// The "Ceph Federation" tree: regions -> zones -> gateway instances and pools, plus sync pairs; drawn from the
// topology the language server computes, so it never disagrees with the diagnostics.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TopologyChangedNotification, TopologyRequest, ZonePoolsRequest } from '../../server/src/protocol';
import type { Place, Problems, SyncPair, Topology, TopologyInstance, TopologyPool, TopologyRegion, TopologyZone } from '../../server/src/core/topology';

export type FederationNode =
  | { type: 'region'; region: TopologyRegion }
  | { type: 'zone'; zone: TopologyZone; region?: TopologyRegion }
  | { type: 'instance'; instance: TopologyInstance; zone?: TopologyZone }
  | { type: 'pools'; zone: TopologyZone }
  | { type: 'pool'; pool: TopologyPool }
  | { type: 'syncPairs'; pairs: SyncPair[] }
  | { type: 'sync'; pair: SyncPair }
  | { type: 'unlisted'; zones: TopologyZone[] }
  | { type: 'orphans'; instances: TopologyInstance[] };

function problemText(p: Problems): string {
  const parts: string[] = [];
  if (p.errors) parts.push(`${p.errors} error${p.errors > 1 ? 's' : ''}`);
  if (p.warnings) parts.push(`${p.warnings} warning${p.warnings > 1 ? 's' : ''}`);
  return parts.join(', ');
}

function icon(id: string, p?: Problems): vscode.ThemeIcon {
  if (p?.errors) return new vscode.ThemeIcon(id, new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (p?.warnings) return new vscode.ThemeIcon(id, new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon(id);
}

function openCommand(place: Place): vscode.Command {
  const r = place.range;
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [vscode.Uri.parse(place.uri), { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) }],
  };
}

function describe(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p).join(' · ');
}

export class FederationTreeProvider implements vscode.TreeDataProvider<FederationNode> {
  private readonly changed = new vscode.EventEmitter<FederationNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private topology: Topology = { regions: [], unlistedZones: [], orphanInstances: [], syncPairs: [] };
  private loaded?: Promise<void>;
  private syncStates = new Map<string, string>();

  constructor(private readonly client: LanguageClient) {
    client.onNotification(TopologyChangedNotification.type, () => this.refresh());
  }

  /** The last "Show Sync Status" result, shown on the zones until the next one. */
  setSyncStates(states: Map<string, string>): void {
    this.syncStates = states;
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.loaded = undefined;
    this.changed.fire(undefined);
  }

  /** The current topology, fetched from the server once per change. */
  async current(): Promise<Topology> {
    this.loaded ??= this.client.sendRequest(TopologyRequest.type).then((t) => {
      this.topology = t;
    });
    await this.loaded;
    return this.topology;
  }

  async getChildren(node?: FederationNode): Promise<FederationNode[]> {
    const t = await this.current();
    if (!node) {
      const roots: FederationNode[] = t.regions.map((region) => ({ type: 'region', region }));
      if (t.unlistedZones.length) roots.push({ type: 'unlisted', zones: t.unlistedZones });
      if (t.orphanInstances.length) roots.push({ type: 'orphans', instances: t.orphanInstances });
      if (t.syncPairs.length) roots.push({ type: 'syncPairs', pairs: t.syncPairs });
      return roots;
    }
    switch (node.type) {
      case 'region':
        return node.region.zones.map((zone) => ({ type: 'zone', zone, region: node.region }));
      case 'zone': {
        const children: FederationNode[] = node.zone.instances.map((instance) => ({ type: 'instance', instance, zone: node.zone }));
        if (node.zone.poolCount) children.push({ type: 'pools', zone: node.zone });
        return children;
      }
      case 'pools':
        return (await this.client.sendRequest(ZonePoolsRequest.type, { zone: node.zone.name })).map((pool) => ({ type: 'pool', pool }));
      case 'syncPairs':
        return node.pairs.map((pair) => ({ type: 'sync', pair }));
      case 'unlisted':
        return node.zones.map((zone) => ({ type: 'zone', zone }));
      case 'orphans':
        return node.instances.map((instance) => ({ type: 'instance', instance }));
      default:
        return [];
    }
  }

  getTreeItem(node: FederationNode): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    const Expanded = vscode.TreeItemCollapsibleState.Expanded;
    const None = vscode.TreeItemCollapsibleState.None;
    switch (node.type) {
      case 'region': {
        const r = node.region;
        const item = new vscode.TreeItem(r.name, Expanded);
        item.description = describe(r.master ? 'master' : undefined, r.kind, r.apiName && r.apiName !== r.name ? `api ${r.apiName}` : undefined, problemText(r.problems));
        item.tooltip = new vscode.MarkdownString(`**${r.kind} ${r.name}**${r.master ? ' (master)' : ''}\n\nendpoints: ${r.endpoints.join(', ') || 'none'}`);
        item.iconPath = icon(r.master ? 'star-full' : 'globe', r.problems);
        item.contextValue = 'region';
        item.command = openCommand(r.place);
        item.id = `region:${r.name}`;
        return item;
      }
      case 'zone': {
        const z = node.zone;
        const item = new vscode.TreeItem(z.name, Collapsed);
        item.description = describe(z.master ? 'master' : undefined, this.syncStates.get(z.name), z.endpoints[0], problemText(z.problems));
        item.tooltip = new vscode.MarkdownString(`**zone ${z.name}**${z.master ? ' (master)' : ''}\n\nendpoints: ${z.endpoints.join(', ') || 'none'}\n\ninfile: ${z.infile ? vscode.workspace.asRelativePath(vscode.Uri.parse(z.infile)) : 'none'}`);
        item.iconPath = icon(z.master ? 'database' : 'server-environment', z.problems);
        item.contextValue = z.infile ? 'zone' : 'zoneWithoutInfile';
        item.command = openCommand(z.place);
        item.id = `zone:${node.region?.name ?? ''}:${z.name}`;
        return item;
      }
      case 'instance': {
        const i = node.instance;
        const item = new vscode.TreeItem(i.section, None);
        item.description = describe(i.host ? `host ${i.host}` : 'no host', i.dnsName, problemText(i.problems));
        item.tooltip = `${i.section}\nhost: ${i.host ?? 'none'}\nrgw dns name: ${i.dnsName ?? 'none'}\nrgw frontends: ${i.frontends ?? 'not in ceph.conf'}`;
        item.iconPath = icon('server', i.problems);
        item.contextValue = 'instance';
        item.command = openCommand(i.place);
        return item;
      }
      case 'pools': {
        const item = new vscode.TreeItem('pools', Collapsed);
        item.description = String(node.zone.poolCount);
        item.iconPath = new vscode.ThemeIcon('archive');
        return item;
      }
      case 'pool': {
        const item = new vscode.TreeItem(node.pool.name, None);
        item.description = node.pool.field;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        item.command = openCommand(node.pool.place);
        return item;
      }
      case 'syncPairs': {
        const item = new vscode.TreeItem('sync pairs', Collapsed);
        item.description = String(node.pairs.length);
        item.iconPath = new vscode.ThemeIcon('sync');
        return item;
      }
      case 'sync': {
        const p = node.pair;
        const item = new vscode.TreeItem(`${p.source} → ${p.destination}`, None);
        item.description = describe(p.kind, p.place ? undefined : 'implied by the zonegroup', problemText(p.problems));
        item.iconPath = icon(p.kind === 'metadata' ? 'references' : 'arrow-right', p.problems);
        item.contextValue = 'syncPair';
        if (p.place) item.command = openCommand(p.place);
        return item;
      }
      case 'unlisted': {
        const item = new vscode.TreeItem('zones no region lists', Collapsed);
        item.iconPath = icon('warning', { errors: 0, warnings: node.zones.length });
        return item;
      }
      case 'orphans': {
        const item = new vscode.TreeItem('gateways without a known zone', Collapsed);
        item.iconPath = icon('warning', { errors: 0, warnings: node.instances.length });
        return item;
      }
    }
  }
}
