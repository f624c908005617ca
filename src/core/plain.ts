/**
 * Helpers over plain JSON-like values (what a values document means, without its comments).
 * Pure and dependency-free: the engine, the default snapshots and the reports all use them.
 */
import type { Path } from './paths.js';

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };
export type PlainMap = { [key: string]: Plain };

export function isPlainMap(v: unknown): v is PlainMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a map has no keys, without listing the keys of a large one. */
export function isEmptyMap(map: PlainMap): boolean {
  for (const k in map) if (Object.prototype.hasOwnProperty.call(map, k)) return false;
  return true;
}

export function getPlain(root: unknown, path: Path): Plain | undefined {
  let cur: unknown = root;
  for (const k of path) {
    if (!isPlainMap(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur as Plain;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as PlainMap)[k], (b as PlainMap)[k]));
}

/** Leaves of a values tree: scalars, lists and empty maps, each with its path. */
export function leaves(root: unknown, prefix: string[] = []): [string[], Plain][] {
  // A plain walk into one array: nested generators cost a delegation per level and per leaf,
  // which on a large file was more than what the callers do with the leaves.
  const out: [string[], Plain][] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (isPlainMap(node)) {
      const keys = Object.keys(node);
      if (keys.length > 0) {
        for (const k of keys) walk(node[k], [...path, k]);
        return;
      }
    }
    if (path.length > 0) out.push([path, node as Plain]);
  };
  walk(root, prefix);
  return out;
}

/** Helm's coalescing: maps merge key by key, anything else in `over` replaces `base`. */
export function mergeValues(base: Plain | undefined, over: Plain | undefined): Plain | undefined {
  if (over === undefined) return base;
  if (isPlainMap(base) && isPlainMap(over)) {
    const out: PlainMap = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = mergeValues(base[k], v) as Plain;
    return out;
  }
  return over;
}

/** A copy of `root` with `value` at `path`, creating maps on the way (replacing a non-map in the way). */
export function setPlain(root: PlainMap, path: Path, value: Plain): PlainMap {
  if (path.length === 0) return root;
  const [head, ...rest] = path;
  const child = root[head];
  return { ...root, [head]: rest.length === 0 ? value : setPlain(isPlainMap(child) ? child : {}, rest, value) };
}

/** A copy of `root` without the key at `path` (copying only the maps on the way); `root` when absent. */
export function deletePlain(root: PlainMap, path: Path): PlainMap {
  if (path.length === 0 || !Object.prototype.hasOwnProperty.call(root, path[0])) return root;
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const { [head]: _, ...others } = root;
    return others;
  }
  const child = root[head];
  if (!isPlainMap(child)) return root;
  const next = deletePlain(child, rest);
  return next === child ? root : { ...root, [head]: next };
}

/** `v`, frozen all the way down (the tests freeze shared data so an edit of it fails loudly). */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
