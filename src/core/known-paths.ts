/**
 * Which values paths a chart knows. A path is known when a known path is a prefix of it (a key
 * set inside a map the chart reads whole, like `podAnnotations.team`) or it is a prefix of a
 * known path (a map the user sets partially).
 */
import { parsePath, type Path } from './paths.js';
import type { ChartSnapshot, Pack } from './types.js';

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

export class KnownPaths {
  private readonly root: Trie = { end: false, next: new Map() };

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

export interface ChartMatch {
  pack: Pack;
  chart: string;
  release: string;
  share: number;
}

/**
 * The chart and release whose keys cover most of `paths`. On a tie the `prefer`red release
 * wins, else the older one (old keys are what tell versions apart).
 */
export function bestMatch(packs: Pack[], paths: Path[], prefer?: string): ChartMatch | undefined {
  let best: ChartMatch | undefined;
  for (const pack of packs) {
    for (const rel of pack.releases) {
      for (const [chart, snap] of Object.entries(pack.snapshot(rel.id).charts)) {
        const share = knownShare(snap, paths);
        if (!best || share > best.share || (share === best.share && rel.id === prefer)) best = { pack, chart, release: rel.id, share };
      }
    }
  }
  return best;
}

/** The share of `paths` a chart knows, 0..1 (1 for no paths). */
export function knownShare(snapshot: ChartSnapshot, paths: Path[]): number {
  if (paths.length === 0) return 1;
  const known = KnownPaths.of(snapshot);
  return paths.filter((p) => known.has(p)).length / paths.length;
}
