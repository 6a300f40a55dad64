// Fast paths must give exactly what the general parsers give: radosgw-agent configs read line by line against the
// YAML parser, and ceph.conf read a regex match per line against the general ceph.conf parser, on the examples, the
// benchmark's federation and variants of them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { generate } from '../../bench/generate';
import { parseAgentConf, parseYaml } from '../../server/src/core/parse/agentConf';
import { parseCephConf, parseCephConfLines } from '../../server/src/core/parse/cephConf';
import { seedExample } from './fixtures';

const variants = (t: string): string[] => [
  t,
  t + 'num_workers: 4\n',
  t + 'num_workers: 04\n',
  t + 'metadata_only: yes\n',
  t + 'metadata_only: On\n',
  t + 'log_file: ~\n',
  t + 'max_entries: 1000\n',
  t + 'src_zone: "us-east"\n',
  t + 'src_zone: us-east # the master\n',
  t + 'dest_zone: null\n',
  t + 'sync_scope:\n',
  t + 'destination: http://host:80/path\n',
  t + 'key: a: b\n',
  t + 'key: value:\n',
  t + 'key:   spaced   \n',
  t + '  indented: 1\n',
  t + '---\n',
  t + 'list:\n  - a\n',
  t + 'flow: {a: 1}\n',
  t + 'time: 1:30\n',
  t + 'hex: 0x1F\n',
  t + 'float: 1.5\n',
  t + `${'k'.repeat(1024)}: v\n`,
  t + `${'k'.repeat(1025)}: v\n`,
  `#${'['.repeat(300)}\n` + t,
  t + `list: ${'['.repeat(300)}\n`,
  ...['0x1F', '0b101', '0o17', '1e5', '1E10', '12e', 'e12', '12AB', '9Zz0', '0xZZ', '1_000', '2001-12-14', '0OQQRR7OXQC8JQUVNMC3', '0xDEADBEEF', '0xDEADBEEFZ', '0b1012', '0o779', '0O17', '12e3x', '1eA', '0X1f'].map((v) => `${t}src_access_key: ${v}\n`),
  t.replace(/\n/g, '\r\n'),
  t + t,
  '# only a comment\n',
  '',
  '\n\n',
];

test('the line-by-line agent config reader agrees with the YAML parser', () => {
  const texts = [...Object.entries(seedExample()).filter(([n]) => n.endsWith('sync.conf')).map(([, t]) => t)];
  for (const [p, t] of generate(10).files) if (p.endsWith('sync.conf')) texts.push(t);
  let fast = 0;
  for (const base of texts) {
    for (const text of variants(base)) {
      assert.deepEqual(parseAgentConf(text), parseYaml(text), JSON.stringify(text));
      fast++;
    }
  }
  assert.ok(fast > 100);
});

const confVariants = (t: string): string[] => [
  t,
  t.trimEnd(),
  t + '[client.radosgw.extra-1]',
  t + 'rgw zone=us-west',
  t + '[ spaced  name ]\n',
  t + '[]\n',
  t + '[  ]\n',
  t + '[client] trailing\n',
  t + '[client] ; a comment\n',
  t + '[client]\t# a comment\n',
  t + '[client]\u00a0\n',
  t + '[a]b]\n',
  t + '[a[b]\n',
  t + '[client#x]\n',
  t + '[client;x] ; a comment\n',
  t + '[unclosed\n',
  t + 'rgw zone = us-east ; the zone\n',
  t + 'rgw zone = us-east#no space\n',
  t + 'rgw zone =\n',
  t + 'rgw zone = \t \n',
  t + 'rgw zone = ;\n',
  t + '   rgw    zone   =   us-east   \n',
  t + '\trgw\tzone\t=\tus-east\t\n',
  t + '\f\vkey = v\n',
  t + 'key\u00a0= v\n',
  t + '\u00a0key = v\n',
  t + 'key = v\u00a0\n',
  t + '\u00a0= v\n',
  t + '= value\n',
  t + 'no equals sign\n',
  t + 'key ; comment = v\n',
  t + 'key # comment = v\n',
  t + 'key = a=b\n',
  t + 'key = "quoted value" ; c\n',
  t + 'key = a \\\n  b\n',
  t + 'key = C:\\path\n',
  t + '\n\n   \n\t\n',
  t.replace(/\n/g, '\r\n'),
  '\ufeff' + t,
  'rgw zone = before any section\n' + t,
  '; only a comment',
  '',
  '\n',
];

test('the regex-per-line ceph.conf reader agrees with the general parser', () => {
  const texts = Object.entries(seedExample())
    .filter(([n]) => n.endsWith('ceph.conf'))
    .map(([, t]) => t);
  for (const [p, t] of generate(10).files) if (p.endsWith('ceph.conf')) texts.push(t);
  let clean = 0;
  let broken = 0;
  for (const base of texts) {
    for (const text of confVariants(base)) {
      const general = parseCephConfLines(text);
      assert.deepEqual(parseCephConf(text), general, JSON.stringify(text));
      if (general.errors.length) broken++;
      else clean++;
    }
  }
  // Both sides of the fast path's limit are met: clean texts it reads, and malformed ones it leaves to the parser.
  assert.ok(clean > 50 && broken > 30, `${clean} clean, ${broken} with errors`);
});
