/**
 * The old chart's defaults a values file carries: the leaves (scalars, lists, empty maps) of the
 * old defaults that the file sets to the same value. The engine reads them before a step moves
 * anything, to report, and with --adopt-new-defaults drop, those whose default then changes.
 */
import type { Path } from './paths.js';
import { deepEqual, isEmptyMap, isPlainMap, type Plain, type PlainMap } from './plain.js';
import type { ChartSnapshot, ValuesDoc } from './types.js';

/**
 * Walks the defaults only where the file has the key: a chart has hundreds of defaults and a
 * file sets a few, and asking the document for each default's path (one lookup from the root
 * per leaf, through the YAML nodes when the file has aliases) was a tenth of a small run. The
 * leaves come in the defaults' order, as a walk of every default leaf gives them.
 */
export function readCarriedDefaults(doc: ValuesDoc, snap: ChartSnapshot): [Path, Plain][] {
  const out: [Path, Plain][] = [];
  const walk = (defaults: PlainMap, path: string[]): void => {
    const set = new Set(doc.keys(path));
    for (const [k, def] of Object.entries(defaults)) {
      if (!set.has(k)) continue;
      const at = [...path, k];
      if (isPlainMap(def) && !isEmptyMap(def)) {
        walk(def, at);
        continue;
      }
      const value = doc.get(at);
      if (value !== undefined && deepEqual(value, def)) out.push([at, def]);
    }
  };
  walk(snap.defaults, []);
  return out;
}
