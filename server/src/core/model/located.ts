// Values with where they were written, the range computed on first access. Most values never need one: a range is
// read only when a rule reports on the value or an editor feature asks, and computing it for a JSON file means
// building that file's tree.
import { child, elements, locate, type JsonNode, type Segment } from '../parse/json';
import type { LineIndex } from '../text';
import type { Located, Range } from '../types';

export type { Segment };

interface JsonSource {
  uri: string;
  text: string;
  lines: LineIndex;
  json: { root: JsonNode | undefined; fast: boolean };
}

interface TextSource {
  uri: string;
  lines: LineIndex;
}

export function nodeAt(file: JsonSource, path: readonly Segment[]): JsonNode | undefined {
  let node = file.json.root;
  for (const s of path) {
    if (!node) return undefined;
    if (typeof s === 'string') node = child(node, s);
    else if (typeof s === 'number') node = elements(node)[s];
    else node = node.type === 'object' ? node.children?.[s.prop]?.children?.[1] : undefined;
  }
  return node;
}

export function nodeRange(file: { lines: LineIndex }, node: JsonNode): Range {
  return file.lines.range(node.offset, node.offset + node.length);
}

/**
 * The range of the node at `path`; the values were read from the same text, so the node is always there. Text read
 * on the fast path is scanned for it rather than parsed into a tree.
 */
export function pathRange(file: JsonSource, path: readonly Segment[]): Range {
  if (file.json.fast) {
    const span = locate(file.text, path) ?? locate(file.text, [])!;
    return file.lines.range(span.offset, span.offset + span.length);
  }
  const node = nodeAt(file, path) ?? file.json.root;
  return node ? nodeRange(file, node) : file.lines.range(0, 0);
}

/** A value read from a JSON document at a path. */
export class JsonLocated<T> implements Located<T> {
  readonly uri: string;
  #file: JsonSource;
  #path: readonly Segment[];
  #last: Segment | undefined;
  #range?: Range;

  /** At `path`, or at `path` then `last` (siblings share their parent's path). */
  constructor(value: T, file: JsonSource, path: readonly Segment[], last?: Segment) {
    this.value = value;
    this.uri = file.uri;
    this.#file = file;
    this.#path = path;
    this.#last = last;
  }

  readonly value: T;

  get range(): Range {
    return (this.#range ??= pathRange(this.#file, this.#last === undefined ? this.#path : [...this.#path, this.#last]));
  }

  toJSON(): Located<T> {
    return { value: this.value, uri: this.uri, range: this.range };
  }
}

/** A value read from a text file between two offsets. */
export class TextLocated<T> implements Located<T> {
  readonly uri: string;
  #file: TextSource;
  #start: number;
  #end: number;
  #range?: Range;

  constructor(
    readonly value: T,
    file: TextSource,
    start: number,
    end: number,
  ) {
    this.uri = file.uri;
    this.#file = file;
    this.#start = start;
    this.#end = end;
  }

  get range(): Range {
    return (this.#range ??= this.#file.lines.range(this.#start, this.#end));
  }

  toJSON(): Located<T> {
    return { value: this.value, uri: this.uri, range: this.range };
  }
}
