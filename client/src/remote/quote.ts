// Every remote command line is built here from an argv array: the remote login shell parses the line, so each
// argument is quoted to reach the program as exactly one word, whatever it contains.

/** Characters that a POSIX shell never treats specially inside a word (outside the first word: see shJoin). */
const SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/** One argument, quoted for a POSIX shell: the shell hands it to the program verbatim as one word. */
export function shQuote(arg: string): string {
  // A NUL cannot be passed in an argv at all; refusing beats silently truncating.
  if (arg.includes('\0')) throw new Error('an argument for a remote command contains a NUL byte');
  if (arg !== '' && SAFE.test(arg)) return arg;
  // Inside single quotes nothing is special; a single quote itself is closed, escaped and reopened.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line from an argv array. */
export function shJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty command');
  return argv
    .map((a, i) =>
      // `X=y` as the first word would be a variable assignment, not a program: quote it.
      i === 0 && a.includes('=') ? `'${a.replace(/'/g, `'\\''`)}'` : shQuote(a),
    )
    .join(' ');
}
