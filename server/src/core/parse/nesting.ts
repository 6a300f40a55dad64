/** Offset where bracket nesting first exceeds `limit` (strings skipped), or -1. */
export function nestingOverflow(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth = Math.max(0, depth - 1);
  }
  return -1;
}

/** Federation files nest a handful of levels; the recursive parsers must never see pathological depth. */
export const MAX_NESTING = 256;
