// Go to definition, find references, document highlights and rename, over the occurrences of a zone or region in every file.
import { DocumentHighlightKind, type AnnotatedTextEdit, type ChangeAnnotation, type DocumentHighlight, type Location, type TextEdit, type WorkspaceEdit, type TextDocumentEdit, type RenameFile } from 'vscode-languageserver-types';
import type { Position, Range } from '../types';
import { fileOf, type FeatureContext } from './context';
import { conventionalFiles, occurrences, symbolAt, type FederationSymbol, type Occurrence } from './symbols';
import { validateName } from '../ceph/names';

export function definition(ctx: FeatureContext, uri: string, pos: Position): Location[] {
  const symbol = symbolAt(ctx, uri, pos);
  if (!symbol) return [];
  const all = occurrences(ctx, symbol);
  const defs = all.filter((o) => o.role === 'definition');
  // A zone without an infile is defined by the region entries that list it.
  const targets = defs.length ? defs : all.filter((o) => o.what === 'zone of a region' || o.what === 'zone of a committed map');
  return targets.map((o) => ({ uri: o.uri, range: o.range }));
}

export function references(ctx: FeatureContext, uri: string, pos: Position, includeDeclaration = true): Location[] {
  const symbol = symbolAt(ctx, uri, pos);
  if (!symbol) return [];
  return occurrences(ctx, symbol)
    .filter((o) => includeDeclaration || o.role !== 'definition')
    .map((o) => ({ uri: o.uri, range: o.range }));
}

/**
 * The zone or region under the cursor, wherever this file writes its name: the definition as written, the rest as
 * read. Occurrences that stand for the name without spelling it (a legacy infile's first key, an escaped section
 * name) are left out.
 */
export function documentHighlights(ctx: FeatureContext, uri: string, pos: Position): DocumentHighlight[] {
  const symbol = symbolAt(ctx, uri, pos);
  const file = fileOf(ctx, uri);
  if (!symbol || !file) return [];
  const spelled = (r: Range) => file.text.slice(file.lines.offsetAt(r.start), file.lines.offsetAt(r.end)) === symbol.name;
  return occurrences(ctx, symbol)
    .filter((o) => o.uri === uri && spelled(o.range))
    .map((o) => ({ range: o.range, kind: o.role === 'definition' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

export type RenameResult = { ok: true; edit: WorkspaceEdit } | { ok: false; reason: string };

export function prepareRename(ctx: FeatureContext, uri: string, pos: Position): { range: Range; placeholder: string } | { reason: string } {
  const symbol = symbolAt(ctx, uri, pos);
  if (!symbol) return { reason: 'Only zone and region names can be renamed here.' };
  return { range: symbol.range, placeholder: symbol.name };
}

function taken(ctx: FeatureContext, symbol: FederationSymbol, newName: string): boolean {
  const fed = ctx.federation;
  return symbol.kind === 'zone' ? fed.zonesByName.has(newName) || fed.membership.has(newName) : fed.regionsByName.has(newName);
}

function siblingUri(uri: string, name: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1) + encodeURIComponent(name);
}

/**
 * Renaming a gateway section renames the cephx user the gateway runs as; its key and keyring on the host keep the
 * old name. The edit says so and asks for confirmation (the editor shows its preview first).
 */
function instanceAnnotation(instance: NonNullable<Occurrence['instance']>, oldName: string, newName: string): ChangeAnnotation {
  const renamed = instance.section.slice(0, instance.zoneAt) + newName + instance.section.slice(instance.zoneAt + oldName.length);
  const keyring = instance.keyring ? `its keyring ${instance.keyring}` : 'its keyring';
  return {
    label: 'Gateway instances renamed',
    description: `[${instance.section}] becomes [${renamed}]: the gateway's cephx key and ${keyring} on its host keep the old name. Create the key of ${renamed} on the host before the gateway restarts.`,
    needsConfirmation: true,
  };
}

/**
 * One workspace edit renaming a zone or region everywhere it is spelled, and its conventional infile. With
 * `annotate` (the client supports change annotations), gateway section names carry a note that asks for confirmation.
 */
export function rename(ctx: FeatureContext, uri: string, pos: Position, newName: string, annotate = false): RenameResult {
  const symbol = symbolAt(ctx, uri, pos);
  if (!symbol) return { ok: false, reason: 'Only zone and region names can be renamed here.' };
  if (newName === symbol.name) return { ok: false, reason: `The ${symbol.kind} is already called ${newName}.` };
  const invalid = validateName(symbol.kind, newName);
  if (invalid) return { ok: false, reason: invalid };
  if (taken(ctx, symbol, newName)) return { ok: false, reason: `A ${symbol.kind} named ${newName} already exists in the federation.` };

  const byUri = new Map<string, (TextEdit | AnnotatedTextEdit)[]>();
  const changeAnnotations: Record<string, ChangeAnnotation> = {};
  for (const o of occurrences(ctx, symbol)) {
    if (!o.renamable) continue;
    const edits = byUri.get(o.uri) ?? [];
    // The same text may be reached twice (a name both listed and master): edit it once.
    if (!edits.some((e) => e.range.start.line === o.range.start.line && e.range.start.character === o.range.start.character)) {
      if (annotate && o.instance) {
        const annotationId = `gateway instance ${o.uri} ${o.instance.section}`;
        changeAnnotations[annotationId] = instanceAnnotation(o.instance, symbol.name, newName);
        edits.push({ range: o.range, newText: newName, annotationId });
      } else edits.push({ range: o.range, newText: newName });
    }
    byUri.set(o.uri, edits);
  }
  const renames: RenameFile[] = conventionalFiles(ctx, symbol)
    .filter((u) => !fileOf(ctx, siblingUri(u, `${newName}.json`)))
    .map((u) => ({ kind: 'rename', oldUri: u, newUri: siblingUri(u, `${newName}.json`) }));
  const documentChanges: (TextDocumentEdit | RenameFile)[] = [...byUri].map(([u, edits]) => ({ textDocument: { uri: u, version: null }, edits }));
  documentChanges.push(...renames);
  return { ok: true, edit: Object.keys(changeAnnotations).length ? { documentChanges, changeAnnotations } : { documentChanges } };
}
