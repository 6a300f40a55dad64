import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMAND_IDS } from '../../server/src/core/commands';
import { ROOT } from './fixtures';

test('every remote command is contributed, needs a trusted workspace, and is in the zone or region menus', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const contributed = new Map<string, { enablement?: string }>(manifest.contributes.commands.map((c: { command: string }) => [c.command, c]));
  for (const id of Object.values(COMMAND_IDS)) {
    assert.ok(contributed.has(id), `${id} contributed`);
    assert.equal(contributed.get(id)!.enablement, 'isWorkspaceTrusted', id);
  }
  const menus = JSON.stringify(manifest.contributes.menus);
  for (const id of [COMMAND_IDS.applyZone, COMMAND_IDS.planZone, COMMAND_IDS.createSystemUser, COMMAND_IDS.compareZoneWithLive, COMMAND_IDS.applyRegion]) assert.ok(menus.includes(id), id);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});
