/** A zero-based position, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

/** A zero-based, end-exclusive range, as in LSP. */
export interface Range {
  start: Position;
  end: Position;
}

/** A range in a given file (an absolute path). */
export interface SourceLocation {
  file: string;
  range: Range;
}
