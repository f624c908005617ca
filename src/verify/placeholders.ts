/**
 * Values that let a chart render when the user supplies them outside the values file (an issuer
 * key passed with `--set-file`): each missing required value with a placeholder gets it. Both
 * sides of a verification get the same stand-ins, so they never show up as a difference. The
 * pack's render pins (a schedule the chart would derive from the clock) are applied the same way.
 */
import { parsePath } from '../core/paths.js';
import { getPlain, setPlain, type PlainMap } from '../core/plain.js';
import { findMissingRequired } from '../core/required.js';
import type { Pack } from '../core/types.js';

export function withPlaceholders(pack: Pack, chart: string, release: string, values: PlainMap): PlainMap {
  let out = values;
  for (const m of findMissingRequired(pack, chart, release, values)) {
    const r = pack.required?.find((x) => x.chart === chart && x.path === m.path && x.releases.includes(release));
    if (r?.placeholder !== undefined) out = setPlain(out, parsePath(r.path), r.placeholder);
  }
  for (const pin of pack.renderPins ?? []) {
    const path = parsePath(pin.path);
    if (pin.charts.includes(chart) && getPlain(out, path) === undefined) out = setPlain(out, path, pin.value);
  }
  return out;
}

/**
 * The namespace migrated values render in: charts that once put their objects in a values key
 * are, after the move to release namespaces, installed into the namespace the user chose there.
 */
export function targetNamespace(pack: Pack, chart: string, sourceValues: PlainMap): string {
  const path = pack.cluster?.objectNamespace?.path;
  const chosen = path ? getPlain(sourceValues, [path]) : undefined;
  return typeof chosen === 'string' ? chosen : renderNamespace(pack, chart);
}

/** The namespace a chart renders in: where the pack installs it, else where its objects live. */
export function renderNamespace(pack: Pack, chart: string): string {
  const inst = pack.cluster?.installs[chart]?.namespace;
  if (inst) return inst;
  const defaults = pack.cluster?.objectNamespace?.defaults ?? {};
  return defaults[chart] ?? Object.values(defaults)[0] ?? 'default';
}
