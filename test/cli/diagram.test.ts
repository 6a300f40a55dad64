// `ceph-federation diagram` as a whole process: an SVG document on stdout with the federation's nodes and edges.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ROOT } from '../core/fixtures';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

/** Parses the SVG strictly: any well-formedness error fails the test. */
function parseSvg(text: string) {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => errors.push(`${level}: ${message}`) }).parseFromString(text, 'image/svg+xml');
  assert.deepEqual(errors, [], 'well-formed XML');
  // xmldom forgives a bare ampersand; an XML processor does not.
  assert.doesNotMatch(text, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, 'every ampersand escaped');
  const root = doc.documentElement!;
  assert.equal(root.nodeName, 'svg');
  assert.equal(root.getAttribute('xmlns'), 'http://www.w3.org/2000/svg');
  const groups = (cls: string) => Array.from(doc.getElementsByTagName('g')).filter((g) => (g.getAttribute('class') ?? '').split(' ').includes(cls)) as Element[];
  const label = (g: Element) => g.getElementsByTagName('text')[0]?.textContent ?? '';
  return { root, groups, label };
}

test('diagram DIR: an SVG with the regions, zones, instances and sync edges of the federation', () => {
  const r = run(['diagram', 'examples/seed']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  const { root, groups, label } = parseSvg(r.stdout);
  assert.ok(Number(root.getAttribute('width')) > 0 && Number(root.getAttribute('height')) > 0);
  assert.deepEqual(groups('cf-region').map(label), ['★ us', 'eu']);
  assert.deepEqual(groups('cf-zone').map(label), ['★ us-east', 'us-west', '★ eu-east', 'eu-west']);
  assert.deepEqual(groups('cf-instance').map(label), ['client.radosgw.us-east-1', 'client.radosgw.us-west-1', 'client.radosgw.eu-east-1', 'client.radosgw.eu-west-1']);
  const instanceHosts = groups('cf-instance').map((g) => g.getElementsByTagName('text')[1]?.textContent);
  assert.deepEqual(instanceHosts, ['gw-us-east-1', 'gw-us-west-1', 'gw-eu-east-1', 'gw-eu-west-1']);
  const edges = groups('cf-edge').filter((g) => g.getAttribute('data-id'));
  assert.deepEqual(edges.map((g) => g.getAttribute('data-id')).sort(), ['data:eu-east->eu-west', 'data:us-east->us-west', 'metadata:us-east->eu-east']);
  for (const e of edges) assert.match(e.getElementsByTagName('path')[0].getAttribute('d') ?? '', /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+$/);
  // A file for docs and pipelines: no absolute paths of the machine that drew it.
  assert.doesNotMatch(r.stdout, /data-uri=|file:\/\//);
});

test('diagram of the modern example: a zonegroup with its implied data sync', () => {
  const r = run(['diagram', 'examples/modern']);
  assert.equal(r.status, 0, r.stderr);
  const { groups, label } = parseSvg(r.stdout);
  assert.deepEqual(groups('cf-region').map(label), ['★ ap']);
  assert.deepEqual(groups('cf-edge').filter((g) => g.getAttribute('data-id')).map((g) => [g.getAttribute('data-id'), g.getAttribute('class')]), [
    ['data:ap-north->ap-south', 'cf-edge cf-data cf-implied'],
  ]);
});

test('problems show on their node in the SVG, and the exit status is 0: the picture was drawn', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-diagram-'));
  cpSync(path.join(ROOT, 'examples', 'seed'), dir, { recursive: true });
  const conf = path.join(dir, 'us-cluster', 'ceph.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8').replace('rgw zone root pool = .us-west.rgw.root', 'rgw zone root pool = .us-west.rgw.root\nrgw-dns-name = x'));
  const r = run(['diagram', dir]);
  assert.equal(r.status, 0, r.stderr);
  const { groups } = parseSvg(r.stdout);
  const west = groups('cf-instance').find((g) => g.getAttribute('data-id') === 'instance:client.radosgw.us-west-1')!;
  assert.match(west.getAttribute('class') ?? '', /cf-error/);
  assert.match(west.getElementsByTagName('title')[0].textContent ?? '', /1 error/);
});

test('diagram: bad usage and unreadable paths exit 2; --help prints its usage', () => {
  for (const args of [['diagram', '--nope'], ['diagram', 'does/not/exist']]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr.split('\n')[0], /^ceph-federation: /);
    assert.equal(r.stdout, '');
  }
  const help = run(['diagram', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: ceph-federation diagram/);
});

test('diagram with no path draws the bundled examples', () => {
  const r = run(['diagram']);
  assert.equal(r.status, 0, r.stderr);
  const { groups, label } = parseSvg(r.stdout);
  assert.deepEqual(groups('cf-region').map(label).sort(), ['eu', '★ ap', '★ us']);
});
