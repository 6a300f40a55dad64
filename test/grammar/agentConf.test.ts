// The radosgw-agent config grammar (source.radosgw-agent-conf) on lines of the seed's agent configs and on the YAML 1.1
// corners PyYAML has; and, over whole example files, agreement with the project's own agent config parser.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAgentConf } from '../../server/src/core/parse/agentConf';
import { ROOT, scopesAt, spans, tokenize } from './tokenize';

const SCOPE = 'source.radosgw-agent-conf';
const KEY = 'entity.name.tag.radosgw-agent-conf';
const COLON = 'punctuation.separator.key-value.mapping.radosgw-agent-conf';
const PLAIN = 'string.unquoted.plain.out.radosgw-agent-conf';
const LINK = 'markup.underline.link.radosgw-agent-conf';
const COMMENT = 'comment.line.number-sign.radosgw-agent-conf';
const BOOL = 'constant.language.boolean.radosgw-agent-conf';
const NUM = 'constant.numeric.radosgw-agent-conf';
const NULL = 'constant.language.null.radosgw-agent-conf';

const tok = (text: string) => tokenize(SCOPE, text);

test('key: value lines of the seed agent configs', async () => {
  const lines = await tok(
    [
      'src_access_key: DG8RE354EFPZBICHIAF0',
      'src_secret_key: Mvk4cHdmbKYG9ssZZE+BACbYz5jR0XRGZ0p9uVsS',
      'log_file: /var/log/radosgw/radosgw-sync-us-east-west.log',
    ].join('\n'),
  );
  assert.deepEqual(spans(lines, KEY), ['src_access_key', 'src_secret_key', 'log_file']);
  assert.deepEqual(spans(lines, COLON), [':', ':', ':']);
  assert.deepEqual(spans(lines, PLAIN), ['DG8RE354EFPZBICHIAF0', 'Mvk4cHdmbKYG9ssZZE+BACbYz5jR0XRGZ0p9uVsS', '/var/log/radosgw/radosgw-sync-us-east-west.log']);
});

test('a URL value: the colons inside it are no key separators', async () => {
  const lines = await tok('destination: https://us-west.storage.net:80\nsource: http://rgw-us-east.example.com:80/  # the master zone');
  assert.deepEqual(spans(lines, KEY), ['destination', 'source']);
  assert.deepEqual(spans(lines, COLON), [':', ':']);
  assert.deepEqual(spans(lines, LINK), ['https://us-west.storage.net:80', 'http://rgw-us-east.example.com:80/']);
  assert.ok(scopesAt(lines, 'https://').includes(PLAIN));
  assert.deepEqual(spans(lines, COMMENT), ['# the master zone']);
});

test('comments: a whole line, and after a value only past whitespace', async () => {
  const lines = await tok(
    ['# radosgw-agent: data sync from us-east to us-west', 'dest_secret_key: abc#def', 'dest_access_key: ABC   # from radosgw-admin user info'].join('\n'),
  );
  assert.deepEqual(spans(lines, COMMENT), ['# radosgw-agent: data sync from us-east to us-west', '# from radosgw-admin user info']);
  // A colon inside a comment makes no key.
  assert.deepEqual(spans(lines, KEY), ['dest_secret_key', 'dest_access_key']);
  assert.deepEqual(spans(lines, PLAIN), ['abc#def', 'ABC']);
  assert.ok(scopesAt(lines, '#').includes('punctuation.definition.comment.radosgw-agent-conf'));
});

test('YAML 1.1 booleans, null and numbers, only as a whole value', async () => {
  const lines = await tok(
    [
      'metadata_only: true',
      'versioned: yes',
      'metadata_only: Off  # YAML 1.1: a boolean',
      'num_workers: 4',
      'lock_timeout: 0x3c',
      'max_entries: 1_000',
      'log_file: ~',
      'sync_scope: incremental',
      'dest_access_key: true-ish',
      'src_zone: 4us',
    ].join('\n'),
  );
  assert.deepEqual(spans(lines, BOOL), ['true', 'yes', 'Off']);
  assert.deepEqual(spans(lines, NUM), ['4', '0x3c', '1_000']);
  assert.deepEqual(spans(lines, NULL), ['~']);
  assert.deepEqual(spans(lines, PLAIN), ['incremental', 'true-ish', '4us']);
});

test('quoted values', async () => {
  const lines = await tok(['src_secret_key: "d0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJT"', "log_file: '/var/log/it''s.log' # quoted", 'dest_secret_key: "a\\"b'].join('\n'));
  assert.deepEqual(spans(lines, 'string.quoted.double.radosgw-agent-conf'), ['"d0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJT"', '"a\\"b']);
  assert.deepEqual(spans(lines, 'string.quoted.single.radosgw-agent-conf'), ["'/var/log/it''s.log'"]);
  assert.deepEqual(spans(lines, 'constant.character.escape.radosgw-agent-conf'), ["''", '\\"']);
  assert.deepEqual(spans(lines, COMMENT), ['# quoted']);
});

test('a {placeholder} left from the seed is a value, like any other', async () => {
  const lines = await tok('src_access_key: {paste-access_key-here}\ndestination: https://zone-name.fqdn.com:port');
  assert.deepEqual(spans(lines, PLAIN), ['{paste-access_key-here}', 'https://zone-name.fqdn.com:port']);
  assert.deepEqual(spans(lines, KEY), ['src_access_key', 'destination']);
});

test('document markers', async () => {
  const lines = await tok('---\nsrc_zone: us-east\n...');
  assert.deepEqual(spans(lines, 'entity.other.document.begin.radosgw-agent-conf'), ['---']);
  assert.deepEqual(spans(lines, 'entity.other.document.end.radosgw-agent-conf'), ['...']);
  assert.deepEqual(spans(lines, KEY), ['src_zone']);
});

const EXAMPLES = ['examples/seed/us-data-sync.conf', 'examples/seed/eu-data-sync.conf', 'examples/seed/inter-region-metadata-sync.conf'];

test('example agent configs: every key and value the parser reads, the grammar scopes alike', async () => {
  for (const file of EXAMPLES) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const parsed = parseAgentConf(text);
    assert.deepEqual(parsed.errors, [], file);
    const lines = await tok(text);
    assert.deepEqual(spans(lines, KEY), parsed.entries.map((e) => e.key), file);
    const values = lines.flatMap((tokens) => {
      const t = tokens.filter((x) => [PLAIN, BOOL, NUM].some((s) => x.scopes.includes(s)));
      return t.length ? [t.map((x) => x.text).join('')] : [];
    });
    assert.deepEqual(values, parsed.entries.map((e) => text.slice(e.valueStart, e.valueEnd)), file);
    assert.equal(spans(lines, LINK).length, 1, file);
    assert.deepEqual(spans(lines, COMMENT), [text.split('\n')[0]], file);
  }
});

test('example agent configs: no text is left without a scope of its own', async () => {
  for (const file of EXAMPLES) {
    const lines = await tok(readFileSync(path.join(ROOT, file), 'utf8'));
    lines.forEach((tokens, i) => {
      for (const t of tokens) {
        if (t.text.trim()) assert.ok(t.scopes.length > 1, `${file}:${i + 1}: "${t.text}" has only ${t.scopes.join(' ')}`);
      }
    });
  }
});
