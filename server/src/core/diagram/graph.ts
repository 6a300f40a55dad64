// The federation diagram as a plain graph: regions as groups, zones inside them, gateway instances inside the zones,
// and sync as edges between zones. Built from the topology, so the diagram, the tree and the diagnostics agree.
import type { Place, Problems, Topology, TopologyInstance, TopologyZone } from '../topology';

export type DiagramNodeKind = 'region' | 'zone' | 'instance';

export interface DiagramNode {
  id: string;
  kind: DiagramNodeKind;
  label: string;
  /** A second line: the host of an instance, "zonegroup" or "region" for a group, the first endpoint of a zone. */
  detail?: string;
  /** The master region (zonegroup) of the federation, or the master zone of its region. */
  master: boolean;
  /** The problems at this node's own place (children count on their own nodes). */
  problems: Problems;
  place: Place;
  /** The id of the group the node is drawn inside: a region for a zone, a zone for an instance. */
  parent?: string;
}

export interface DiagramEdge {
  id: string;
  /** Zone node ids. */
  source: string;
  target: string;
  kind: 'data' | 'metadata';
  /** No agent config defines it: a modern zonegroup syncs from its master zone by itself. */
  implied: boolean;
  place?: Place;
  problems: Problems;
}

export interface DiagramGraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const minus = (a: Problems, b: Problems): Problems => ({ errors: Math.max(0, a.errors - b.errors), warnings: Math.max(0, a.warnings - b.warnings) });
const sum = (list: Problems[]): Problems => list.reduce((acc, p) => ({ errors: acc.errors + p.errors, warnings: acc.warnings + p.warnings }), { errors: 0, warnings: 0 });

export function buildDiagramGraph(topology: Topology): DiagramGraph {
  const nodes: DiagramNode[] = [];
  const used = new Set<string>();
  // Duplicate names are themselves diagnostics; each definition still gets its own node.
  const uniqueId = (base: string): string => {
    let id = base;
    for (let i = 2; used.has(id); i++) id = `${base}#${i}`;
    used.add(id);
    return id;
  };
  const zoneIds = new Map<string, string>();

  const addInstance = (i: TopologyInstance, parent?: string) => {
    nodes.push({
      id: uniqueId(`instance:${i.section}`),
      kind: 'instance',
      label: i.section,
      detail: i.host,
      master: false,
      problems: i.problems,
      place: i.place,
      parent,
    });
  };
  const addZone = (z: TopologyZone, parent?: string) => {
    const id = uniqueId(`zone:${z.name}`);
    if (!zoneIds.has(z.name)) zoneIds.set(z.name, id);
    // The topology's counts include the instances; the diagram shows those on the instance nodes.
    nodes.push({
      id,
      kind: 'zone',
      label: z.name,
      detail: z.endpoints[0],
      master: z.master,
      problems: minus(z.problems, sum(z.instances.map((i) => i.problems))),
      place: z.place,
      parent,
    });
    for (const i of z.instances) addInstance(i, id);
  };

  for (const r of topology.regions) {
    const id = uniqueId(`region:${r.name}`);
    nodes.push({
      id,
      kind: 'region',
      label: r.name,
      detail: r.kind,
      master: r.master,
      problems: minus(r.problems, sum(r.zones.map((z) => z.problems))),
      place: r.place,
    });
    for (const z of r.zones) addZone(z, id);
  }
  for (const z of topology.unlistedZones) addZone(z);
  for (const i of topology.orphanInstances) addInstance(i);

  const edges: DiagramEdge[] = [];
  const edgeIds = new Set<string>();
  for (const p of topology.syncPairs) {
    const source = zoneIds.get(p.source);
    const target = zoneIds.get(p.destination);
    // A pair naming a zone the federation does not define has nothing to point at; its config carries the error.
    if (!source || !target || source === target) continue;
    let id = `${p.kind}:${p.source}->${p.destination}`;
    for (let i = 2; edgeIds.has(id); i++) id = `${p.kind}:${p.source}->${p.destination}#${i}`;
    edgeIds.add(id);
    edges.push({ id, source, target, kind: p.kind, implied: !p.place, place: p.place, problems: p.problems });
  }
  return { nodes, edges };
}
