// The ceph.conf grammar (source.ceph-conf) on lines of the seed's ceph.conf files and on the corners of Ceph's
// dialect; and, over whole example files, agreement with the project's own ceph.conf parser.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCephConf } from '../../server/src/core/parse/cephConf';
import { ROOT, scopesAt, spans, tokenize } from './tokenize';

const SCOPE = 'source.ceph-conf';
const KEY = 'keyword.other.definition.ceph-conf';
const EQ = 'punctuation.separator.key-value.ceph-conf';
const VALUE = 'string.unquoted.value.ceph-conf';
const QUOTED = 'string.quoted.double.ceph-conf';
const SECTION = 'entity.name.section.group-title.ceph-conf';
const BRACKET = 'punctuation.definition.entity.ceph-conf';
const HASH = 'comment.line.number-sign.ceph-conf';
const SEMI = 'comment.line.semicolon.ceph-conf';
const META = 'variable.language.metavariable.ceph-conf';
const BOOL = 'constant.language.boolean.ceph-conf';
const NUM = 'constant.numeric.ceph-conf';
const CONT = 'constant.character.escape.line-continuation.ceph-conf';

const tok = (text: string) => tokenize(SCOPE, text);

test('section headers: the name between the brackets', async () => {
  const lines = await tok('[client.radosgw.us-east-1]\n[global]\n[ client.rgw.ap-north-1 ]   ; trailing comment');
  assert.deepEqual(spans(lines, SECTION), ['client.radosgw.us-east-1', 'global', 'client.rgw.ap-north-1']);
  assert.deepEqual(spans(lines, BRACKET), ['[', ']', '[', ']', '[', ']']);
  assert.deepEqual(spans(lines, SEMI), ['; trailing comment']);
  assert.deepEqual(spans(lines, KEY), []);
});

test('key = value, with the key in its space, underscore and dash forms', async () => {
  const lines = await tok(
    ['rgw zone root pool = .us-east.rgw.root', 'rgw_zone_root_pool=.us-east.rgw.root', 'rgw-zone = us-east', '  keyring   =   /etc/ceph/ceph.client.radosgw.keyring'].join('\n'),
  );
  assert.deepEqual(spans(lines, KEY), ['rgw zone root pool', 'rgw_zone_root_pool', 'rgw-zone', 'keyring']);
  assert.deepEqual(spans(lines, EQ), ['=', '=', '=', '=']);
  assert.deepEqual(spans(lines, VALUE), ['.us-east.rgw.root', '.us-east.rgw.root', 'us-east', '/etc/ceph/ceph.client.radosgw.keyring']);
});

test('metavariables inside values: $name, $cluster, $id, $host, ${name} and option names', async () => {
  const lines = await tok(
    [
      'rgw socket path = /var/run/ceph/$name.sock',
      'keyring = /var/lib/ceph/radosgw/$cluster-$id/keyring',
      'log file = /var/log/ceph/${cluster}-$host.log',
      'admin socket = $run_dir/$cluster-$name.asok',
    ].join('\n'),
  );
  assert.deepEqual(spans(lines, META), ['$name', '$cluster', '$id', '${cluster}', '$host', '$run_dir', '$cluster', '$name']);
  assert.deepEqual(spans(lines, VALUE)[0], '/var/run/ceph/$name.sock');
  assert.ok(scopesAt(lines, '$name').includes('punctuation.definition.variable.ceph-conf'));
  assert.ok(scopesAt(lines, 'name.sock').includes(VALUE));
  // A metavariable is part of the value, never of the key.
  assert.ok(!scopesAt(lines, 'rgw socket path').includes(META));
});

test('comments: ";" and "#" lines, and trailing comments after a value', async () => {
  const lines = await tok(
    [
      '; Ceph configuration of the us cluster: one gateway instance per zone of region us.',
      '# Ceph configuration of the ap cluster (realm gold): one gateway per zone.',
      'rgw region root pool = .us.rgw.root      # Deprecated in Jewel',
      'rgw zonegroup root pool = .us.rgw.root   ; From Jewel',
      '    ;rgw zone = us-west',
    ].join('\n'),
  );
  assert.deepEqual(spans(lines, SEMI), [
    '; Ceph configuration of the us cluster: one gateway instance per zone of region us.',
    '; From Jewel',
    ';rgw zone = us-west',
  ]);
  assert.deepEqual(spans(lines, HASH), ['# Ceph configuration of the ap cluster (realm gold): one gateway per zone.', '# Deprecated in Jewel']);
  // The value stops before the spaces that lead to the comment, as Ceph trims it.
  assert.deepEqual(spans(lines, VALUE), ['.us.rgw.root', '.us.rgw.root']);
  assert.deepEqual(spans(lines, KEY), ['rgw region root pool', 'rgw zonegroup root pool']);
  assert.ok(scopesAt(lines, '#').includes('punctuation.definition.comment.ceph-conf'));
});

test('values with spaces stay one value; "#" and ";" end it anywhere outside quotes', async () => {
  const lines = await tok(
    [
      'mon host = mon1-us.example.com, mon2-us.example.com, mon3-us.example.com',
      'rgw frontends = beast port=8080',
      'rgw dns name = rgw#us',
    ].join('\n'),
  );
  assert.deepEqual(spans(lines, VALUE), ['mon1-us.example.com, mon2-us.example.com, mon3-us.example.com', 'beast port=8080', 'rgw']);
  assert.deepEqual(spans(lines, HASH), ['#us']);
  assert.deepEqual(spans(lines, NUM), []);
});

test('quoted values: the quotes, escapes and metavariables inside, and "#" kept literal', async () => {
  const lines = await tok(['rgw frontends = "beast port=8080 # not a comment"  ; a comment', 'admin socket = "/var/run/ceph/$name \\"x\\".asok"'].join('\n'));
  assert.deepEqual(spans(lines, QUOTED), ['"beast port=8080 # not a comment"', '"/var/run/ceph/$name \\"x\\".asok"']);
  assert.deepEqual(spans(lines, SEMI), ['; a comment']);
  assert.deepEqual(spans(lines, HASH), []);
  assert.deepEqual(spans(lines, META), ['$name']);
  assert.deepEqual(spans(lines, 'constant.character.escape.ceph-conf'), ['\\"', '\\"']);
  assert.ok(scopesAt(lines, '"beast').includes('punctuation.definition.string.begin.ceph-conf'));
});

test('an escaped "#" or ";" in an unquoted value is part of it, as Ceph reads it; the next unescaped one starts a comment', async () => {
  const lines = await tok('rgw dns name = a\\#b\\;c # a comment');
  assert.deepEqual(spans(lines, VALUE), ['a\\#b\\;c']);
  assert.deepEqual(spans(lines, 'constant.character.escape.ceph-conf'), ['\\#', '\\;']);
  assert.deepEqual(spans(lines, HASH), ['# a comment']);
  assert.deepEqual(spans(lines, SEMI), []);
});

test('an unterminated quote ends with its line instead of swallowing the file', async () => {
  const lines = await tok('rgw dns name = "rgw-us-east.example.com\nhost = gw-us-east-1');
  assert.deepEqual(spans(lines, KEY), ['rgw dns name', 'host']);
  assert.deepEqual(spans(lines, VALUE), ['gw-us-east-1']);
});

test('booleans and numbers, only as a whole value', async () => {
  const lines = await tok(
    [
      'rgw enable usage log = true',
      'rgw enable ops log = False   # off',
      'rgw thread pool size = 100',
      'rgw obj stripe size = 4M',
      'rgw gc obj min wait = 7200',
      'rgw cache expiry interval = 15m',
      'rgw lc debug interval = -1',
      'rgw zone = true-zone',
      'host = 10.0.0.1',
    ].join('\n'),
  );
  assert.deepEqual(spans(lines, BOOL), ['true', 'False']);
  assert.deepEqual(spans(lines, NUM), ['100', '4M', '7200', '15m', '-1']);
  assert.deepEqual(spans(lines, VALUE), ['true-zone', '10.0.0.1']);
  assert.deepEqual(spans(lines, HASH), ['# off']);
});

test('a backslash at the end of a line continues the value on the next line', async () => {
  const lines = await tok(['mon host = mon1-us.example.com, \\', '           mon2-us.example.com ; last', 'host = gw-us-east-1'].join('\n'));
  assert.deepEqual(spans(lines, CONT), ['\\']);
  assert.deepEqual(spans(lines, VALUE), ['mon1-us.example.com, \\', '           mon2-us.example.com', 'gw-us-east-1']);
  assert.deepEqual(spans(lines, SEMI), ['; last']);
  // The continued line is no key = value line of its own; the line after it is.
  assert.deepEqual(spans(lines, KEY), ['mon host', 'host']);
});

const EXAMPLES = ['examples/seed/us-cluster/ceph.conf', 'examples/seed/eu-cluster/ceph.conf', 'examples/modern/ceph.conf'];

test('example ceph.conf files: every key and value the parser reads, the grammar scopes alike', async () => {
  for (const file of EXAMPLES) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const parsed = parseCephConf(text);
    assert.deepEqual(parsed.errors, [], file);
    const lines = await tok(text);
    assert.deepEqual(spans(lines, SECTION), parsed.sections.map((s) => s.name), file);
    const entries = parsed.sections.flatMap((s) => s.entries);
    assert.deepEqual(spans(lines, KEY), entries.map((e) => e.rawKey), file);
    // Unquoted values here: the grammar's value (or its whole-value constant) is the parser's value.
    const values = lines.flatMap((tokens) => {
      const t = tokens.filter((x) => [VALUE, NUM, BOOL].some((s) => x.scopes.includes(s)));
      return t.length ? [t.map((x) => x.text).join('')] : [];
    });
    assert.deepEqual(values, entries.map((e) => e.value), file);
  }
});

test('example ceph.conf files: no text is left without a scope of its own', async () => {
  for (const file of EXAMPLES) {
    const lines = await tok(readFileSync(path.join(ROOT, file), 'utf8'));
    lines.forEach((tokens, i) => {
      for (const t of tokens) {
        if (t.text.trim()) assert.ok(t.scopes.length > 1, `${file}:${i + 1}: "${t.text}" has only ${t.scopes.join(' ')}`);
      }
    });
  }
});
