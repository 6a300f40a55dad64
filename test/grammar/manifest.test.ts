// package.json's language, grammar and setting contributions: files that exist and agree with each other, first-line
// and file-name rules that pick the language the checker would (by content) for the example files.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { parseFile } from '../../server/src/core/parse/parseFile';
import { ROOT, grammarContributions, manifest } from './tokenize';

interface Language {
  id: string;
  filenames?: string[];
  filenamePatterns?: string[];
  firstLine?: string;
  configuration?: string;
}

const languages: Language[] = manifest.contributes.languages;
const language = (id: string) => {
  const l = languages.find((x) => x.id === id);
  assert.ok(l, `language ${id} is contributed`);
  return l;
};
/** The checker's file kind for each of the extension's languages. */
const KIND: Record<string, string> = { 'ceph-conf': 'ceph-conf', 'radosgw-agent-conf': 'agent-conf' };

test('each language has a grammar whose scope name matches its file, and a language configuration', () => {
  assert.deepEqual(languages.map((l) => l.id).sort(), ['ceph-conf', 'radosgw-agent-conf']);
  for (const l of languages) {
    const g = grammarContributions.filter((x) => x.language === l.id);
    assert.equal(g.length, 1, l.id);
    const grammar = JSON.parse(readFileSync(path.join(ROOT, g[0].path), 'utf8'));
    assert.equal(grammar.scopeName, g[0].scopeName);
    assert.equal(g[0].scopeName, `source.${l.id}`);

    assert.ok(l.configuration && existsSync(path.join(ROOT, l.configuration)), `${l.id}: configuration`);
    const errors: ParseError[] = [];
    const config = parseJsonc(readFileSync(path.join(ROOT, l.configuration), 'utf8'), errors);
    assert.deepEqual(errors, [], l.configuration);
    assert.equal(config.comments.lineComment, '#');
    // Zone names are one word: double-click selects all of us-east.
    const word = new RegExp(config.wordPattern, 'g');
    assert.deepEqual('.us-east.rgw.root = default-placement'.match(word), ['us-east', 'rgw', 'root', 'default-placement']);
  }
});

function firstLine(id: string): RegExp {
  const l = language(id);
  assert.ok(l.firstLine, `${id}: firstLine`);
  return new RegExp(l.firstLine);
}

test('firstLine: section headers open a ceph.conf, agent keys (or a comment naming radosgw-agent) an agent config', () => {
  const conf = firstLine('ceph-conf');
  const agent = firstLine('radosgw-agent-conf');
  for (const line of ['[global]', '[client.radosgw.us-east-1]', '  [client.rgw.ap-north-1]', '[mon]', '[osd.0]', '[mds]', '[mgr]']) {
    assert.ok(conf.test(line), line);
    assert.ok(!agent.test(line), line);
  }
  for (const line of ['src_access_key: DG8RE354EFPZBICHIAF0', 'destination: https://us-west.storage.net:80', 'src_zone: us-east', '# radosgw-agent: data sync from us-east to us-west']) {
    assert.ok(agent.test(line), line);
    assert.ok(!conf.test(line), line);
  }
  for (const line of ['{', '[', '[section]', 'rgw zone = us-east', '# a comment', 'source_key: x']) {
    assert.ok(!conf.test(line) && !agent.test(line), line);
  }
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const exampleFiles = walk(path.join(ROOT, 'examples')).map((full) => ({
  name: path.basename(full),
  rel: path.relative(ROOT, full).split(path.sep).join('/'),
  text: readFileSync(full, 'utf8'),
}));

test('firstLine never claims an example file for a language the checker would not give it', () => {
  for (const f of exampleFiles) {
    const kind = parseFile({ uri: `file:///${f.rel}`, text: f.text }).kind;
    const line = f.text.split('\n')[0];
    for (const id of Object.keys(KIND)) {
      if (firstLine(id).test(line)) assert.equal(kind, KIND[id], `${f.rel}: ${line}`);
    }
  }
});

/** A file-name glob as VS Code matches filenamePatterns against a base name: '*' is any run of characters. */
const globRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

/**
 * The language VS Code picks by name: an exact file name first, then the longest matching filenamePattern (so
 * "ceph-us-data-sync.conf" is an agent config through "*-data-sync.conf", not a ceph.conf through "ceph-*.conf").
 */
function languageByName(name: string): string | undefined {
  const exact = languages.find((l) => l.filenames?.some((f) => f.toLowerCase() === name.toLowerCase()));
  if (exact) return exact.id;
  let best: { id: string; pattern: string } | undefined;
  for (const l of languages) {
    for (const p of l.filenamePatterns ?? []) {
      if (globRegExp(p).test(name) && (!best || p.length > best.pattern.length)) best = { id: l.id, pattern: p };
    }
  }
  return best?.id;
}

test('file names pick the language the content would', () => {
  const cases: [string, string | undefined][] = [
    ['ceph.conf', 'ceph-conf'],
    ['us.ceph.conf', 'ceph-conf'],
    ['ceph-us.conf', 'ceph-conf'],
    ['us-data-sync.conf', 'radosgw-agent-conf'],
    ['cluster-data-sync.conf', 'radosgw-agent-conf'],
    ['inter-region-metadata-sync.conf', 'radosgw-agent-conf'],
    ['ceph-us-data-sync.conf', 'radosgw-agent-conf'],
    ['ceph-inter-region-metadata-sync.conf', 'radosgw-agent-conf'],
    ['us-east-sync.yaml', 'radosgw-agent-conf'],
    ['radosgw-agent.conf', 'radosgw-agent-conf'],
    ['ceph-radosgw-agent.conf', 'radosgw-agent-conf'],
    ['us-east.json', undefined],
    ['zabbix_agentd.conf', undefined],
    ['rsyncd.conf', undefined],
  ];
  for (const [name, id] of cases) assert.equal(languageByName(name), id, name);
  for (const f of exampleFiles.filter((x) => x.name.endsWith('.conf'))) {
    const kind = parseFile({ uri: `file:///${f.rel}`, text: f.text }).kind;
    const id = languageByName(f.name);
    assert.ok(id, f.rel);
    assert.equal(KIND[id], kind, f.rel);
  }
});

test('the agentConfigPatterns setting: an array of globs whose defaults the language already claims', () => {
  const properties = manifest.contributes.configuration.properties;
  const setting = properties['cephFederation.agentConfigPatterns'];
  assert.equal(setting.type, 'array');
  assert.equal(setting.items.type, 'string');
  assert.deepEqual(setting.default, ['**/*-sync.conf', '**/*-sync.yaml']);
  assert.match(setting.markdownDescription, /radosgw-agent/);
  // With the defaults, applying the setting changes nothing the static registration does not already do.
  const patterns = language('radosgw-agent-conf').filenamePatterns ?? [];
  for (const glob of setting.default as string[]) assert.ok(patterns.includes(glob.replace(/^\*\*\//, '')), glob);
});

/** Whether .vscodeignore keeps a file in the .vsix: the last matching line wins, and "!" re-includes. */
function packaged(file: string): boolean {
  const lines = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const toRegExp = (glob: string) =>
    new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?|\*/g, (m) => (m === '*' ? '[^/]*' : '.*'))}(/.*)?$`);
  let included = true;
  for (const line of lines) {
    const negated = line.startsWith('!');
    if (toRegExp(negated ? line.slice(1) : line).test(file)) included = negated;
  }
  return included;
}

test('every contributed grammar, snippet and language configuration file goes into the .vsix', () => {
  const files = [
    ...grammarContributions.map((g) => g.path),
    ...(manifest.contributes.snippets as { path: string }[]).map((s) => s.path),
    ...languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
  ].map((p) => p.replace(/^\.\//, ''));
  assert.ok(packaged('package.json') && packaged('dist/client.js') && !packaged('server/src/server.ts'));
  assert.deepEqual(files.filter((f) => !packaged(f)), []);
});

test('every bundle the build writes goes into the .vsix: the extension, the server and the CLI load them at run time', () => {
  // `npm test` builds first; each .js in dist/ is a bundle or a file one loads (dist/elk.js, dist/elk-thread.js, ...).
  const bundles = readdirSync(path.join(ROOT, 'dist')).filter((f) => f.endsWith('.js'));
  assert.ok(bundles.includes('server.js') && bundles.includes('elk-thread.js'), bundles.join(', '));
  assert.deepEqual(bundles.map((f) => `dist/${f}`).filter((f) => !packaged(f)), []);
  assert.ok(!packaged('dist/server.js.map'));
});
