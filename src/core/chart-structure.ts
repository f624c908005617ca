/**
 * Which maps of a values file are the chart's own structure (its defaults hold keys there) as
 * opposed to the user's bags (annotations, pull secrets, tolerations: empty or absent in the
 * defaults). Migrations rename and move keys inside the structure and carry bags whole, so a
 * reader that keeps large subtrees as text keeps only bags (see values/splice.ts).
 */
import type { Path } from './paths.js';
import { getPlain, isPlainMap } from './plain.js';
import type { Pack } from './types.js';
import { resolveStart } from './versions.js';

/** Whether the starting chart's defaults hold a map with keys at a path; undefined when the version is not known (the migration will say so). */
export function chartStructure(pack: Pack, chart: string, from: string): ((path: Path) => boolean) | undefined {
  let defaults;
  try {
    defaults = pack.snapshot(resolveStart(pack, from, chart).release.id).charts[chart]?.defaults;
  } catch {
    return undefined;
  }
  if (!defaults) return undefined;
  return (path) => {
    const d = getPlain(defaults, path);
    return isPlainMap(d) && Object.keys(d).length > 0;
  };
}
