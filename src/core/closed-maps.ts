/**
 * Keys a chart's values schema refuses: under a map the schema closes, any key it does not list.
 * Helm fails the whole install on one ("additional properties 'x' not allowed"), so a migrated
 * file must not carry one, even a key the older chart silently ignored.
 */
import { parsePath, type Path } from './paths.js';
import { isPlainMap, type PlainMap } from './plain.js';

/** The paths of keys `closed` refuses in `values`, outermost first. */
export function refusedKeys(values: PlainMap, closed: Record<string, string[]>): Path[] {
  const rules = Object.entries(closed).map(([p, keys]) => ({ at: p === '' ? [] : parsePath(p), keys: new Set(keys) }));
  const out: Path[] = [];
  const walk = (node: PlainMap, path: Path): void => {
    const rule = rules.find((r) => r.at.length === path.length && r.at.every((k, i) => k === '*' || k === path[i]));
    for (const [k, v] of Object.entries(node)) {
      if (rule && !rule.keys.has(k)) out.push([...path, k]);
      else if (isPlainMap(v)) walk(v, [...path, k]);
    }
  };
  walk(values, []);
  return out;
}
