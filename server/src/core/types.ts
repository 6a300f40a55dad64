// Plain data shared by the core, the language server and the CLI. Positions are LSP-style: 0-based lines and
// UTF-16 character offsets, so the server can pass them through unchanged.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information';

export interface RelatedInformation {
  uri: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  uri: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  related?: RelatedInformation[];
}

/** A file as the core sees it: an identifier (a URI string) and its text. */
export interface SourceFile {
  uri: string;
  text: string;
  /** The editor's language for the file, used only when the content does not tell the kind yet (a new file). */
  languageId?: string;
  /** The file on disk starts with a UTF-8 byte order mark, which `text` leaves out (as editors and decoders do). */
  bom?: boolean;
}

/** A value together with where it was written. */
export interface Located<T> {
  value: T;
  uri: string;
  range: Range;
}
