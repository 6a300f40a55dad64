import { buildFederation, type Federation } from './model/federation';
import { changedKeys, recordReads, type TrackedMap } from './model/tracked';
import { parseFile, type ParsedFile } from './parse/parseFile';
import { checkFileCross, checkFileLocalSync, sortDiagnostics } from './check';
import type { Diagnostic } from './types';

interface Entry {
  text: string;
  parsed: ParsedFile;
  /** Syntax, schema and placeholder diagnostics: a function of the text alone. */
  local?: Diagnostic[];
  /** Cross-file diagnostics, and the index lookups they were computed from. */
  cross?: Diagnostic[];
  reads?: Set<string>;
  diagnostics?: Diagnostic[];
}

/** The maps whose lookups the cross-file rules record. */
function trackedMaps(fed: Federation): TrackedMap<unknown, unknown>[] {
  return [fed.regionsByName, fed.zonesByName, fed.membership, fed.zoneNameById, ...Object.values(fed.index)] as TrackedMap<unknown, unknown>[];
}

/**
 * The federation of a workspace, kept up to date file by file. A changed file is re-parsed; the index is rebuilt
 * from what every other file contributed (read once per text); then only the files whose diagnostics can change are
 * checked again: the changed file, and every file whose cross-file rules looked up an index entry that changed.
 */
export class FederationWorkspace {
  private readonly entries = new Map<string, Entry>();
  private federationCache?: Federation;
  /** The federation the stored diagnostics were computed against. */
  private checked?: Federation;
  /** Files set or removed since the diagnostics were last brought up to date. */
  private readonly dirty = new Set<string>();
  /** Which files read an index key: the reverse of Entry.reads. */
  private readonly readers = new Map<string, Set<string>>();

  /** Returns false when the text is unchanged (nothing to do). */
  setFile(uri: string, text: string, languageId?: string): boolean {
    const old = this.entries.get(uri);
    if (old && old.text === text) return false;
    if (old) this.forgetReads(uri, old);
    this.entries.set(uri, { text, parsed: parseFile({ uri, text, languageId }) });
    this.federationCache = undefined;
    this.dirty.add(uri);
    return true;
  }

  removeFile(uri: string): boolean {
    const old = this.entries.get(uri);
    if (!old) return false;
    this.forgetReads(uri, old);
    this.entries.delete(uri);
    this.federationCache = undefined;
    this.dirty.add(uri);
    return true;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  get uris(): string[] {
    return [...this.entries.keys()];
  }

  /** The text the workspace holds for a file. */
  text(uri: string): string | undefined {
    return this.entries.get(uri)?.text;
  }

  get federation(): Federation {
    this.federationCache ??= buildFederation([...this.entries.values()].map((e) => e.parsed));
    return this.federationCache;
  }

  /** Whether some file's diagnostics may be out of date. */
  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * Brings the diagnostics up to date and returns those of the files whose diagnostics were recomputed (an empty
   * list for a removed file).
   */
  changedDiagnostics(): Map<string, Diagnostic[]> {
    const fed = this.federation;
    const targets = new Set<string>();
    if (!this.checked) for (const uri of this.entries.keys()) targets.add(uri);
    else {
      for (const uri of this.dirty) targets.add(uri);
      const changed = new Set<string>();
      const before = trackedMaps(this.checked);
      trackedMaps(fed).forEach((m, i) => changedKeys(before[i], m, changed));
      for (const key of changed) for (const uri of this.readers.get(key) ?? []) targets.add(uri);
    }
    this.dirty.clear();
    this.checked = fed;
    const out = new Map<string, Diagnostic[]>();
    for (const uri of targets) {
      const entry = this.entries.get(uri);
      if (!entry) {
        out.set(uri, []);
        continue;
      }
      entry.local ??= checkFileLocalSync(entry.parsed, false);
      this.forgetReads(uri, entry);
      const { result, reads } = recordReads(() => checkFileCross(fed, entry.parsed));
      entry.cross = result;
      entry.reads = reads;
      for (const key of reads) {
        let set = this.readers.get(key);
        if (!set) this.readers.set(key, (set = new Set()));
        set.add(uri);
      }
      entry.diagnostics = sortDiagnostics([...entry.local, ...result]);
      out.set(uri, entry.diagnostics);
    }
    return out;
  }

  /** Diagnostics of one file, up to date. */
  diagnosticsOf(uri: string): Diagnostic[] | undefined {
    if (this.dirty.size) this.changedDiagnostics();
    return this.entries.get(uri)?.diagnostics;
  }

  /** Diagnostics of every file, by URI (an empty list for a clean file). */
  async diagnostics(): Promise<Map<string, Diagnostic[]>> {
    this.changedDiagnostics();
    const out = new Map<string, Diagnostic[]>();
    for (const [uri, e] of this.entries) out.set(uri, e.diagnostics ?? []);
    return out;
  }

  private forgetReads(uri: string, entry: Entry): void {
    for (const key of entry.reads ?? []) this.readers.get(key)?.delete(uri);
    entry.reads = undefined;
  }
}
