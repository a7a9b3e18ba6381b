import { SaxesParser } from 'saxes';
import { ThreeMfError } from './threemf-error.ts';

/** One start tag as the walker reports it. */
export interface XmlOpenTag {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** 0 for the root element. */
  readonly depth: number;
}

export interface XmlWalker {
  /** Return `false` to stop reading the rest of the document (nothing more is wanted from it). */
  open?(tag: XmlOpenTag): boolean | void;
  /** Character data (entities decoded) directly inside the element at `depth`. */
  text?(text: string, depth: number): void;
  close?(name: string, depth: number): void;
}

/** Elements a metadata entry may hold; slicers write a few hundred, a plate list a few thousand. */
export const DEFAULT_MAX_ELEMENTS = 100_000;
/** Nesting depth: slicer metadata is 3-4 levels deep, so unclosed tags stop here at once. */
const MAX_DEPTH = 32;

/** Thrown from a handler to end the parse early; never leaves walkXml. */
class Stop extends Error {}

/**
 * Reads `xml` with saxes, a streaming parser that runs in linear time and rejects anything that
 * is not well-formed (unclosed tags, bad character references, undefined entities; it never expands
 * DTD entities). Throws ThreeMfError `corrupt` naming `entry` and the position, or `over-limit`
 * past `maxElements` start tags or 32 levels of nesting.
 */
export function walkXml(
  xml: string,
  entry: string,
  walker: XmlWalker,
  maxElements = DEFAULT_MAX_ELEMENTS,
): void {
  const parser = new SaxesParser({ fileName: entry, xmlns: false });
  let depth = 0;
  let elements = 0;
  parser.on('opentag', (tag) => {
    if (++elements > maxElements) {
      throw new ThreeMfError(
        'over-limit',
        `${entry} has more than ${maxElements} XML elements, more than any slicer writes`,
      );
    }
    if (depth >= MAX_DEPTH) {
      throw new ThreeMfError(
        'over-limit',
        `${entry} nests XML elements more than ${MAX_DEPTH} deep (unclosed tags?)`,
      );
    }
    if (walker.open?.({ name: tag.name, attributes: tag.attributes, depth }) === false)
      throw new Stop();
    if (!tag.isSelfClosing) depth++;
    else walker.close?.(tag.name, depth);
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    depth--;
    walker.close?.(tag.name, depth);
  });
  if (walker.text) {
    const text = walker.text.bind(walker);
    parser.on('text', (t) => text(t, depth - 1));
    parser.on('cdata', (t) => text(t, depth - 1));
  }
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof Stop) return;
    if (err instanceof ThreeMfError) throw err;
    throw new ThreeMfError(
      'corrupt',
      `${entry} is not well-formed XML (${(err as Error).message.replace(`${entry}:`, 'line ')})`,
      { cause: err },
    );
  }
}
