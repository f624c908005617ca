/**
 * The first phase of a plan: every Helm release in the cluster (one paged list of records), and
 * which of them the plan moves. A named release brings the rest of its pack along (extensions
 * follow the control plane); `--all-namespaces` takes every release of the one pack present,
 * and refuses to choose when several packs have releases there.
 */
import { HelmMigrateError } from '../core/errors.js';
import type { PackRegistry } from '../core/pack-registry.js';
import type { Pack } from '../core/types.js';
import { currentRevision, decodeAll, decodeRecord, groupReleases, listRecords, type HelmRelease, type StorageDriver } from '../helm/release.js';
import type { Kube } from '../kube/types.js';
import type { PinnedRelease } from './types.js';

export interface LiveRelease {
  current: HelmRelease;
  revisions: HelmRelease[];
}

/** The release as the plan pins it: the revision it moves from and every record, at the version read now. */
export function pinOf(r: LiveRelease): PinnedRelease {
  const c = r.current;
  return {
    name: c.name,
    namespace: c.namespace,
    chart: c.chart.name,
    chartVersion: c.chart.version,
    revision: c.revision,
    records: r.revisions.map((x) => ({ kind: x.record.kind, name: x.record.name, resourceVersion: x.record.resourceVersion })),
  };
}

export interface Selection {
  pack: Pack;
  selected: LiveRelease[];
  /** Records nobody can decode (another tool's, or corrupt), skipped: `namespace/name`. */
  unreadable: string[];
  /** Every release with a current revision, selected or not (one may own objects the plan touches). */
  all: LiveRelease[];
}

export async function selectReleases(
  kube: Kube,
  packs: PackRegistry,
  req: { release?: string; namespace?: string; allNamespaces?: boolean; driver: StorageDriver },
): Promise<Selection> {
  const records = await listRecords(kube, req.driver);
  // A record that cannot be decoded is skipped and named, unless it belongs to the release
  // being planned: then nothing can be planned safely.
  const { decoded, unreadable: bad } = decodeAll(records, req.driver);
  const own = bad.find((r) => !req.allNamespaces && r.metadata.labels?.name === req.release && r.metadata.namespace === (req.namespace ?? 'default'));
  if (own) decodeRecord(own, req.driver); // throws the one-line error naming it
  const unreadable = bad.map((r) => `${r.metadata.namespace}/${r.metadata.name}`);
  const releases = [...groupReleases(decoded).values()]
    .map((revs) => ({ current: currentRevision(revs), revisions: revs }))
    .filter((r): r is LiveRelease => Boolean(r.current));

  if (!req.allNamespaces) {
    const ns = req.namespace ?? 'default';
    const mine = releases.find((r) => r.current.name === req.release && r.current.namespace === ns);
    if (!mine) {
      const any = records.some((r) => r.metadata.labels?.name === req.release && r.metadata.namespace === ns);
      throw new HelmMigrateError('release-not-found', any ? `release ${req.release} in namespace ${ns} has no deployed revision` : `release ${req.release} not found in namespace ${ns} (HELM_DRIVER=${req.driver})`);
    }
    const pack = packs.owning(mine.current.chart.name);
    if (!pack) throw new HelmMigrateError('not-a-known-chart', `release ${ns}/${req.release} is chart ${mine.current.chart.name} ${mine.current.chart.version}, which no migration pack knows`);
    return { pack, unreadable, all: releases, selected: [mine, ...releases.filter((r) => r !== mine && packs.owning(r.current.chart.name) === pack)] };
  }
  const byPack = new Map<Pack, LiveRelease[]>();
  for (const r of releases) {
    const p = packs.owning(r.current.chart.name);
    if (p) byPack.set(p, [...(byPack.get(p) ?? []), r]);
  }
  if (byPack.size === 0) throw new HelmMigrateError('release-not-found', 'no release of a known chart found in any namespace');
  if (byPack.size > 1) {
    const list = [...byPack].map(([p, rs]) => `${p.name}: ${rs.map((r) => `${r.current.namespace}/${r.current.name}`).join(', ')}`).join('; ');
    throw new HelmMigrateError('usage', `--all-namespaces found releases of several packs (${list}); plan one pack at a time with --release NAME -n NAMESPACE`);
  }
  const [[pack, selected]] = [...byPack];
  return { pack, selected, unreadable, all: releases };
}
