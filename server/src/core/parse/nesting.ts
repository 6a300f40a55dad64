/**
 * Offset where bracket nesting first exceeds `limit`, or -1. JSON strings are skipped; YAML has too many kinds of
 * scalar (plain ones may hold a `"`) to tell a string from a bracket here, so with `yaml` every bracket counts. YAML
 * nesting this does not see (indentation, closers in quoted scalars) is left to the parser, which catches running
 * out of stack (see parseYaml).
 */
export function nestingOverflow(text: string, limit: number, yaml = false): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!yaml) {
      if (inString) {
        if (c === 92 /* \ */) i++;
        else if (c === 34 /* " */) inString = false;
        continue;
      }
      if (c === 34) {
        inString = true;
        continue;
      }
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** Federation files nest a handful of levels; the recursive parsers must never see pathological depth. */
export const MAX_NESTING = 256;
