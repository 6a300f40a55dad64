// The workbench driven like a user, in headless Chromium against code-server (VS Code 1.100) with the extension
// from this checkout: open a zone infile with a fault, see the squiggle and the Problems entry, fix it.
// Asserts on what the page shows; saves a screenshot of each step, and of the page when a test fails, under test-artifacts/ui/.
// Needs test/vscode/install.sh and `npm run build`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { generateLabFederation } from '../../fixtures/lab-federation/generate';
import { labProcessesAlive, readLab } from '../../integration/lab';
import { codeServerInstalled, launchBrowser, remoteUri, sampleMemory, startCodeServer, workbenchUrl, writeUserSettings, type Browser, type CodeServer } from '../workbench';

const root = path.resolve(__dirname, '..', '..', '..');
const shots = path.join(root, 'test-artifacts', 'ui');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cf-ui-'));
const workspace = path.join(scratch, 'seed');
const labSshConfig = path.join(scratch, 'lab-ssh-config');
const skip = codeServerInstalled() ? false : 'code-server or chromium missing: run test/vscode/install.sh';

let server: CodeServer | undefined;
let browser: Browser | undefined;
let memory: { stop(): string } | undefined;
let page: Page;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

/** What the page and its frames (webviews included) wrote to the browser console, newest last, for a failure. */
const consoleLines: string[] = [];
function keepConsole(line: string): void {
  consoleLines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
  if (consoleLines.length > 40) consoleLines.shift();
}

/**
 * A workbench test that, when it fails, keeps the page as it was (failed-N.png beside the steps' screenshots) and
 * tells the browser console's last lines.
 */
let failures = 0;
function uiTest(name: string, fn: (t: TestContext) => Promise<void>): void {
  test(name, { skip }, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      const file = `failed-${++failures}`;
      await shot(file).then(
        () => t.diagnostic(`the page when it failed: test-artifacts/ui/${file}.png`),
        () => undefined,
      );
      for (const line of consoleLines.splice(0)) t.diagnostic(`browser console: ${line}`);
      throw e;
    }
  });
}

/** Runs a command from the command palette, as a user types it. */
async function palette(title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Runs the command whose title is exactly `title` ("Apply Zone" also matches "Apply Region / Zonegroup"). */
async function paletteExact(title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }) }).first();
  await row.click();
}

async function quickOpen(file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(file);
  // Enter opens the focused row, which is another file until the results for what was typed have arrived.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: file }).first().waitFor();
  await page.keyboard.press('Enter');
  // With the diagram open beside it there are two editor groups, each with an active tab.
  await page.locator('.tab.active', { hasText: file }).first().waitFor();
}

const problemRows = () => page.locator('.markers-panel .monaco-list-row');

before(async () => {
  if (skip) return;
  fs.mkdirSync(shots, { recursive: true });
  fs.cpSync(path.join(root, 'examples', 'seed'), workspace, { recursive: true });
  // The fault is on disk before the editor opens: a misspelled key in a zone infile.
  const zone = path.join(workspace, 'us-east.json');
  fs.writeFileSync(zone, fs.readFileSync(zone, 'utf8').replace('"control_pool"', '"contol_pool"'));
  const userDataDir = path.join(scratch, 'user-data');
  writeUserSettings(userDataDir);
  const lab = readLab();
  if (lab && labProcessesAlive(lab)) {
    // Set before the workbench starts: a settings file written while it runs takes effect at an unknown moment.
    // The Apply Zone step writes the lab's ssh config there.
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'cephFederation.ssh.configFile': labSshConfig }));
  }
  server = await startCodeServer(userDataDir, path.join(userDataDir, 'extensions'));
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(60_000);
  page.on('console', (m) => keepConsole(`${m.type()} ${m.text()}${m.location().url ? ` (${m.location().url.replace(/\?.*/, '')})` : ''}`));
  page.on('pageerror', (e) => keepConsole(`uncaught ${e.stack ?? e.message}`));
  memory = sampleMemory(() => [process.pid]);
  await page.goto(workbenchUrl(server, workspace, [['extensionDevelopmentPath', remoteUri(server, root)], ['skipWelcome', 'true']]));
});

after(async () => {
  if (memory) console.log(`peak memory (code-server, extension host, language server, chromium, this runner): ${memory.stop()}`);
  await browser?.close();
  server?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

uiTest('the workbench opens the example federation', async () => {
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'us-east.json' }).waitFor();
  await shot('01-workbench');
});

uiTest('a zone infile with a fault: squiggle under the key, Problems entry with our code', async () => {
  await quickOpen('us-east.json');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor();
  await shot('02-squiggle');
  await palette('View: Focus Problems');
  const row = problemRows().filter({ hasText: 'contol_pool' });
  await row.first().waitFor();
  const text = await row.first().innerText();
  assert.match(text, /did you mean "control_pool"/);
  assert.match(text, /ceph-federation\s*\(?schema\)?/);
  await shot('03-problems');
});

uiTest('fixing the key in the editor clears the squiggle and the Problems entry', async () => {
  await quickOpen('us-east.json');
  // Find/Replace as a user would; the editor keeps the change unsaved.
  await page.keyboard.press('Control+H');
  await page.locator('.find-widget textarea[aria-label="Find"], .find-widget .find-part textarea').first().fill('contol_pool');
  await page.locator('.find-widget textarea[aria-label="Replace"], .find-widget .replace-part textarea').first().fill('control_pool');
  await page.keyboard.press('Control+Alt+Enter');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached' });
  await problemRows().filter({ hasText: 'contol_pool' }).first().waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
  await shot('04-fixed');
});

uiTest('the Getting Started walkthrough lists its steps', async () => {
  await palette('Welcome: Open Walkthrough...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Ceph Federation' }).first().click();
  for (const title of ['Open a federation', 'See what Ceph would do with a mistake', 'Apply a zone']) {
    await page.locator('.getting-started-step', { hasText: title }).first().waitFor();
  }
  await shot('05-walkthrough');
});

uiTest('the federation tree shows regions, zones and gateway instances', async () => {
  await page.locator('.activitybar .action-item a[aria-label^="Ceph Federation"]').click();
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Federation' }) });
  for (const name of ['us', 'eu', 'us-east', 'us-west', 'eu-east', 'eu-west']) {
    await view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first().waitFor();
  }
  // Zones start collapsed: expanding one shows its gateway instance and where it runs.
  await view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^us-east$/ }) }).first().locator('.monaco-tl-twistie').click();
  const instance = view.locator('.monaco-list-row', { hasText: 'client.radosgw.us-east-1' }).first();
  await instance.waitFor();
  assert.match(await instance.innerText(), /host gw-us-east-1/);
  await shot('06-tree');
});

uiTest('the federation diagram draws regions, zones, gateways and sync arrows', async () => {
  await palette('Ceph: Show Federation Diagram');
  // The walkthrough has a webview of its own: pick ours by the extension id in its address.
  const frame = page.frameLocator('iframe.webview.ready[src*="extensionId=ceph-federation"]').frameLocator('iframe#active-frame');
  for (const id of ['zone:us-east', 'zone:us-west', 'zone:eu-east', 'zone:eu-west', 'instance:client.radosgw.us-west-1']) {
    await frame.locator(`svg.cf-diagram g[data-id="${id}"]`).first().waitFor();
  }
  const text = await frame.locator('svg.cf-diagram').first().textContent();
  assert.match(text ?? '', /gw-us-east-1/);
  // The placeholder gave way, and the diagram's stylesheet passed the page's CSP: the master zone's box is drawn with
  // its thicker stroke (without the stylesheet, the default 1px).
  await frame.locator('#message').waitFor({ state: 'hidden' });
  // Runs in the page: its globals, not this program's (which has no DOM library).
  type PageGlobals = { getComputedStyle(e: unknown): { strokeWidth: string } };
  const stroke = await frame
    .locator('svg.cf-diagram g[data-id="zone:us-east"] > rect.cf-box')
    .first()
    .evaluate((r) => (globalThis as unknown as PageGlobals).getComputedStyle(r).strokeWidth);
  assert.equal(stroke, '2.5px');
  // A panel opened for the first time shows the whole picture (the zoom shrinks it to the panel), not its top left.
  type Box = { clientWidth: number; clientHeight: number; getBoundingClientRect(): { width: number; height: number } };
  const fits = await frame.locator('#canvas').evaluate((c) => {
    const canvas = c as unknown as Box & { querySelector(s: string): Box | null };
    const box = canvas.querySelector('svg')!.getBoundingClientRect();
    return { svg: [Math.round(box.width), Math.round(box.height)], canvas: [canvas.clientWidth, canvas.clientHeight] };
  });
  assert.ok(fits.svg[0] <= fits.canvas[0] && fits.svg[1] <= fits.canvas[1], `the picture (${fits.svg.join('x')}) fits the panel (${fits.canvas.join('x')})`);
  const zoom = await frame.locator('#zoom-level').textContent();
  await shot('07-diagram');
  // Hidden behind another editor the webview is dropped; shown again, its page asks for the picture and gets it.
  // (The editor the user works in is moved over it; clicking the diagram's tab shows it again.)
  await palette('View: Move Editor into Next Group');
  await frame.locator('svg.cf-diagram').first().waitFor({ state: 'detached' });
  await page.locator('.tab', { hasText: 'Federation Diagram' }).first().click();
  await frame.locator('svg.cf-diagram g[data-id="zone:us-east"]').first().waitFor();
  // Shown again, it keeps the zoom it had rather than fitting anew.
  assert.equal(await frame.locator('#zoom-level').textContent(), zoom);
  // Keys typed into a webview stay there: the next steps type into the workbench, so focus goes back to an editor.
  await page.locator('.editor-group-container').first().locator('.tab').first().click();
});

uiTest('renaming a zone opens the refactor preview, with the gateway section left unticked; Discard writes nothing', async (t) => {
  await quickOpen('us.json');
  // The caret on the zone's name in the region's zone list, by Go to Line/Column.
  const lines = fs.readFileSync(path.join(workspace, 'us.json'), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('"name": "us-west"'));
  const [ln, col] = [line + 1, lines[line].indexOf('us-west') + 1];
  const input = page.locator('.rename-box input.rename-input');
  const widget = page.locator('.quick-input-widget');
  // F2 renames what is under the caret of the focused editor, so the caret is put there with Go to Line, checked in
  // the status bar, and only then is F2 pressed. Enter waits until the picker offers the line: pressed as soon as the
  // text was typed, it left the picker open (once in CI, in 2 of 11 runs here), and F2 never reached the editor.
  // Should the workbench still miss, the miss is recorded (what it showed, and a screenshot) and the gesture repeated,
  // at most twice, as a user would.
  const misses: string[] = [];
  const missed = async (what: string) => {
    await shot(`08-rename-miss-${misses.length + 1}`);
    const said = await page.locator('.monaco-editor-overlaymessage, .notification-toast').allInnerTexts();
    misses.push(`${what}${said.length ? `; the workbench said: ${said.join(' | ')}` : ''}`);
    if (misses.length === 3) throw new Error(misses.join('\n'));
    t.diagnostic(misses[misses.length - 1]);
    await page.keyboard.press('Escape');
    await page.locator('.tab', { hasText: /^us\.json/ }).first().click();
  };
  for (;;) {
    await page.keyboard.press('Control+G');
    const goTo = widget.locator('input');
    await goTo.waitFor({ state: 'visible' });
    await goTo.fill(`:${ln}:${col}`);
    const offered = await widget.locator('.monaco-list-row', { hasText: `Go to line ${ln} and character ${col}` }).first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (!offered) {
      await missed(`Go to Line offered ${JSON.stringify(await widget.innerText())}`);
      continue;
    }
    await page.keyboard.press('Enter');
    if (!(await widget.waitFor({ state: 'hidden', timeout: 10_000 }).then(() => true, () => false))) {
      await missed('the Go to Line picker stayed open after Enter');
      continue;
    }
    await page.locator('.statusbar-item', { hasText: `Ln ${ln}, Col ${col}` }).first().waitFor();
    await page.keyboard.press('F2');
    if (await input.waitFor({ timeout: 15_000 }).then(() => true, () => false)) break;
    await missed('F2 opened no rename box in 15 s');
  }
  await input.fill('us-north');
  await page.keyboard.press('Enter');
  // The preview lists every edit; the gateway section's new name, which needs confirmation, starts unticked.
  const preview = page.locator('.bulk-edit-panel');
  const row = (text: string) => preview.locator('.monaco-list-row', { hasText: text }).first();
  await row('rgw zone = ').waitFor();
  assert.equal(await row('rgw zone = ').locator('input[type="checkbox"]').isChecked(), true);
  assert.equal(await row('[client.radosgw.').locator('input[type="checkbox"]').isChecked(), false);
  await shot('08-rename-preview');
  await page.locator('.monaco-button', { hasText: /^Discard$/ }).first().click();
  await row('rgw zone = ').waitFor({ state: 'detached' });
  // Nothing was applied: no editor holds an unsaved change, the files on disk and the editor still say us-west.
  assert.equal(await page.locator('.tab.dirty').count(), 0);
  for (const f of ['us.json', 'us-cluster/ceph.conf', 'us-west.json']) assert.ok(!fs.readFileSync(path.join(workspace, f), 'utf8').includes('us-north'), f);
  const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  assert.match((await editor.innerText()).replace(/\u00a0/g, ' '), /"name": "us-west"/);
});

uiTest('a zone infile shows its remote commands as code lenses; Show apply plan runs on that zone without asking', async () => {
  await quickOpen('us-east.json');
  const lens = page.locator('.codelens-decoration', { hasText: 'Apply zone us-east' }).first();
  await lens.waitFor();
  assert.match(await lens.innerText(), /Show apply plan[^]*Apply zone us-east[^]*Compare with live/);
  await paletteExact('Notifications: Clear All Notifications');
  await lens.locator('a', { hasText: 'Show apply plan' }).click();
  // The example's gateway host resolves nowhere: the plan of us-east stops there, and no zone was asked for.
  await page.locator('.notifications-toasts .notification-toast', { hasText: 'gw-us-east-1' }).first().waitFor();
  assert.equal(await page.locator('.quick-input-widget:visible').count(), 0);
  await shot('08b-code-lens');
});

uiTest('Apply Zone from the command palette shows its plan and asks before anything runs', async () => {
  const lab = readLab();
  if (!lab || !labProcessesAlive(lab)) {
    // Without the lab the example's gateway hosts resolve nowhere: the command says which, and nothing runs.
    await quickOpen('us-east.json');
    await paletteExact('Ceph: Apply Zone');
    await page.locator('.notifications-toasts .notification-toast', { hasText: /gw-us-east-1|gw-us-west-1|gw-eu-east-1|gw-eu-west-1/ }).first().waitFor();
    await shot('09-apply-zone-no-lab');
    return;
  }
  // With the lab: the workspace becomes a federation describing it, reached through its sshd.
  const fed = await generateLabFederation(lab);
  for (const n of fs.readdirSync(workspace).filter((n) => n !== '.vscode')) fs.rmSync(path.join(workspace, n), { recursive: true, force: true });
  for (const n of fs.readdirSync(fed.dir)) fs.copyFileSync(path.join(fed.dir, n), path.join(workspace, n));
  fs.copyFileSync(fed.sshConfig, labSshConfig);
  const secondary = lab.zones.find((z) => !z.master)!.name;
  await quickOpen(`${secondary}.json`);
  await paletteExact('Ceph: Apply Zone');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), new RegExp(`Apply zone ${secondary} on 1 host \\(${fed.alias}\\)`));
  const planText = await page.locator('.editor-instance .view-lines').last().innerText();
  assert.match(planText.replace(/\u00a0/g, ' '), new RegExp(`zone set .*--rgw-zone=${secondary}`));
  for (const key of [lab.systemUser.accessKey, lab.systemUser.secretKey]) assert.ok(!planText.includes(key));
  await shot('09-apply-zone-plan');
  // Cancel: the plan was only shown.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  fs.rmSync(fed.work, { recursive: true, force: true });
});
