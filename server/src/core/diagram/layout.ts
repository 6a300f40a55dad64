// Places the diagram graph with ELK's layered algorithm: regions are compound nodes with their zones inside, and sync
// edges run between zones, across regions for metadata.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { DiagramEdge, DiagramGraph, DiagramNode } from './graph';

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutNode extends DiagramNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge extends DiagramEdge {
  points: Point[];
}

export interface LaidOutDiagram {
  width: number;
  height: number;
  /** Parents before children: the drawing order. */
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

/** Text metrics shared with the renderer: the CLI has no font to measure with, so widths are estimated. */
export const METRICS = {
  font: 12,
  small: 11,
  /** Height of a header: the label line and the detail line. */
  header: 40,
  /** An instance row inside its zone. */
  instance: { height: 38, gap: 6 },
  padding: 10,
  badge: { height: 16, gap: 4 },
};

const NARROW = new Set('ijl.,:;|!\'"1 ()[]ftr-');
const WIDE = new Set('mwMW@%');

/** An estimate of the rendered width of `text` in a sans-serif font of `size` px, on the generous side. */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += NARROW.has(ch) ? 0.4 : WIDE.has(ch) ? 0.95 : ch >= 'A' && ch <= 'Z' ? 0.75 : ch.charCodeAt(0) > 0x2000 ? 1 : 0.65;
  return Math.ceil(em * size * (bold ? 1.1 : 1));
}

export function badgeWidth(count: number): number {
  return 10 + String(count).length * 7;
}

/** The width of a node's problem badges, with their gaps. */
export function badgesWidth(node: DiagramNode): number {
  const counts = [node.problems.errors, node.problems.warnings].filter((n) => n > 0);
  return counts.reduce((w, n) => w + badgeWidth(n) + METRICS.badge.gap, 0);
}

/** The label as drawn: a master carries a star. */
export function displayLabel(node: DiagramNode): string {
  return node.master ? `★ ${node.label}` : node.label;
}

export function displayDetail(node: DiagramNode): string | undefined {
  if (node.kind === 'region') return node.master ? `master ${node.detail ?? 'region'}` : node.detail;
  if (node.kind === 'zone') return node.master ? ['master zone', node.detail].filter(Boolean).join(' · ') : node.detail;
  return node.detail;
}

function headerWidth(node: DiagramNode): number {
  const label = textWidth(displayLabel(node), METRICS.font, true) + badgesWidth(node) + (badgesWidth(node) ? 8 : 0);
  const detail = textWidth(displayDetail(node) ?? '', METRICS.small);
  return Math.max(label, detail, 60) + 2 * METRICS.padding;
}

/** What lays a graph out: ELK itself, here or in a thread of its own (see setLayoutEngine). */
export interface LayoutEngine {
  layout(graph: ElkNode): Promise<ElkNode>;
}

type ElkConstructor = new () => LayoutEngine;

/** ELK as the bundles ship it (dist/elk.js), on the calling thread: the CLI's engine, and the layout thread's. */
export function bundledElk(): LayoutEngine {
  const m = require('elkjs/lib/elk.bundled.js') as { default?: unknown };
  const Elk = (m.default ?? m) as ElkConstructor;
  return new Elk();
}

let engine: Promise<LayoutEngine> | undefined;
let engineFactory: () => LayoutEngine = bundledElk;

/**
 * ELK is large: it is loaded on the first layout, not when the server or the CLI starts. With require, not import():
 * the bundles run through a code cache (server/src/node/codeCache.ts), whose compiled code has no module loader for
 * import() on Node 20.
 */
function elk(): Promise<LayoutEngine> {
  engine ??= Promise.resolve().then(engineFactory);
  return engine;
}

/**
 * Lays graphs out with another engine from now on. The language server runs ELK in a thread of its own: a layout of
 * 1,000 zones takes about a second, which on the server's thread would hold back every diagnostic and completion.
 */
export function setLayoutEngine(factory: () => LayoutEngine): void {
  engineFactory = factory;
  engine = undefined;
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  // Sync flows left to right: a master zone, then the zones that sync from it.
  'elk.direction': 'RIGHT',
  // Metadata sync crosses regions: edges are laid out together with the regions' contents.
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Absolute coordinates for every shape and edge, whatever group they sit in.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  // Same input, same picture: keep the model's order (master region first) where the layering allows it.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.spacing.nodeNode': '20',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.edgeNode': '14',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

/**
 * Instances have no edges of their own: they are rows of their zone's box, sized here, while ELK places the regions,
 * the zones and the sync edges between them.
 */
export async function layoutDiagram(graph: DiagramGraph): Promise<LaidOutDiagram> {
  const children = new Map<string | undefined, DiagramNode[]>();
  for (const n of graph.nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const { padding, header, instance } = METRICS;

  const toElk = (node: DiagramNode): ElkNode => {
    const kids = children.get(node.id) ?? [];
    const width = headerWidth(node);
    if (node.kind === 'zone' || node.kind === 'instance' || !kids.length) {
      const rows = node.kind === 'zone' ? kids : [];
      return {
        id: node.id,
        width: Math.max(width, ...rows.map((r) => headerWidth(r) + 2 * padding)),
        height: header + 4 + rows.length * (instance.height + instance.gap) + (rows.length ? padding - instance.gap : 0),
      };
    }
    return {
      id: node.id,
      children: kids.map(toElk),
      layoutOptions: {
        'elk.padding': `[top=${header + 8},left=${padding + 4},bottom=${padding + 4},right=${padding + 4}]`,
        // Wide enough for the region's own header. (Only the RIGHT direction reads this vector as (width, height).)
        'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
        'elk.nodeSize.minimum': `(${width}.0,${header + 8}.0)`,
      },
    };
  };

  const edges: ElkExtendedEdge[] = graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  const root: ElkNode = { id: '__root', layoutOptions: ROOT_OPTIONS, children: (children.get(undefined) ?? []).map(toElk), edges };
  const laid = await (await elk()).layout(root);

  const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
  const collect = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      collect(c);
    }
  };
  collect(laid);
  for (const n of graph.nodes) {
    const zone = n.kind === 'zone' ? boxes.get(n.id) : undefined;
    if (!zone) continue;
    (children.get(n.id) ?? []).forEach((row, i) => {
      boxes.set(row.id, {
        x: zone.x + padding,
        y: zone.y + header + 4 + i * (instance.height + instance.gap),
        width: zone.width - 2 * padding,
        height: instance.height,
      });
    });
  }
  const routes = new Map<string, Point[]>();
  const collectEdges = (n: ElkNode) => {
    for (const e of n.edges ?? []) {
      const points: Point[] = [];
      for (const s of e.sections ?? []) points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      routes.set(e.id, points.map((p) => ({ x: p.x, y: p.y })));
    }
    for (const c of n.children ?? []) collectEdges(c);
  };
  collectEdges(laid);

  return {
    width: Math.ceil(laid.width ?? 0),
    height: Math.ceil(laid.height ?? 0),
    nodes: graph.nodes.map((n) => ({ ...n, ...(boxes.get(n.id) ?? { x: 0, y: 0, width: 0, height: 0 }) })),
    edges: graph.edges.map((e) => ({ ...e, points: routes.get(e.id) ?? [] })),
  };
}
