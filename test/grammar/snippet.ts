// Expands VS Code snippet bodies the way the editor inserts them, so tests can check the inserted text. Supports what
// the snippet syntax offers for tab stops: $1, ${1}, ${1:default} (nested), ${1|a,b|} (the first choice is the
// default), $0 and the escapes \$, \} and \\. A variable ($name, ${TM_FILENAME}) is an error: in a snippet body an
// unescaped $name is a variable that VS Code resolves, and for ceph.conf's $name metavariable that is a bug.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './tokenize';

type Node = { kind: 'text'; value: string } | { kind: 'tabstop'; index: number; children?: Node[]; choices?: string[] };

function parse(s: string, pos: { i: number }, nested: boolean): Node[] {
  const out: Node[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ kind: 'text', value: text });
    text = '';
  };
  while (pos.i < s.length) {
    const c = s[pos.i];
    if (c === '\\' && '$}\\'.includes(s[pos.i + 1] ?? '')) {
      text += s[pos.i + 1];
      pos.i += 2;
      continue;
    }
    if (nested && c === '}') {
      flush();
      return out;
    }
    if (c === '$') {
      const rest = s.slice(pos.i);
      const plain = /^\$(\d+)/.exec(rest);
      const braced = /^\$\{(\d+)([:|}])/.exec(rest);
      if (plain) {
        flush();
        out.push({ kind: 'tabstop', index: Number(plain[1]) });
        pos.i += plain[0].length;
        continue;
      }
      if (braced) {
        flush();
        pos.i += braced[0].length;
        const index = Number(braced[1]);
        if (braced[2] === '}') out.push({ kind: 'tabstop', index });
        else if (braced[2] === ':') {
          const children = parse(s, pos, true);
          pos.i++;
          out.push({ kind: 'tabstop', index, children });
        } else {
          const end = s.indexOf('|}', pos.i);
          if (end < 0) throw new Error(`unterminated choice in ${JSON.stringify(s)}`);
          out.push({ kind: 'tabstop', index, choices: s.slice(pos.i, end).split(',') });
          pos.i = end + 2;
        }
        continue;
      }
      if (/^\$\{?[A-Za-z_]/.test(rest)) throw new Error(`snippet variable in ${JSON.stringify(s)}: write a literal $ as \\$`);
    }
    text += c;
    pos.i++;
  }
  if (nested) throw new Error(`unterminated placeholder in ${JSON.stringify(s)}`);
  flush();
  return out;
}

export interface Expansion {
  text: string;
  /** Tab stop numbers in the order they appear, each once ($0 excluded). */
  tabStops: number[];
}

/** The text the snippet inserts when every tab stop keeps its default, or takes the value given for its number. */
export function expand(body: string | string[], values: Record<number, string> = {}): Expansion {
  const nodes = parse(Array.isArray(body) ? body.join('\n') : body, { i: 0 }, false);
  const defaults = new Map<number, string>();
  const tabStops: number[] = [];
  const valueOf = (index: number) => (index === 0 ? '' : (values[index] ?? defaults.get(index) ?? ''));
  const render = (ns: Node[]): string => ns.map((n) => (n.kind === 'text' ? n.value : valueOf(n.index))).join('');
  // Defaults first (inner ones before the placeholder that contains them), so mirrors written before the
  // placeholder that sets their default still get it.
  const collect = (ns: Node[]) => {
    for (const n of ns) {
      if (n.kind !== 'tabstop') continue;
      if (n.index !== 0 && !tabStops.includes(n.index)) tabStops.push(n.index);
      if (n.children) collect(n.children);
      if (defaults.has(n.index)) continue;
      if (n.children) defaults.set(n.index, render(n.children));
      else if (n.choices) defaults.set(n.index, n.choices[0]);
    }
  };
  collect(nodes);
  return { text: render(nodes), tabStops };
}

export interface Snippet {
  prefix: string | string[];
  body: string[];
  description: string;
}

export function loadSnippets(file: string): Record<string, Snippet> {
  return JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));
}
