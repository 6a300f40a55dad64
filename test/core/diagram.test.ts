// The federation diagram at the core boundary: the graph built from the topology, its layout, and the SVG.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildTopology } from '../../server/src/core/topology';
import { buildDiagramGraph, type DiagramGraph } from '../../server/src/core/diagram/graph';
import { layoutDiagram } from '../../server/src/core/diagram/layout';
import { diagramCss, escapeXml, renderSvg } from '../../server/src/core/diagram/svg';
import { diagramSvg } from '../../server/src/core/diagram';
import { generate } from '../../bench/generate';
import { contextOf, editJson, editText, modernExample, seedExample, uriOf, type Files } from './fixtures';

async function graphOf(files: Files): Promise<DiagramGraph> {
  const { federation, diagnostics } = await contextOf(files);
  return buildDiagramGraph(buildTopology(federation, diagnostics));
}

const edgesOf = (g: DiagramGraph) => g.edges.map((e) => `${e.source}->${e.target}:${e.kind}${e.implied ? ' (implied)' : ''}`).sort();
const tree = (g: DiagramGraph) => g.nodes.map((n) => `${n.parent ?? ''} > ${n.id}${n.master ? ' *' : ''}${n.detail ? ` [${n.detail}]` : ''}`);

test('the seed federation as a graph: regions as groups, zones inside, instances under their zone, sync edges', async () => {
  const g = await graphOf(seedExample());
  assert.deepEqual(tree(g), [
    ' > region:us * [region]',
    'region:us > zone:us-east * [http://rgw-us-east.example.com:80/]',
    'zone:us-east > instance:client.radosgw.us-east-1 [gw-us-east-1]',
    'region:us > zone:us-west [http://rgw-us-west.example.com:80/]',
    'zone:us-west > instance:client.radosgw.us-west-1 [gw-us-west-1]',
    ' > region:eu [region]',
    'region:eu > zone:eu-east * [http://rgw-eu-east.example.com:80/]',
    'zone:eu-east > instance:client.radosgw.eu-east-1 [gw-eu-east-1]',
    'region:eu > zone:eu-west [http://rgw-eu-west.example.com:80/]',
    'zone:eu-west > instance:client.radosgw.eu-west-1 [gw-eu-west-1]',
  ]);
  assert.deepEqual(edgesOf(g), ['zone:eu-east->zone:eu-west:data', 'zone:us-east->zone:eu-east:metadata', 'zone:us-east->zone:us-west:data']);
  const meta = g.edges.find((e) => e.kind === 'metadata')!;
  assert.equal(meta.place?.uri, uriOf('inter-region-metadata-sync.conf'), 'the edge opens its agent config');
  const usEast = g.nodes.find((n) => n.id === 'zone:us-east')!;
  assert.equal(usEast.place.uri, uriOf('us-east.json'));
  const instance = g.nodes.find((n) => n.id === 'instance:client.radosgw.us-east-1')!;
  assert.deepEqual([instance.place.uri, instance.place.range.start.line], [uriOf('us-cluster/ceph.conf'), 7]);
  assert.ok(g.nodes.every((n) => n.problems.errors === 0 && n.problems.warnings === 0));
});

test('the modern federation: a zonegroup implies data sync from its master zone', async () => {
  const g = await graphOf(modernExample());
  assert.deepEqual(tree(g), [
    ' > region:ap * [zonegroup]',
    'region:ap > zone:ap-north * [http://rgw-ap-north.example.com:8080]',
    'zone:ap-north > instance:client.rgw.ap-north-1 [gw-ap-north-1]',
    'region:ap > zone:ap-south [http://rgw-ap-south.example.com:8080]',
    'zone:ap-south > instance:client.rgw.ap-south-1 [gw-ap-south-1]',
  ]);
  assert.deepEqual(edgesOf(g), ['zone:ap-north->zone:ap-south:data (implied)']);
});

test('sync_from: a modern zone with sync_from_all false pulls data from its listed zones only', async () => {
  const zones = (edit: (zones: { name: string; sync_from_all: string; sync_from: string[] }[]) => void) =>
    editJson(modernExample(), 'ap.json', (zg) => edit(zg.zones));
  // ap-north, the master, also pulls from ap-south: active-active.
  const both = await graphOf(zones(([north, south]) => {
    north.sync_from_all = 'false';
    north.sync_from = ['ap-south'];
    south.sync_from_all = 'false';
    south.sync_from = ['ap-north'];
  }));
  assert.deepEqual(edgesOf(both), ['zone:ap-north->zone:ap-south:data (implied)', 'zone:ap-south->zone:ap-north:data (implied)']);
  // An empty list: ap-south pulls from nobody.
  const none = await graphOf(zones(([, south]) => {
    south.sync_from_all = 'false';
  }));
  assert.deepEqual(edgesOf(none), []);
});

test('a problem shows on the node it belongs to, counted once', async () => {
  const files = editText(seedExample(), 'us-cluster/ceph.conf', 'host = gw-us-west-1\n', '');
  const g = await graphOf(files);
  const problems = g.nodes.filter((n) => n.problems.errors || n.problems.warnings).map((n) => [n.id, n.problems.errors, n.problems.warnings]);
  assert.deepEqual(problems, [['instance:client.radosgw.us-west-1', 0, 1]], 'conf-host-missing is the instance\'s, not also its zone\'s and region\'s');
  const svg = renderSvg(await layoutDiagram(g));
  assert.match(svg, /<g class="cf-node cf-instance cf-warning" data-id="instance:client\.radosgw\.us-west-1"/);
  assert.match(svg, /1 warning/);
});

test('an orphan instance and an unlisted zone are drawn outside any region', async () => {
  const files = editText(seedExample(), 'us-cluster/ceph.conf', 'rgw zone = us-west', 'rgw zone = us-nowhere');
  const g = await graphOf(files);
  const orphan = g.nodes.find((n) => n.id === 'instance:client.radosgw.us-west-1')!;
  assert.equal(orphan.parent, undefined);
  assert.ok(orphan.problems.errors > 0);
});

test('layout: every node inside its group, edges from zone to zone, all within the picture', async () => {
  const laid = await layoutDiagram(await graphOf(seedExample()));
  const box = new Map(laid.nodes.map((n) => [n.id, n]));
  for (const n of laid.nodes) {
    assert.ok(n.width > 0 && n.height > 0, n.id);
    assert.ok(n.x >= 0 && n.y >= 0 && n.x + n.width <= laid.width && n.y + n.height <= laid.height, `${n.id} inside the picture`);
    const p = n.parent ? box.get(n.parent)! : undefined;
    if (p) assert.ok(n.x >= p.x && n.y >= p.y && n.x + n.width <= p.x + p.width && n.y + n.height <= p.y + p.height, `${n.id} inside ${p.id}`);
  }
  for (const e of laid.edges) {
    assert.ok(e.points.length >= 2, e.id);
    const near = (id: string, pt: { x: number; y: number }) => {
      const b = box.get(id)!;
      return pt.x >= b.x - 1 && pt.x <= b.x + b.width + 1 && pt.y >= b.y - 1 && pt.y <= b.y + b.height + 1;
    };
    assert.ok(near(e.source, e.points[0]), `${e.id} starts at its source`);
    assert.ok(near(e.target, e.points[e.points.length - 1]), `${e.id} ends at its target`);
  }
  // Sync flows left to right: a master zone before the zones that sync from it.
  assert.ok(box.get('zone:us-east')!.x < box.get('zone:us-west')!.x);
});

test('SVG: the same input gives the same picture; text is escaped; nodes carry their place for click-to-open', async () => {
  const { federation, diagnostics } = await contextOf(seedExample());
  const topology = buildTopology(federation, diagnostics);
  const a = await diagramSvg(topology);
  assert.equal(await diagramSvg(topology), a);
  assert.match(a, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(a, /data-id="zone:us-east" data-uri="file:\/\/\/fed\/us-east\.json" data-line="\d+" data-character="\d+"/);
  assert.match(a, /<g class="cf-edge cf-metadata" data-id="metadata:us-east-&gt;eu-east" data-uri="file:\/\/\/fed\/inter-region-metadata-sync\.conf"/);
  assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  const vscode = await diagramSvg(topology, { theme: 'vscode' });
  assert.match(vscode, /var\(--vscode-editor-foreground/);
  assert.doesNotMatch(a, /--vscode-/);
  // The webview hoists the stylesheet into its page: it must not depend on the diagram.
  assert.ok(vscode.includes(`<style>${diagramCss('vscode')}</style>`));
  assert.doesNotMatch(a, / style="/, 'no inline style attributes: a strict CSP would drop them');
});

test('a name with markup stays text', async () => {
  const files = editText(seedExample(), 'us-cluster/ceph.conf', 'host = gw-us-east-1', 'host = <script>alert(1)</script>');
  const svg = await diagramSvg(buildTopology((await contextOf(files)).federation));
  assert.doesNotMatch(svg, /<script/);
  assert.match(svg, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('an empty workspace draws a note, not an error', async () => {
  const svg = await diagramSvg({ regions: [], unlistedZones: [], orphanInstances: [], syncPairs: [] });
  assert.match(svg, /No federation files/);
});

test('a 100-zone federation: 10 regions, 100 zones and instances, 99 sync edges, laid out', async (t) => {
  const files = Object.fromEntries(generate(100, { faults: false }).files);
  const { federation, diagnostics } = await contextOf(files);
  assert.deepEqual(diagnostics.map((d) => d.code), [], 'the synthetic federation is clean');
  const topology = buildTopology(federation, diagnostics);
  const started = performance.now();
  const graph = buildDiagramGraph(topology);
  const svg = renderSvg(await layoutDiagram(graph));
  const ms = performance.now() - started;
  const count = (kind: string) => graph.nodes.filter((n) => n.kind === kind).length;
  assert.deepEqual([count('region'), count('zone'), count('instance')], [10, 100, 100]);
  assert.deepEqual([graph.edges.filter((e) => e.kind === 'data').length, graph.edges.filter((e) => e.kind === 'metadata').length], [90, 9]);
  assert.equal((svg.match(/<g class="cf-edge [^"]*" data-id=/g) ?? []).length, 99);
  // Reported, not asserted: a shared CI runner is no benchmark (bench/diagram.ts times it).
  t.diagnostic(`100 zones: graph, layout and SVG in ${ms.toFixed(0)} ms`);
});
