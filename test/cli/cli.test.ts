// The bundled CLI as a whole process: output formats and exit codes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../core/fixtures';
import { FileTooLargeError, readSource, readSourceSync, walkFederationFiles, walkFederationFilesSync } from '../../server/src/node/files';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const run = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

function brokenCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-cli-'));
  cpSync(path.join(ROOT, 'examples', 'seed'), dir, { recursive: true });
  const conf = path.join(dir, 'us-cluster', 'ceph.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8').replace('rgw zone = us-west', 'rgw-zone = us-west'));
  return dir;
}

test('check with no path checks the bundled examples clean: exit 0', () => {
  const r = run(['check']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^17 files checked: 0 errors, 0 warnings$/m);
});

test('text format: path:line:col: severity code: message, exit 1 on errors', () => {
  const dir = brokenCopy();
  const r = run(['check', '.'], dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^us-cluster\/ceph\.conf:19:1: error conf-dash-key: Ceph ignores "rgw-zone"/m);
});

test('json format: documented shape, relative paths, 1-based positions', () => {
  const dir = brokenCopy();
  const r = run(['check', dir, '--format', 'json'], dir);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.summary, { files: 11, errors: 1, warnings: 0 });
  assert.deepEqual(
    { ...out.diagnostics[0], message: undefined },
    { file: path.join('us-cluster', 'ceph.conf'), line: 19, column: 1, endLine: 19, endColumn: 9, severity: 'error', code: 'conf-dash-key', message: undefined },
  );
});

test('a file too large to be an infile is skipped in a directory with a notice, and fails the run when named', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-cli-'));
  cpSync(path.join(ROOT, 'examples', 'seed'), dir, { recursive: true });
  // A sparse file: its size is what counts, and the CLI must not read it.
  writeFileSync(path.join(dir, 'bucket-listing.json'), '');
  truncateSync(path.join(dir, 'bucket-listing.json'), 33 * 1024 * 1024);
  const walked = run(['check', '.'], dir);
  assert.equal(walked.status, 0, walked.stdout + walked.stderr);
  assert.match(walked.stdout, /^11 files checked: 0 errors, 0 warnings$/m);
  assert.equal(walked.stderr, 'ceph-federation: skipped bucket-listing.json: 33 MB, larger than any federation file (the limit is 32 MB): not read\n');
  const named = run(['check', 'bucket-listing.json'], dir);
  assert.equal(named.status, 2);
  assert.match(named.stderr, /^ceph-federation: cannot read bucket-listing\.json: 33 MB, larger than any federation file/);
});

test("the server's reader and the CLI's read alike: text, a byte order mark left out and told, an empty file, one too large, none", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-read-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = { 'plain.json': '{"name": "us-east"}\n', 'bom.json': '\uFEFF{"name": "us-west"}\n', 'empty.json': '', 'utf8.conf': '; zone \u00e9t\u00e9 \u{1F600}\n' };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    const expected = { text: text.replace(/^\uFEFF/, ''), bom: text.startsWith('\uFEFF') || undefined };
    for (const s of [await readSource(file), readSourceSync(file)]) assert.deepEqual({ text: s.text, bom: s.bom }, expected, name);
  }
  const big = path.join(dir, 'big.json');
  writeFileSync(big, '');
  truncateSync(big, 33 * 1024 * 1024);
  await assert.rejects(readSource(big), FileTooLargeError);
  assert.throws(() => readSourceSync(big), FileTooLargeError);
  await assert.rejects(readSource(path.join(dir, 'none.json')), { code: 'ENOENT' });
  assert.throws(() => readSourceSync(path.join(dir, 'none.json')), { code: 'ENOENT' });
});

test('the installed command starts through the code cache: written on the first run, used on the next, a broken one replaced, none when it cannot be', (t) => {
  const BIN = path.join(ROOT, 'bin', 'ceph-federation.js');
  const home = mkdtempSync(path.join(tmpdir(), 'cf-cache-'));
  const off = mkdtempSync(path.join(tmpdir(), 'cf-cache-'));
  const dir = brokenCopy();
  t.after(() => {
    for (const d of [home, off, dir]) rmSync(d, { recursive: true, force: true });
  });
  const expected = run(['check', dir, '--format', 'json']);
  const viaBin = (env: NodeJS.ProcessEnv) => {
    const r = spawnSync(process.execPath, [BIN, 'check', dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env } });
    assert.deepEqual({ status: r.status, stdout: r.stdout, stderr: r.stderr }, { status: expected.status, stdout: expected.stdout, stderr: expected.stderr });
  };
  const cache = path.join(home, 'ceph-federation');
  const entries = () => readdirSync(cache).filter((f) => /^cli-[0-9a-f]{32}\.v8$/.test(f));
  viaBin({ XDG_CACHE_HOME: home });
  const [entry] = entries();
  assert.ok(entry, 'the first run writes its entry');
  const written = readFileSync(path.join(cache, entry));
  assert.ok(written.length > 100_000, `${written.length} bytes: the bytecode of the whole run, not only the top level`);
  const inode = statSync(path.join(cache, entry)).ino;
  viaBin({ XDG_CACHE_HOME: home });
  // Written only when missing or refused, and always by a rename: the same file means V8 took it.
  assert.equal(statSync(path.join(cache, entry)).ino, inode, 'an accepted entry is left as it is');
  // Bytes V8 refuses: the run compiles as usual and writes a good entry in their place.
  writeFileSync(path.join(cache, entry), Buffer.alloc(written.length, 7));
  viaBin({ XDG_CACHE_HOME: home });
  assert.deepEqual(entries(), [entry]);
  assert.ok(readFileSync(path.join(cache, entry)).length > 100_000 && readFileSync(path.join(cache, entry))[0] !== 7, 'the refused entry is replaced');
  // An entry of another build of the CLI is removed when this one's is written.
  rmSync(path.join(cache, entry));
  writeFileSync(path.join(cache, `cli-${'0'.repeat(32)}.v8`), 'old');
  viaBin({ XDG_CACHE_HOME: home });
  assert.deepEqual(entries(), [entry]);
  // What the bundle loads apart on first use (the diagram's layout engine) loads through the cached code too.
  const diagram = spawnSync(process.execPath, [BIN, 'diagram', dir], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });
  assert.equal(diagram.status, 0, diagram.stderr);
  assert.match(diagram.stdout, /^<svg [^>]*class="cf-diagram"/);
  // A cache directory that cannot be made (its parent is a file), or the cache turned off: no entry, no message.
  const file = path.join(home, 'a-file');
  writeFileSync(file, '');
  viaBin({ XDG_CACHE_HOME: file });
  viaBin({ XDG_CACHE_HOME: off, NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.deepEqual(readdirSync(off), []);
});

test('bad usage and unreadable paths: exit 2 with a one-line reason', () => {
  for (const args of [['check', '--format', 'xml'], ['frobnicate'], ['check', '--nope'], ['check', 'does/not/exist']]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr.split('\n')[0], /^ceph-federation: /);
  }
});

test('--help names every command, and bad usage shows the usage lines of all of them', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0);
  for (const command of ['check', 'diagram', 'plan', 'apply', 'sync-status']) assert.match(help.stdout, new RegExp(`^  ${command} |ceph-federation ${command} `, 'm'), command);
  const unknown = run(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /^ceph-federation: unknown command "frobnicate"\nusage: ceph-federation check .*\n.*diagram.*\n.*plan \| apply \| sync-status/);
});

test('an explicitly named file of no known kind is reported', () => {
  const r = run(['check', 'README.md']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /README\.md:1:1: warning unrecognized-file/);
});

test('a byte order mark on disk (which the decoded text leaves out) is reported where Ceph fails on it', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-bom-'));
  cpSync(path.join(ROOT, 'examples', 'seed'), dir, { recursive: true });
  for (const f of ['us-east.json', path.join('us-cluster', 'ceph.conf'), 'us-data-sync.conf']) {
    writeFileSync(path.join(dir, f), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path.join(dir, f))]));
  }
  const r = run(['check', '.'], dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^us-east\.json:1:1: error json-syntax: the file starts with a UTF-8 byte order mark: radosgw-admin fails on it/m);
  assert.match(r.stdout, /^us-cluster\/ceph\.conf:1:1: error conf-syntax: the file starts with a UTF-8 byte order mark: Ceph's config parser aborts/m);
  // radosgw-agent reads its config with PyYAML, which takes the mark in its stride.
  assert.match(r.stdout, /^11 files checked: 2 errors, 0 warnings$/m);
});

test('symbolic links are followed: a linked infile and a linked folder are checked, a dangling link and a cycle are not', async () => {
  const shared = mkdtempSync(path.join(tmpdir(), 'cf-shared-'));
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-links-'));
  cpSync(path.join(ROOT, 'examples', 'seed'), dir, { recursive: true });
  // The zone infile and the cluster's folder live elsewhere and are linked in, as operators share them.
  renameSync(path.join(dir, 'us-west.json'), path.join(shared, 'us-west.json'));
  symlinkSync(path.join(shared, 'us-west.json'), path.join(dir, 'us-west.json'));
  renameSync(path.join(dir, 'us-cluster'), path.join(shared, 'us-cluster'));
  symlinkSync(path.join(shared, 'us-cluster'), path.join(dir, 'us-cluster'));
  symlinkSync(path.join(shared, 'gone.json'), path.join(dir, 'gone.json'));
  mkdirSync(path.join(dir, 'loop'));
  symlinkSync(dir, path.join(dir, 'loop', 'back'));
  const r = run(['check', '.'], dir);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^11 files checked: 0 errors, 0 warnings$/m);
  const walked: string[] = [];
  for await (const f of walkFederationFiles(dir)) walked.push(path.relative(dir, f));
  assert.deepEqual(walked, walkFederationFilesSync(dir).map((f) => path.relative(dir, f)));
  assert.ok(walked.includes('us-west.json') && walked.includes(path.join('us-cluster', 'ceph.conf')), walked.join(' '));
  assert.ok(!walked.includes('gone.json') && !walked.some((f) => f.startsWith('loop')), walked.join(' '));
});
