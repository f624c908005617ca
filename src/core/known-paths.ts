/**
 * Which values paths a chart knows. A path is known when a known path is a prefix of it (a key
 * set inside a map the chart reads whole, like `podAnnotations.team`) or it is a prefix of a
 * known path (a map the user sets partially).
 */
import { parsePath, type Path } from './paths.js';
import { isEmptyMap, isPlainMap, leaves, type PlainMap } from './plain.js';
import type { ChartSnapshot, Pack } from './types.js';

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

export class KnownPaths {
  /** Read by `countKnown`, which walks several charts' tries at once. */
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
        else if (isPlainMap(map[k]) && !isEmptyMap(map[k] as PlainMap)) walk(map[k] as PlainMap, child, [...path, k]);
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

/**
 * Leaf counts of maps already counted. Inference asks of every chart at every release how much
 * of the same file it knows: each large map is counted once. Only for one question about values
 * nobody edits meanwhile.
 */
export type LeafCounts = WeakMap<object, number>;

/** How many leaves a values file has: what `leaves(values)` gives, none for an empty file. */
export function leafTotal(values: PlainMap, memo?: LeafCounts): number {
  return isEmptyMap(values) ? 0 : countLeaves(values, memo);
}

/** How many leaves `values` has (see `leaves`): scalars, lists and empty maps. */
export function countLeaves(values: unknown, memo?: LeafCounts): number {
  if (!isPlainMap(values)) return 1;
  const known = memo?.get(values);
  if (known !== undefined) return known;
  const keys = Object.keys(values);
  let n = keys.length === 0 ? 1 : 0;
  for (const k of keys) n += countLeaves(values[k], memo);
  memo?.set(values, n);
  return n;
}

/**
 * How many leaves of `values` one of `charts` knows (as `has` would say of each leaf's path), and
 * of how many. Walked from the charts' side, with no path built per leaf: at each level only the
 * keys a chart has are looked up in the values, so a large map of the user's own (annotations)
 * costs one count, whether a chart knows it whole or not at all.
 */
export function countKnown(values: PlainMap, charts: KnownPaths[], memo?: LeafCounts): { known: number; total: number } {
  const total = leafTotal(values, memo);
  const knownIn = (map: PlainMap, at: Trie[]): number => {
    // `has` says yes as soon as it meets the end of a known path, before the next key.
    if (at.some((t) => t.end)) return countLeaves(map, memo);
    let known = 0;
    const asked = at.length > 1 ? new Set<string>() : undefined;
    for (const t of at) {
      for (const k of t.next.keys()) {
        if (asked) {
          if (asked.has(k)) continue;
          asked.add(k);
        }
        if (!Object.prototype.hasOwnProperty.call(map, k)) continue;
        const v = map[k];
        if (isPlainMap(v) && !isEmptyMap(v)) known += knownIn(v, at.flatMap((x) => x.next.get(k) ?? []));
        else known++;
      }
    }
    return known;
  };
  return { known: total === 0 ? 0 : knownIn(values, charts.map((c) => c.root)), total };
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
  const memo: LeafCounts = new WeakMap();
  for (const pack of packs) {
    for (const rel of pack.releases) {
      for (const [chart, snap] of Object.entries(pack.snapshot(rel.id).charts)) {
        const share = knownShare(snap, values, memo);
        if (!best || share > best.share || (share === best.share && rel.id === prefer)) best = { pack, chart, release: rel.id, share };
      }
    }
  }
  return best;
}

/** The share of `values`' leaves a chart knows, 0..1 (1 for no leaves). */
export function knownShare(snapshot: ChartSnapshot, values: PlainMap, memo?: LeafCounts): number {
  const { known, total } = countKnown(values, [KnownPaths.of(snapshot)], memo);
  return total === 0 ? 1 : known / total;
}
