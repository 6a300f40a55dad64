import { buildFederation, type Federation } from './model/federation';
import { parseFile, type ParsedFile } from './parse/parseFile';
import { checkFederation, checkFileLocal, groupByUri } from './check';
import type { Diagnostic } from './types';

interface Entry {
  text: string;
  parsed: ParsedFile;
  local?: Promise<Diagnostic[]>;
}

/**
 * The federation of a workspace, kept up to date file by file: a changed file is re-parsed and its own
 * diagnostics recomputed; files that did not change keep theirs. Cross-file rules run over the rebuilt index.
 */
export class FederationWorkspace {
  private readonly entries = new Map<string, Entry>();
  private federationCache?: Federation;

  /** Returns false when the text is unchanged (nothing to do). */
  setFile(uri: string, text: string, languageId?: string): boolean {
    const old = this.entries.get(uri);
    if (old && old.text === text) return false;
    this.entries.set(uri, { text, parsed: parseFile({ uri, text, languageId }) });
    this.federationCache = undefined;
    return true;
  }

  removeFile(uri: string): boolean {
    const had = this.entries.delete(uri);
    if (had) this.federationCache = undefined;
    return had;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  get uris(): string[] {
    return [...this.entries.keys()];
  }

  get federation(): Federation {
    this.federationCache ??= buildFederation([...this.entries.values()].map((e) => e.parsed));
    return this.federationCache;
  }

  /** Diagnostics of every file, by URI (an empty list for a clean file). */
  async diagnostics(): Promise<Map<string, Diagnostic[]>> {
    const entries = [...this.entries.values()];
    const local = await Promise.all(entries.map((e) => (e.local ??= checkFileLocal(e.parsed, false))));
    const files = entries.map((e) => e.parsed);
    return groupByUri(files, [...local.flat(), ...checkFederation(this.federation)]);
  }
}
