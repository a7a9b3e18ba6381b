/**
 * Why a `.gcode.3mf` cannot be used as it is.
 * - `not-found`: the file does not exist or cannot be read.
 * - `not-zip`: not a ZIP archive at all (not a 3MF).
 * - `not-sliced`: a 3MF project without G-code: it must be sliced and exported as a plate file.
 * - `corrupt`: an entry cannot be decompressed or its checksum/size does not match.
 * - `over-limit`: more plates, entries, XML elements or bytes than any slicer writes (a hostile file).
 * - `aborted`: the caller stopped the reading (the client went away).
 * - `no-plate`: the requested plate is not in the file.
 * - `model-mismatch`: sliced for another printer model (a warning the caller may override).
 */
export type ThreeMfErrorCode =
  | 'not-found'
  | 'not-zip'
  | 'not-sliced'
  | 'corrupt'
  | 'over-limit'
  | 'aborted'
  | 'no-plate'
  | 'model-mismatch';

/** An error about a 3MF file, with a message a person can act on. */
export class ThreeMfError extends Error {
  override readonly name = 'ThreeMfError';
  constructor(
    readonly code: ThreeMfErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
