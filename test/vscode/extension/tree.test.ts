// The federation tree view: its provider returns the regions, zones and gateway instances of the example, and
// follows edits through the server's topology notification.
import * as assert from 'node:assert/strict';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { FederationNode, FederationTreeProvider } from '../../../client/src/federationTree';
import { closeAll, extension, open, replace, workspaceFile } from '../host/helpers';

async function provider(): Promise<FederationTreeProvider> {
  // activate() returns the running extension's API; it is already active, so this does not start it again.
  const api = (await extension().activate()) as { tree?: FederationTreeProvider } | undefined;
  assert.ok(api?.tree, 'the extension returns no tree provider from activate()');
  return api.tree;
}

const label = (tree: FederationTreeProvider, node: FederationNode): string => {
  const l = tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : l?.label ?? '';
};

async function children(tree: FederationTreeProvider, node?: FederationNode): Promise<Map<string, FederationNode>> {
  const list = (await tree.getChildren(node)) ?? [];
  return new Map(list.map((n) => [label(tree, n), n]));
}

/** Resolves once `predicate` holds for the tree: now, or after one of its change events. */
function waitForTree(tree: FederationTreeProvider, predicate: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sub.dispose();
      if (error) reject(error);
      else resolve();
    };
    const check = (): void => { predicate().then((ok) => { if (ok) finish(); }, (e: Error) => finish(e)); };
    const sub = tree.onDidChangeTreeData(check);
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    check();
  });
}

suite('federation tree', () => {
  teardown(closeAll);

  test('lists regions us and eu, their zones, and the gateway instance of each zone', async () => {
    const tree = await provider();
    const roots = await children(tree);
    assert.ok(roots.has('us') && roots.has('eu'), JSON.stringify([...roots.keys()]));
    const us = tree.getTreeItem(roots.get('us')!);
    assert.match(String(us.description), /master/);
    assert.deepEqual([...(await children(tree, roots.get('us'))).keys()].sort(), ['us-east', 'us-west']);
    const euZones = await children(tree, roots.get('eu'));
    assert.deepEqual([...euZones.keys()].sort(), ['eu-east', 'eu-west']);
    const eastKids = await children(tree, euZones.get('eu-east'));
    assert.ok(eastKids.has('client.radosgw.eu-east-1'), JSON.stringify([...eastKids.keys()]));
    assert.match(String(tree.getTreeItem(eastKids.get('client.radosgw.eu-east-1')!).description), /host gw-eu-east-1/);
  });

  test('a zone\'s pools, fetched when opened, each opening its line of the zone infile', async () => {
    const tree = await provider();
    const east = (await children(tree, (await children(tree)).get('us'))).get('us-east')!;
    const pools = (await children(tree, east)).get('pools');
    assert.ok(pools, 'no pools node under us-east');
    assert.equal(tree.getTreeItem(pools).description, '12');
    const items = await children(tree, pools);
    assert.equal(items.size, 12);
    const gc = tree.getTreeItem(items.get('.us-east.rgw.gc')!);
    assert.equal(gc.description, 'gc_pool');
    const [uri, options] = (gc.command?.arguments ?? []) as [vscode.Uri, vscode.TextDocumentShowOptions];
    assert.ok(uri.path.endsWith('/us-east.json'), String(uri));
    const text = (await vscode.workspace.openTextDocument(uri)).lineAt(options.selection!.start.line).text;
    assert.match(text, /"gc_pool": "\.us-east\.rgw\.gc"/);
  });

  test('lists the sync pairs: data inside each region, metadata from the master region', async () => {
    const tree = await provider();
    const pairs = await children(tree, (await children(tree)).get('sync pairs'));
    for (const p of ['us-east → us-west', 'eu-east → eu-west', 'us-east → eu-east']) assert.ok(pairs.has(p), JSON.stringify([...pairs.keys()]));
  });

  test('a fault in a zone infile shows on the zone as you type', async () => {
    const tree = await provider();
    const zoneDescription = async (): Promise<string> => {
      const zones = await children(tree, (await children(tree)).get('us'));
      return String(tree.getTreeItem(zones.get('us-east')!).description ?? '');
    };
    assert.doesNotMatch(await zoneDescription(), /error/);
    const { document } = await open(workspaceFile('us-east.json'));
    await replace(document, '"control_pool"', '"contol_pool"');
    await waitForTree(tree, async () => /error/.test(await zoneDescription()), 'an error count on zone us-east');
    await closeAll();
    await waitForTree(tree, async () => !/error/.test(await zoneDescription()), 'no error count once the change is reverted');
  });

  test('the view is registered and can be focused', async () => {
    await vscode.commands.executeCommand('cephFederation.tree.focus');
  });
});
