// Go to definition and find references across files, through vscode.execute{Definition,Reference}Provider.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { closeAll, openFile, positionOf, relative } from '../host/helpers';

type Target = vscode.Location | vscode.LocationLink;
const uriOf = (t: Target): vscode.Uri => ('targetUri' in t ? t.targetUri : t.uri);

suite('definition and references', () => {
  teardown(closeAll);

  test('a zone named in ceph.conf leads to its zone infile', async () => {
    const doc = await openFile('us-cluster', 'ceph.conf');
    const targets = await vscode.commands.executeCommand<Target[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'rgw zone = us-east', 12));
    assert.deepEqual(targets.map((t) => relative(uriOf(t))), ['us-east.json']);
  });

  test('a region named in ceph.conf leads to its region infile', async () => {
    const doc = await openFile('eu-cluster', 'ceph.conf');
    const targets = await vscode.commands.executeCommand<Target[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'rgw region = eu', 13));
    assert.deepEqual(targets.map((t) => relative(uriOf(t))), ['eu.json']);
  });

  test('the references of a zone span the region, the zone infile, ceph.conf and the agent configs', async () => {
    const doc = await openFile('us.json');
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, positionOf(doc, '"master_zone": "us-east"', 18));
    const files = [...new Set(refs.map((r) => relative(r.uri)))].sort();
    for (const f of ['us.json', 'us-east.json', 'us-cluster/ceph.conf']) assert.ok(files.includes(f), `${f} missing from ${JSON.stringify(files)}`);
  });
});
