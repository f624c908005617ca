/**
 * Which chart a values file is for, when the user does not say: the chart (of every pack, at
 * the release `--from` names when it names one for that chart) that knows the largest share of
 * the file's keys. Weak or ambiguous evidence is a usage error naming the candidates, never a
 * guess: a file migrated as the wrong chart comes out "migrated" and wrong.
 */
import { HelmMigrateError } from './errors.js';
import { knownShare, leafTotal, type LeafCounts } from './known-paths.js';
import type { PlainMap } from './plain.js';
import type { Pack } from './types.js';
import { resolveStart } from './versions.js';

export interface InferredChart {
  pack: Pack;
  chart: string;
  /** Keys of the file the chart knows, of `total`. */
  known: number;
  total: number;
}

/** Below this share of known keys a chart is not evidence; within `tie` of the best it is a rival. */
const enough = 0.6;
const tie = 0.05;

export function inferChart(packs: Pack[], values: PlainMap, from: string | undefined): InferredChart {
  const memo: LeafCounts = new WeakMap();
  const total = leafTotal(values, memo);
  if (total === 0) throw new HelmMigrateError('usage', 'the file has no values to tell its chart by: pass --chart');
  const candidates: (InferredChart & { share: number })[] = [];
  for (const pack of packs) {
    for (const fam of pack.charts) {
      const releases = from ? releaseFor(pack, from, fam.name) : fam.releases;
      let share = 0;
      for (const id of releases) {
        const snap = pack.snapshot(id).charts[fam.name];
        if (snap) share = Math.max(share, knownShare(snap, values, memo));
      }
      if (share > 0) candidates.push({ pack, chart: fam.name, share, known: Math.round(share * total), total });
    }
  }
  candidates.sort((a, b) => b.share - a.share);
  const [best, ...rest] = candidates;
  const list = (cs: typeof candidates) => cs.slice(0, 4).map((c) => `${c.chart} (${c.known} of ${c.total} keys)`).join(', ');
  if (!best || best.share < enough) {
    throw new HelmMigrateError('usage', `cannot tell which chart the values are for${best ? `: the best match, ${list([best])}, is too weak` : ''}; pass --chart`);
  }
  const rivals = rest.filter((c) => c.share >= best.share - tie);
  if (rivals.length) throw new HelmMigrateError('usage', `the values fit several charts: ${list([best, ...rivals])}; pass --chart`);
  const { share: _, ...chosen } = best;
  return chosen;
}

/** The release `from` names for this chart, when it names one where the chart exists. */
function releaseFor(pack: Pack, from: string, chart: string): string[] {
  try {
    const r = resolveStart(pack, from, chart).release;
    return pack.charts.find((c) => c.name === chart)?.releases.includes(r.id) ? [r.id] : [];
  } catch (err) {
    // A version this pack does not know says the chart is not this pack's; anything else is a bug.
    if (err instanceof HelmMigrateError) return [];
    throw err;
  }
}
