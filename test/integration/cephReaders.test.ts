// Our readers against Ceph's own on the lab's packages (16.2.15): every ceph.conf line below is read by `ceph-conf`
// and by our parser, which must agree on the value, or on the file being refused (a parse error, or the abort Ceph's
// grammar hits on a byte past ASCII). And an infile saved with a byte order mark or holding a comment, which
// radosgw-admin refuses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkFiles } from '../../server/src/core/check';
import { parseCephConf } from '../../server/src/core/parse/cephConf';
import { labOrSkip, releaseLab, secondaryZone } from './lab';

after(releaseLab);

/** Lines of `[client.a]`, each looked up as option `a`. */
const LINES = [
  'a = x', 'a =   x   ', 'a=x', 'a = x # c', 'a = x;c', "a = x'y'",
  'a = "x"', "a = 'x'", 'a = ""', "a = ''", "a = '  x  '", 'a = "  x  "', 'a = \'x\' # c', 'a = "x" ; c',
  'a = "x', "a = 'x", 'a = "x" y', "a = 'x' y", 'a = "x""y"', "a = 'x''y'",
  'a = "a#b"', "a = 'a;b'", 'a = "a\\#b"', "a = 'a\\;b'", 'a = x\\#y', 'a = x\\;y',
  'a = C:\\path', 'a = x\\y', 'a = x \\ y', 'a = x\\\\', 'a = "a\\\\b"', 'a = "a\\"b"', "a = 'a\\'b'", 'a = \\"x\\"',
  'a = "a\'b"', "a = 'a\"b'",
  'a = us-wést', 'a = "us-wést"', "a = 'us-wést'", 'a = x # café', 'a = x ; ça', 'a = 😀',
];

/** Whole files, option `a` looked up for client.a: sections, blanks, line breaks, continuations. */
const FILES = [
  '[client.a]\na = 1\n[client.a]\na = 2\n', '[client.a]\na = 1\na = 2\n', '[client.a]\na = 1\n[client.a]\nb = 2\n',
  '[client.a]\nrgw zone = 1\nrgw_zone = 2\n', '[client.a]\na b = 1\na = 2\n', '[client.a]\nA = 1\n', '[client.a]\n[client.b]\na = 1\n',
  '[ client.a ]\na = 1\n', '[client.a ]\na = 1\n', '[client.a]  \na = 1\n', '[client.a] # c\na = 1\n', '[]\na = 1\n', '[client.a\na = 1\n',
  '[client.a]\n[[x]]\na = 1\n', '[ ]\na = 1\n[client.a]\na = 2\n', '[]\n[client.a]\na = 2\n', 'a = 1\n[client.a]\nb = 2\n', '[client.a]\n  a = 1\n', '[client.a]\n\ta\t=\t1\t\n', '[client.a]\na = 1 = 2\n',
  '[client.a]\na==1\n', '[client.a]\n= 1\n', '[client.a]\na\n', '[client.a]\na =\n', '[client.a]\n#a = 3\na = 1\n',
  '[client.a]\na = x \\\ny\n', '[client.a]\na = x\\\n  y\n', '[client.a]\na = x\n\\\n', '[client.a]\na = x\\\\\n',
  '[client\\.a]\na = 1\n', '[client.\\a]\na = 1\n', '[client.a\\]]\na = 1\n', '[client\\ a]\na = 1\n', '[client.a#x]\na = 1\n', '[client.a;x]\na = 1\n',
  '[client.a]\na\\#b = 1\na = 2\n', '[client.a]\na\\=b = 1\n', '[client.a]\n\\a = 1\n', '[client.a]\na#b = 1\n',
  '[client.a]\na = 1\r\n', '[client.a]\r\na = 1\r\n',
  '[client.a]\na = 1', '[client.a]\na = 1 # c', '[client.a]\na = 1\n# c', '[client.a]\na = 1\n[client.b]', '\n\n[client.a]\na = 1', '[client.a]\na = "1"',
];

type Reading = { refused: string } | { value: string };

function cephReads(dir: string, i: number, text: string): Reading {
  const file = join(dir, `${i}.conf`);
  writeFileSync(file, text);
  const r = spawnSync('ceph-conf', ['-c', file, '--name', 'client.a', '--lookup', 'a'], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.signal === 'SIGABRT' || r.status === 134) return { refused: 'aborted' };
  if (/parse error/.test(r.stdout + r.stderr)) return { refused: 'parse error' };
  // Exit 1 and nothing printed: the file was read, the option is not in client.a's sections.
  if (r.status === 1 && !r.stdout && !/error/i.test(r.stderr)) return { value: '(none)' };
  assert.equal(r.status, 0, `ceph-conf on ${JSON.stringify(text)}: ${r.stdout}${r.stderr}`);
  return { value: r.stdout.replace(/\n$/, '') };
}

function weRead(text: string): Reading {
  const conf = parseCephConf(text);
  if (conf.errors.length) return { refused: conf.errors.map((e) => e.message).join('; ') };
  const entry = conf.sections.filter((s) => s.name === 'client.a').flatMap((s) => s.entries).filter((e) => e.key === 'a').pop();
  return { value: entry?.value ?? '(none)' };
}

function compare(dir: string, texts: string[]): { disagree: string[]; refused: number } {
  const disagree: string[] = [];
  let refused = 0;
  texts.forEach((text, i) => {
    const ceph = cephReads(dir, i, text);
    const ours = weRead(text);
    if ('refused' in ceph) refused++;
    if ('refused' in ceph !== 'refused' in ours || ('value' in ceph && 'value' in ours && ceph.value !== ours.value)) {
      disagree.push(`${JSON.stringify(text)}: ceph-conf ${JSON.stringify(ceph)}, ours ${JSON.stringify(ours)}`);
    }
  });
  return { disagree, refused };
}

test('ceph.conf values: ours and ceph-conf agree on every line, or both refuse the file', async (t) => {
  if (!(await labOrSkip(t))) return;
  const dir = mkdtempSync(join(tmpdir(), 'cf-readers-'));
  const { disagree, refused } = compare(dir, LINES.map((line) => `[client.a]\nb = 1\n${line}\n`));
  assert.deepEqual(disagree, []);
  // Both kinds of refusal were met, so the comparison covered them.
  assert.ok(refused >= 10, `${refused} lines refused`);
  assert.deepEqual(cephReads(dir, 1000, '[client.a]\na = us-wést\n'), { refused: 'aborted' });
  assert.deepEqual(cephReads(dir, 1001, "[client.a]\na = 'a;b'\n"), { refused: 'parse error' });
});

test('ceph.conf files: sections, blanks, line breaks and continuations read alike, or refused by both', async (t) => {
  if (!(await labOrSkip(t))) return;
  const { disagree, refused } = compare(mkdtempSync(join(tmpdir(), 'cf-readers-')), FILES);
  assert.deepEqual(disagree, []);
  assert.ok(refused >= 8, `${refused} files refused`);
});

test('a byte order mark: ceph-conf aborts on it and radosgw-admin fails on it, as on a comment; we report both', async (t) => {
  const lab = await labOrSkip(t);
  if (!lab) return;
  const dir = mkdtempSync(join(tmpdir(), 'cf-bom-'));
  const conf = '[client.a]\na = x\n';
  assert.deepEqual(cephReads(dir, 0, '\uFEFF' + conf), { refused: 'aborted' });
  assert.deepEqual(cephReads(dir, 1, conf), { value: 'x' });

  // The secondary zone as radosgw-admin prints it, written back with a mark: refused before anything is written.
  const zone = secondaryZone(lab).name;
  const env = { ...process.env, CEPH_CONF: lab.cephConf };
  const get = spawnSync('radosgw-admin', ['zone', 'get', `--rgw-zone=${zone}`], { encoding: 'utf8', env });
  assert.equal(get.status, 0, get.stderr);
  const infile = join(dir, `${zone}.json`);
  writeFileSync(infile, '\uFEFF' + get.stdout);
  const set = spawnSync('radosgw-admin', ['zone', 'set', `--rgw-zone=${zone}`, '--infile', infile], { encoding: 'utf8', env, timeout: 120_000 });
  assert.notEqual(set.status, 0);
  assert.match(set.stdout + set.stderr, /failed to parse JSON/);
  // A comment is refused the same way. (A trailing comma and text after the document are accepted: trying them
  // here would write the zone, so rules.test.ts pins those messages instead.)
  writeFileSync(infile, get.stdout.replace('{', '{ // the zone\n'));
  const commented = spawnSync('radosgw-admin', ['zone', 'set', `--rgw-zone=${zone}`, '--infile', infile], { encoding: 'utf8', env, timeout: 120_000 });
  assert.notEqual(commented.status, 0);
  assert.match(commented.stdout + commented.stderr, /failed to parse JSON/);

  const checked = await checkFiles([
    { uri: `file://${infile}`, text: get.stdout, bom: true },
    { uri: `file://${join(dir, 'ceph.conf')}`, text: conf, bom: true },
  ]);
  const codes = [...checked.diagnostics.values()].flat().filter((d) => /byte order mark/.test(d.message)).map((d) => d.code).sort();
  assert.deepEqual(codes, ['conf-syntax', 'json-syntax']);
});
