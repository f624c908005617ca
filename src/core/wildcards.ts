/**
 * Paths with `*` (any one key of a map: `ports.*.expose`), matched against a values document.
 * The only importer of jsonpath-plus: `*` becomes JSONPath's `[*]`, every other key a quoted
 * member, so nothing else in a key is read as JSONPath syntax.
 */
import { JSONPath } from 'jsonpath-plus';
import type { Path } from './paths.js';
import { isPlainMap, type PlainMap } from './plain.js';

export const WILDCARD = '*';

export function hasWildcard(path: Path): boolean {
  return path.includes(WILDCARD);
}

/** Every path of `doc` that `pattern` matches, with the keys its wildcards stood for, in document order. */
export function matchPaths(doc: PlainMap, pattern: Path): { path: string[]; bound: string[] }[] {
  const expr = `$${pattern.map((k) => (k === WILDCARD ? '[*]' : `['${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`)).join('')}`;
  const hits = JSONPath({ path: expr, json: doc, resultType: 'path', wrap: true }) as string[];
  const out: { path: string[]; bound: string[] }[] = [];
  for (const hit of hits) {
    const path = JSONPath.toPathArray(hit).slice(1).map(String);
    // A wildcard stands for a key of a map, never an index of a list.
    let parent: unknown = doc;
    let ok = true;
    for (const [i, k] of path.entries()) {
      if (pattern[i] === WILDCARD && !isPlainMap(parent)) ok = false;
      parent = isPlainMap(parent) ? parent[k] : Array.isArray(parent) ? parent[Number(k)] : undefined;
    }
    if (ok) out.push({ path, bound: pattern.flatMap((k, i) => (k === WILDCARD ? [path[i]] : [])) });
  }
  return out;
}

/** `pattern` with its wildcards replaced, in order, by `bound`. */
export function bindPath(pattern: Path, bound: readonly string[]): string[] {
  let i = 0;
  return pattern.map((k) => (k === WILDCARD ? bound[i++] : k));
}
