/**
 * A migration run over the cheapest reading of a values file that can carry it: its plain data
 * when the migration changes nothing (plain-values.ts), a skeleton whose big subtrees stay text
 * when it edits only around them (splice.ts), the whole YAML document otherwise. A cheaper
 * reading throws `NeedsDocument` as soon as the migration goes beyond it; the engine is pure,
 * so the next reading simply runs it again.
 */
import type { PlainMap } from '../core/plain.js';
import type { DocFactory, ValuesDoc } from '../core/types.js';
import { splicedValues } from './parse.js';
import { NeedsDocument, PlainValues } from './plain-values.js';
import type { CutOptions } from './splice.js';
import { detectStyle } from './style.js';
import { createDocFactory } from './yaml-values.js';

export interface ValuesInput {
  text: string;
  name: string;
  /** Its data, when plain-load.ts could read it (undefined: only the document will do). */
  plain: PlainMap | undefined;
  /** The whole YAML document of it. */
  document: () => ValuesDoc;
}

/** Which reading carried the migration (for tests and benchmarks). */
export type Reading = 'plain' | 'spliced' | 'document';

/** A new document for another chart is an edit too: the plain reading stops at the first. */
const readOnly: DocFactory = {
  create() {
    throw new NeedsDocument();
  },
};

export function migrateCheapest<R extends { outputs: readonly { doc: ValuesDoc }[] }>(input: ValuesInput, run: (doc: ValuesDoc, factory: DocFactory) => R, cut?: CutOptions): { result: R; reading: Reading } {
  const style = detectStyle(input.text);
  if (input.plain) {
    try {
      return { result: run(new PlainValues(input.plain, input.text), readOnly), reading: 'plain' };
    } catch (err) {
      if (!(err instanceof NeedsDocument)) throw err;
    }
    const spliced = splicedValues(input.text, input.plain, input.name, cut);
    if (spliced) {
      try {
        const result = run(spliced.values, createDocFactory(style, spliced.splices));
        // Printing puts the subtrees back and refuses a marker out of place: done here, while
        // the whole document can still take over.
        for (const o of result.outputs) o.doc.textParts();
        return { result, reading: 'spliced' };
      } catch (err) {
        if (!(err instanceof NeedsDocument)) throw err;
      }
    }
  }
  return { result: run(input.document(), createDocFactory(style)), reading: 'document' };
}
