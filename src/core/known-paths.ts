/**
 * Which values paths a chart knows. A path is known when a known path is a prefix of it (a key
 * set inside a map the chart reads whole, like `podAnnotations.team`) or it is a prefix of a
 * known path (a map the user sets partially).
 */
import { parsePath, type Path } from './paths.js';
import { isPlainMap, leaves, type PlainMap } from './plain.js';
import type { ChartSnapshot, Pack } from './types.js';

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

export class KnownPaths {
  readonly root: Trie = { end: false, next: new Map() };

  constructor(paths: Iterable<string>) {
    for (const p of paths) {
      let node = this.root;
      for (const k of parsePath(p)) {
        let child = node.next.get(k);
        if (!child) node.next.set(k, (child = { end: false, next: new Map() }));
        node = child;
      }
      node.end = true;
    }
  }

  static of(snapshot: ChartSnapshot): KnownPaths {
    return knownCache.get(snapshot) ?? knownCache.set(snapshot, new KnownPaths(snapshot.paths)).get(snapshot)!;
  }

  /**
   * The leaves of `values` (as `leaves` gives them) no path of this chart knows. Walked beside
   * the trie: only the paths of unknown leaves are built.
   */
  unknownIn(values: PlainMap): Path[] {
    const out: Path[] = [];
    const walk = (map: PlainMap, node: Trie, path: string[]): void => {
      if (node.end) return;
      for (const k of Object.keys(map)) {
        const child = node.next.get(k);
        if (!child) for (const [p] of leaves(map[k], [...path, k])) out.push(p);
        else if (isPlainMap(map[k]) && Object.keys(map[k] as PlainMap).length > 0) walk(map[k] as PlainMap, child, [...path, k]);
      }
    };
    walk(values, this.root, []);
    return out;
  }

  has(path: Path): boolean {
    let node = this.root;
    for (const k of path) {
      if (node.end) return true;
      const child = node.next.get(k);
      if (!child) return false;
      node = child;
    }
    return true;
  }
}

const knownCache = new WeakMap<ChartSnapshot, KnownPaths>();

/** How many leaves `values` has (see `leaves`): scalars, lists and empty maps. */
export function countLeaves(values: unknown): number {
  if (!isPlainMap(values)) return 1;
  const keys = Object.keys(values);
  if (keys.length === 0) return 1;
  let n = 0;
  for (const k of keys) n += countLeaves(values[k]);
  return n;
}

/**
 * How many leaves of `values` one of `charts` knows (as `has` would say of each leaf's path), and
 * of how many. Walked beside the tries, with no path built per leaf: a large file has hundreds of
 * thousands of leaves, and most of them sit in a map a chart knows whole (annotations), which is
 * counted, not walked path by path.
 */
export function countKnown(values: PlainMap, charts: KnownPaths[]): { known: number; total: number } {
  let known = 0;
  let total = 0;
  const walk = (map: PlainMap, at: Trie[]): void => {
    // `has` says yes as soon as it meets the end of a known path, before the next key.
    if (at.some((t) => t.end)) {
      const n = countLeaves(map);
      known += n;
      total += n;
      return;
    }
    for (const k of Object.keys(map)) {
      const v = map[k];
      const next: Trie[] = [];
      for (const t of at) {
        const child = t.next.get(k);
        if (child) next.push(child);
      }
      if (isPlainMap(v) && Object.keys(v).length > 0) {
        if (next.length) walk(v, next);
        else total += countLeaves(v);
      } else {
        total++;
        if (next.length) known++;
      }
    }
  };
  walk(values, charts.map((c) => c.root));
  return { known, total };
}

export interface ChartMatch {
  pack: Pack;
  chart: string;
  release: string;
  share: number;
}

/**
 * The chart and release whose keys cover most of `values`' leaves. On a tie the `prefer`red
 * release wins, else the older one (old keys are what tell versions apart).
 */
export function bestMatch(packs: Pack[], values: PlainMap, prefer?: string): ChartMatch | undefined {
  let best: ChartMatch | undefined;
  for (const pack of packs) {
    for (const rel of pack.releases) {
      for (const [chart, snap] of Object.entries(pack.snapshot(rel.id).charts)) {
        const share = knownShare(snap, values);
        if (!best || share > best.share || (share === best.share && rel.id === prefer)) best = { pack, chart, release: rel.id, share };
      }
    }
  }
  return best;
}

/** The share of `values`' leaves a chart knows, 0..1 (1 for no leaves). */
export function knownShare(snapshot: ChartSnapshot, values: PlainMap): number {
  const { known, total } = countKnown(values, [KnownPaths.of(snapshot)]);
  return total === 0 ? 1 : known / total;
}
