// Tokenizes text with the extension's TextMate grammars through vscode-textmate and Oniguruma (the engine VS Code
// runs), so the tests see the scopes an editor would. Grammars are found through package.json's contributions.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

export const ROOT = path.resolve(__dirname, '..', '..');

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
}

export const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const grammarContributions: GrammarContribution[] = manifest.contributes?.grammars ?? [];

let registry: vsctm.Registry | undefined;

function getRegistry(): vsctm.Registry {
  if (registry) return registry;
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const onigLib = oniguruma
    .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer)
    .then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }));
  registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const c = grammarContributions.find((g) => g.scopeName === scopeName);
      if (!c) return null;
      const file = path.join(ROOT, c.path);
      return vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
  });
  return registry;
}

export interface Token {
  text: string;
  scopes: string[];
}

/** One array of tokens per line, the rule stack carried from line to line as an editor does. */
export async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await getRegistry().loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  let stack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The texts of the runs of adjacent tokens that carry `scope`, line by line: what a theme would colour as one. */
export function spans(lines: Token[][], scope: string): string[] {
  const out: string[] = [];
  for (const tokens of lines) {
    let run: string | undefined;
    for (const t of tokens) {
      if (t.scopes.includes(scope)) run = (run ?? '') + t.text;
      else if (run !== undefined) {
        out.push(run);
        run = undefined;
      }
    }
    if (run !== undefined) out.push(run);
  }
  return out;
}

/** The scopes of the token that holds the first character of `needle`, on the first line that contains it. */
export function scopesAt(lines: Token[][], needle: string): string[] {
  for (const tokens of lines) {
    const line = tokens.map((t) => t.text).join('');
    let at = line.indexOf(needle);
    if (at < 0) continue;
    for (const t of tokens) {
      if (at < t.text.length) return t.scopes;
      at -= t.text.length;
    }
  }
  throw new Error(`"${needle}" not in the tokenized text`);
}
