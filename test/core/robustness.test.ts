// Bad input never throws and always yields diagnostics whose ranges lie inside the document.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkFiles } from '../../server/src/core/check';
import { LineIndex } from '../../server/src/core/text';
import { seedExample, uriOf } from './fixtures';

async function checkOne(name: string, text: string, explicit = true) {
  const result = await checkFiles([{ uri: uriOf(name), text }], { explicit: new Set(explicit ? [uriOf(name)] : []) });
  const diags = result.diagnostics.get(uriOf(name)) ?? [];
  const lines = new LineIndex(text);
  for (const d of diags) {
    const last = lines.lineCount - 1;
    assert.ok(d.range.start.line >= 0 && d.range.end.line <= last, `range outside the document: ${JSON.stringify(d.range)}`);
    assert.ok(d.message.length > 0);
  }
  return diags;
}

test('an empty .json file', async () => {
  assert.deepEqual((await checkOne('zone.json', '')).map((d) => d.code), ['json-syntax']);
});

test('an empty ceph.conf is valid', async () => {
  assert.deepEqual(await checkOne('ceph.conf', ''), []);
});

test('a binary file named .json and one named ceph.conf', async () => {
  const bytes = String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
  assert.deepEqual((await checkOne('us-east.json', bytes)).map((d) => d.code), ['json-syntax']);
  assert.deepEqual((await checkOne('ceph.conf', bytes)).map((d) => d.code), ['conf-syntax']);
});

test('every truncation of a zone infile is reported, never thrown', async () => {
  const text = seedExample()['us-east.json'];
  for (let n = 1; n < text.length; n += 7) {
    const diags = await checkOne('us-east.json', text.slice(0, n));
    assert.ok(diags.some((d) => d.code === 'json-syntax'), `truncated at ${n}`);
  }
});

test('a ceph.conf of garbage lines', async () => {
  const garbage = '[global\n=\n===\nrgw zone\n"quoted" = "x\n\\\n[]\nkey = "a" trailing\n\u00e9\u00e8 = \u2603\n[client.radosgw.x]\nhost = h\n';
  const diags = await checkOne('ceph.conf', garbage);
  assert.ok(diags.filter((d) => d.code === 'conf-syntax').length >= 5, JSON.stringify(diags.map((d) => d.message)));
});

test('a 5 MB zone infile is checked in bounded time', async () => {
  const zone = JSON.parse(seedExample()['us-east.json']);
  zone.placement_pools = Array.from({ length: 20000 }, (_, i) => ({ key: `p${i}`, val: { index_pool: `.us-east.idx${i}`, data_pool: `.us-east.data${i}` } }));
  let text = JSON.stringify(zone, null, 4);
  text += ' '.repeat(Math.max(0, 5 * 1024 * 1024 - text.length));
  const t0 = Date.now();
  const diags = await checkOne('us-east.json', text);
  assert.ok(Date.now() - t0 < 30000);
  assert.deepEqual(diags, []); // one zone alone: no region lists its placements, nothing to report
});

test('a deeply nested document: reported on the one bracket that goes past 256 levels', async () => {
  const deep = '{"domain_root": ' + '['.repeat(5000) + ']'.repeat(5000) + '}';
  const [json] = await checkOne('us-east.json', deep);
  assert.equal(json.code, 'json-syntax');
  // The root object is level 1: its 256th bracket inside is the 257th level.
  const first = deep.indexOf('[');
  assert.deepEqual([json.range.start, json.range.end], [{ line: 0, character: first + 255 }, { line: 0, character: first + 256 }]);
  const deepYaml = 'destination: ' + '['.repeat(5000) + ']'.repeat(5000) + '\nsrc_zone: a\n';
  const yaml = (await checkOne('sync.conf', deepYaml)).find((d) => d.code === 'agent-bad-value' && /nested deeper than 256/.test(d.message));
  const firstYaml = deepYaml.indexOf('[');
  assert.deepEqual(yaml && [yaml.range.start, yaml.range.end], [{ line: 0, character: firstYaml + 256 }, { line: 0, character: firstYaml + 257 }]);
});

test('YAML nested past what the parser can read, where the bracket count does not see it: a clear message, no crash', async () => {
  const texts = {
    'a sequence of sequences on one line': 'src_zone: a\ndestination:\n  ' + '- '.repeat(20000) + '1\n',
    'brackets between quoted closers': 'src_zone: a\ndestination: ' + '[ "]", '.repeat(20000) + '1' + ']'.repeat(20000) + '\n',
  };
  for (const [what, text] of Object.entries(texts)) {
    const messages = (await checkOne('sync.conf', text)).map((d) => d.message);
    assert.ok(messages.includes('not a valid radosgw-agent config (YAML): nested too deeply to read'), `${what}: ${messages.join('; ')}`);
    assert.ok(!messages.some((m) => /call stack/.test(m)), what);
  }
});

test('YAML that is not a mapping, and broken YAML, in an agent config', async () => {
  const broken = await checkOne('sync.conf', 'destination: [unclosed\nsrc_zone: a\n');
  const syntax = broken.find((d) => d.code === 'agent-bad-value' && /not a valid radosgw-agent config/.test(d.message));
  // The parser's error is a point; the diagnostic covers at least one character there, so the editor can show it.
  assert.deepEqual(syntax && [syntax.range.start, syntax.range.end], [{ line: 1, character: 0 }, { line: 1, character: 1 }]);
  assert.ok((await checkOne('sync.conf', 'src_zone: "x\n')).length > 0);
});
