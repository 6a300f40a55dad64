import { FederationIndex, type Federation } from './model/federation';
import { recordReads } from './model/tracked';
import { parseFile, type ParsedFile } from './parse/parseFile';
import { checkFileCross, checkFileLocalSync, sortDiagnostics } from './check';
import type { Diagnostic } from './types';

interface Entry {
  text: string;
  /** Saved with a byte order mark (see SourceFile.bom). */
  bom: boolean;
  parsed: ParsedFile;
  /** The file's place in the federation's file order. */
  seq: number;
  /** Syntax, schema and placeholder diagnostics: a function of the file alone. */
  local?: Diagnostic[];
  /** Cross-file diagnostics, and the index lookups they were computed from. */
  cross?: Diagnostic[];
  reads?: Set<string>;
  diagnostics?: Diagnostic[];
}

/** A file's own diagnostics, computed once per text: the start of its full list, and all it shows before the check. */
const localOf = (entry: Entry): Diagnostic[] => (entry.local ??= sortDiagnostics(checkFileLocalSync(entry.parsed, false)));

/**
 * The federation of a workspace, kept up to date file by file. A changed file is re-parsed; the index drops what
 * the old text contributed and adds what the new one does, reporting the lookups whose answer changed; then only
 * the files whose diagnostics can change are checked again: the changed file, and every file whose cross-file rules
 * looked up an index entry that changed.
 */
export class FederationWorkspace {
  private readonly entries = new Map<string, Entry>();
  private index?: FederationIndex;
  private nextSeq = 0;
  /** Changes the index has not seen yet: parses to drop, and parses to add by URI. */
  private readonly dropped: ParsedFile[] = [];
  private readonly added = new Map<string, { file: ParsedFile; seq: number }>();
  /** Whether diagnostics were computed once: from then on, changes report the lookups they affect. */
  private checked = false;
  /** Files set or removed since the diagnostics were last brought up to date. */
  private readonly dirty = new Set<string>();
  /** Index lookups whose answer changed since the diagnostics were last brought up to date. */
  private readonly changedReads = new Set<string>();
  /** Which files read an index key: the reverse of Entry.reads. */
  private readonly readers = new Map<string, Set<string>>();
  /** Files collected for re-checking and not checked yet: a large pass is checked in slices (see checkStale). */
  private readonly stale = new Set<string>();

  /** Returns false when the text is unchanged (nothing to do). */
  setFile(uri: string, text: string, languageId?: string, bom = false): boolean {
    const old = this.entries.get(uri);
    if (old && old.text === text && old.bom === bom) return false;
    if (old) this.forget(uri, old);
    const parsed = parseFile({ uri, text, languageId, bom });
    const seq = old ? old.seq : this.nextSeq++;
    this.entries.set(uri, { text, bom, parsed, seq });
    if (this.index) this.added.set(uri, { file: parsed, seq });
    this.dirty.add(uri);
    return true;
  }

  removeFile(uri: string): boolean {
    const old = this.entries.get(uri);
    if (!old) return false;
    this.forget(uri, old);
    this.entries.delete(uri);
    this.dirty.add(uri);
    return true;
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  get uris(): string[] {
    return [...this.entries.keys()];
  }

  /** The parsed file the workspace holds for a URI: what the federation indexes, found without listing every file. */
  file(uri: string): ParsedFile | undefined {
    return this.entries.get(uri)?.parsed;
  }

  /** The text the workspace holds for a file. */
  text(uri: string): string | undefined {
    return this.entries.get(uri)?.text;
  }

  get federation(): Federation {
    if (!this.index) {
      this.index = new FederationIndex();
      this.index.apply([], [...this.entries.values()].map((e) => ({ file: e.parsed, seq: e.seq })), false);
    } else if (this.dropped.length || this.added.size) {
      const changes = this.index.apply(this.dropped, [...this.added.values()], this.checked);
      for (const key of changes ?? []) this.changedReads.add(key);
      this.dropped.length = 0;
      this.added.clear();
    }
    return this.index.federation;
  }

  /** Whether some file's diagnostics may be out of date. */
  get pending(): boolean {
    return this.dirty.size > 0 || this.stale.size > 0;
  }

  /** How many collected files are still to be checked. */
  get unchecked(): number {
    return this.stale.size;
  }

  /**
   * Brings the diagnostics up to date and returns those of the files whose diagnostics were recomputed (an empty
   * list for a removed file).
   */
  changedDiagnostics(): Map<string, Diagnostic[]> {
    this.collect();
    return this.checkStale();
  }

  /**
   * Collects for re-checking every file that the changes since the last call can affect: the changed files and
   * every file whose cross-file rules looked up an index entry that changed. Checks nothing itself.
   */
  collect(): void {
    void this.federation;
    if (!this.checked) for (const uri of this.entries.keys()) this.stale.add(uri);
    else {
      for (const uri of this.dirty) this.stale.add(uri);
      for (const key of this.changedReads) for (const uri of this.readers.get(key) ?? []) this.stale.add(uri);
    }
    this.dirty.clear();
    this.changedReads.clear();
    this.checked = true;
  }

  /**
   * Checks up to `limit` of the collected files, those `first` picks before the others, and returns their
   * diagnostics (an empty list for a removed file). Changes made between two slices are seen by the next one; the
   * files an earlier slice checked are collected again if those changes concern them.
   */
  checkStale(limit = Infinity, first?: (uri: string) => boolean): Map<string, Diagnostic[]> {
    const fed = this.federation;
    const targets: string[] = [];
    if (limit >= this.stale.size) targets.push(...this.stale);
    else {
      if (first) for (const uri of this.stale) if (targets.length < limit && first(uri)) targets.push(uri);
      for (const uri of this.stale) if (targets.length < limit && !first?.(uri)) targets.push(uri);
    }
    const out = new Map<string, Diagnostic[]>();
    for (const uri of targets) {
      this.stale.delete(uri);
      const entry = this.entries.get(uri);
      if (!entry) {
        out.set(uri, []);
        continue;
      }
      const local = localOf(entry);
      this.forgetReads(uri, entry);
      const { result, reads } = recordReads(() => checkFileCross(fed, entry.parsed));
      entry.cross = result;
      entry.reads = reads;
      for (const key of reads) {
        let set = this.readers.get(key);
        if (!set) this.readers.set(key, (set = new Set()));
        set.add(uri);
      }
      entry.diagnostics = sortDiagnostics([...local, ...result]);
      out.set(uri, entry.diagnostics);
    }
    return out;
  }

  /**
   * A file's syntax, schema and placeholder diagnostics, which need no other file: what can be shown before the rest
   * of the federation is read. A subset of its diagnostics once checked.
   */
  localDiagnostics(uri: string): Diagnostic[] | undefined {
    const entry = this.entries.get(uri);
    return entry && localOf(entry);
  }

  /** Diagnostics of one file, up to date. */
  diagnosticsOf(uri: string): Diagnostic[] | undefined {
    if (this.pending) this.changedDiagnostics();
    return this.entries.get(uri)?.diagnostics;
  }

  /** Diagnostics of every file, by URI (an empty list for a clean file). */
  async diagnostics(): Promise<Map<string, Diagnostic[]>> {
    this.changedDiagnostics();
    return this.lastChecked();
  }

  /** Every file's diagnostics as last checked, computing nothing (changes not yet checked are not in it). */
  lastChecked(): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const [uri, e] of this.entries) out.set(uri, e.diagnostics ?? []);
    return out;
  }

  /** Takes a file's old parse out of the index (or out of the changes it has not seen) and its lookups out of the readers. */
  private forget(uri: string, entry: Entry): void {
    if (this.added.has(uri)) this.added.delete(uri);
    else if (this.index) this.dropped.push(entry.parsed);
    this.forgetReads(uri, entry);
  }

  private forgetReads(uri: string, entry: Entry): void {
    for (const key of entry.reads ?? []) this.readers.get(key)?.delete(uri);
    entry.reads = undefined;
  }
}
