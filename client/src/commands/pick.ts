// Which zone or region a command acts on: the tree node it was invoked on, else the active editor's, else asked.
import * as vscode from 'vscode';
import type { Federation } from '../../../server/src/core/model/federation';
import type { FederationNode } from '../federationTree';

function fromEditor(fed: Federation, kind: 'zone' | 'region'): string | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri.toString();
  if (!uri) return undefined;
  if (kind === 'zone') return fed.zones.find((z) => z.uri === uri)?.name;
  return fed.regions.find((r) => r.uri === uri && !r.embedded)?.name?.value;
}

export async function pickZone(fed: Federation, node?: FederationNode | string): Promise<string | undefined> {
  if (typeof node === 'string') return node;
  if (node?.type === 'zone') return node.zone.name;
  if (node?.type === 'instance' && node.zone) return node.zone.name;
  const here = fromEditor(fed, 'zone');
  if (here) return here;
  const zones = [...new Set([...fed.zonesByName.keys(), ...fed.membership.keys()])].sort();
  return vscode.window.showQuickPick(
    zones.map((z) => ({ label: z, description: fed.membership.get(z)?.[0]?.region.name?.value ? `zone of ${fed.membership.get(z)![0].region.name!.value}` : 'listed by no region' })),
    { placeHolder: 'Zone' },
  ).then((p) => p?.label);
}

export async function pickRegion(fed: Federation, node?: FederationNode | string): Promise<string | undefined> {
  if (typeof node === 'string') return node;
  if (node?.type === 'region') return node.region.name;
  if (node?.type === 'zone' && node.region) return node.region.name;
  const here = fromEditor(fed, 'region');
  if (here) return here;
  const regions = [...fed.regionsByName.keys()].sort();
  return vscode.window.showQuickPick(regions, { placeHolder: 'Region or zonegroup' });
}
