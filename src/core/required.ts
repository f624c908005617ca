/**
 * Values a chart requires, checked before Helm would fail on them: `Please provide the identity
 * trust anchors` is better read in a report than in a failed upgrade.
 */
import { parsePath } from './paths.js';
import { getPlain, type PlainMap } from './plain.js';
import type { Pack, RequiredValue } from './types.js';

export interface MissingValue {
  chart: string;
  path: string;
  message: string;
  /** false: the chart renders without it, but the installation will not work. */
  enforced: boolean;
}

function missing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function applies(r: RequiredValue, values: PlainMap): boolean {
  if (!r.when) return true;
  const v = getPlain(values, parsePath(r.when.path));
  return r.when.in.some((x) => (x === undefined ? v === undefined : x === v));
}

export function findMissingRequired(pack: Pack, chart: string, release: string, values: PlainMap): MissingValue[] {
  return (pack.required ?? [])
    .filter((r) => r.chart === chart && r.releases.includes(release) && applies(r, values))
    .filter((r) => missing(getPlain(values, parsePath(r.path))))
    .map((r) => ({ chart, path: r.path, message: r.message, enforced: r.enforced ?? true }));
}
