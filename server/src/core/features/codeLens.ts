// Code lenses: the remote commands of an infile, above the name it defines. A zone infile offers its plan, its apply
// and the comparison with the live zone; a region or zonegroup infile its apply. Each lens names its target, so the
// command acts on this file's zone or region without asking.
import type { CodeLens } from 'vscode-languageserver-types';
import { COMMAND_IDS } from '../commands';
import { hasPlaceholder } from '../rules/placeholder';
import { fileOf, type FeatureContext } from './context';

export function codeLenses(ctx: FeatureContext, uri: string): CodeLens[] {
  const fed = ctx.federation;
  const file = fileOf(ctx, uri);
  if (!file || file.kind === 'ceph-conf' || file.kind === 'agent-conf' || file.kind === 'unknown') return [];
  const defined = fed.definedBy(file);
  const lens = (range: CodeLens['range'], title: string, command: string, target: string): CodeLens => ({ range, command: { title, command, arguments: [target] } });
  const out: CodeLens[] = [];
  const zone = defined.zone;
  // A name another infile defines too, or one still a placeholder, is no target a command could act on.
  if (zone && !hasPlaceholder(zone.name) && fed.zonesByName.get(zone.name)?.length === 1) {
    out.push(
      lens(zone.anchor, 'Show apply plan', COMMAND_IDS.planZone, zone.name),
      lens(zone.anchor, `Apply zone ${zone.name}`, COMMAND_IDS.applyZone, zone.name),
      lens(zone.anchor, 'Compare with live', COMMAND_IDS.compareZoneWithLive, zone.name),
    );
  }
  for (const r of defined.regions) {
    const name = r.name?.value;
    if (r.embedded || !name || hasPlaceholder(name) || fed.regionsByName.get(name)?.filter((o) => !o.embedded).length !== 1) continue;
    out.push(lens(r.name!.range, `Apply ${r.kind} ${name}`, COMMAND_IDS.applyRegion, name));
  }
  return out;
}
