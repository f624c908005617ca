/**
 * `--verify`: proof, on the real charts, that a migration kept the user's customizations and
 * added none. The source chart is rendered with the user's values and with none, each target
 * chart with the migrated values and with none; every difference the user's values made to the
 * source render must still be in force on the target render, and every difference the migrated
 * values make to the target render must have been in force on the source render, or be said by
 * the migration (a note naming it). Pure apart from `render`, which the caller supplies (helm in
 * the CLI).
 */
import { parsePath } from '../core/paths.js';
import { getPlain, leaves, type Plain, type PlainMap } from '../core/plain.js';
import type { Diagnostic, Pack } from '../core/types.js';
import { addedEffects, saidBy, sourceNamesOf } from './added.js';
import { compareRenders, objectNames } from './compare.js';
import { mergeLeaves, unstableFields, type Effect, type Leaves } from './effects.js';
import { targetNamespace, withPlaceholders } from './placeholders.js';

export interface RenderRequest {
  chart: string;
  /** The pack's release id (`2.9`, `edge-26.8.3`). */
  release: string;
  values: PlainMap;
  namespace: string;
  /**
   * The second render of the same request, made to find the fields a chart generates anew each
   * time (certificates): a renderer that caches must render this one again.
   */
  again?: boolean;
}

export type Render = (r: RenderRequest) => Promise<Leaves>;

export interface VerifyInput {
  pack: Pack;
  chart: string;
  from: string;
  to: string;
  sourceValues: PlainMap;
  outputs: { chart: string; values: PlainMap }[];
  diagnostics: Diagnostic[];
  render: Render;
}

export interface LostSetting {
  object: string;
  /** '' when the object itself was created or removed by the values. */
  field: string;
  /** In force before the migration (the source render with the user's values). */
  before: string;
  /** What the target render has there instead ('(absent)' when nothing). */
  after: string;
  /** The value the migration reported dropping that made this setting, with the report's reason. */
  reported?: { path: string; why: string };
}

/** An effect of the migrated values on the target render that the source render did not have. */
export interface AddedSetting {
  object: string;
  /** '' when the migrated values create or remove the object itself. */
  field: string;
  /** The target chart's default there ('(absent)' when nothing). */
  before: string;
  /** What the migrated values make of it. */
  after: string;
  /** The migration's note that says so; without one, the effect is unexplained. */
  said?: string;
}

export interface VerifyReport {
  source: { chart: string; release: string };
  targets: { chart: string; release: string }[];
  /** Customizations found on the source render. */
  checked: number;
  lost: LostSetting[];
  added: AddedSetting[];
  /** Source objects no target chart renders at all (their settings have nowhere to go). */
  goneObjects: string[];
}

const ABSENT = '(absent)';
const REDACTED = '(redacted)';

export async function verifyMigration(input: VerifyInput): Promise<VerifyReport> {
  const { pack, chart, from, to, render } = input;
  const namespace = targetNamespace(pack, chart, input.sourceValues);

  const base = withPlaceholders(pack, chart, from, {});
  const [sourceDefault, again, source] = await Promise.all([
    render({ chart, release: from, values: base, namespace }),
    render({ chart, release: from, values: base, namespace, again: true }),
    render({ chart, release: from, values: withPlaceholders(pack, chart, from, input.sourceValues), namespace }),
  ]);
  const targets = await Promise.all(
    input.outputs.map(async (o) => {
      const none = withPlaceholders(pack, o.chart, to, {});
      const [withValues, defaults, again] = await Promise.all([
        render({ chart: o.chart, release: to, values: withPlaceholders(pack, o.chart, to, o.values), namespace }),
        render({ chart: o.chart, release: to, values: none, namespace }),
        render({ chart: o.chart, release: to, values: none, namespace, again: true }),
      ]);
      return { withValues, defaults, unstable: unstableFields(defaults, again) };
    }),
  );
  const defaults = pack.snapshot(from).charts[chart]?.defaults ?? {};
  const tokens = userTokens(input.sourceValues, defaults);
  const target = mergeLeaves(targets.map((t) => t.withValues));
  const targetDefault = mergeLeaves(targets.map((t) => t.defaults));
  const cmp = compareRenders({
    sourceDefault,
    source,
    unstable: unstableFields(sourceDefault, again),
    target,
    targetDefault,
    renames: objectNames(pack.objectRenames ?? {}),
    pack,
    tokens,
  });
  const added = addedEffects({
    source,
    sourceDefault,
    target,
    targetDefault,
    unstable: new Set(targets.flatMap((t) => [...t.unstable])),
    sourceNames: sourceNamesOf(pack.objectRenames ?? {}),
    tokens,
    pack,
    carried: cmp.carried,
  });
  const drops = droppedValues(input.sourceValues, input.diagnostics);
  return {
    source: { chart, release: from },
    targets: input.outputs.map((o) => ({ chart: o.chart, release: to })),
    checked: cmp.effects.length,
    // A copy in a values dump of a value the report drops says nothing the drop does not.
    lost: cmp.lost.map(({ effect, survival, copy }) => ({ ...describe(effect, survival.now, drops), copy })).filter((l) => !(l.copy && l.reported)).map(({ copy: _, ...l }) => l),
    goneObjects: cmp.goneObjects,
    added: added.map((e) => {
      const said = saidBy(e, input.diagnostics);
      // Measured on the target: `before` is the chart's default there, `after` the migrated value.
      const object = (v: string | undefined) => (v === undefined ? ABSENT : 'present');
      return { object: e.object, field: e.field, before: e.field === '' ? object(e.before) : shown(e, e.before), after: e.field === '' ? object(e.after) : shown(e, e.after), ...(said ? { said: said.text } : {}) };
    }),
  };
}

/** A value as a report may show it: key material redacted. */
function shown(e: Effect, v: string | undefined): string {
  return v === undefined ? ABSENT : isSecret(e.object, e.field) || v.includes('-----BEGIN') ? REDACTED : v;
}

/**
 * The user's own text, as markers: a customized string (or each long line of a multi-line one,
 * such as a certificate) is followed wherever the charts put it, as the render oracle follows
 * its markers. Short and default values are left out: they would match by chance.
 */
export function userTokens(values: PlainMap, defaults: PlainMap): RegExp | undefined {
  const texts = new Set<string>();
  for (const [path, value] of leaves(values)) {
    if (typeof value !== 'string' || getPlain(defaults, path) === value) continue;
    const parts = value.includes('\n') ? value.split('\n').map((l) => l.trim()) : [value.trim()];
    for (const t of parts) if (t.length >= (value.includes('\n') ? 16 : 4) && !/^(true|false|null|\d{1,4})$/i.test(t)) texts.add(t);
  }
  if (texts.size === 0) return undefined;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp([...texts].sort((a, b) => b.length - a.length).map(esc).join('|'), 'g');
}

interface DroppedValue {
  path: string;
  why: string;
  texts: string[];
}

/**
 * The user's values the report says were dropped, with the text they render as: the dropped
 * value itself, and the user's leaves at that path (a diagnostic names the path at the step
 * that dropped it, so a 2.9 `global.proxy.image.version` matches a later `proxy.image.version`).
 */
function droppedValues(values: PlainMap, diagnostics: Diagnostic[]): DroppedValue[] {
  const all = [...leaves(values)].map(([p, v]) => ({ path: p.join('.'), value: v }));
  const out: DroppedValue[] = [];
  for (const d of diagnostics) {
    if (d.kind !== 'dropped') continue;
    const at = parsePath(d.path).join('.');
    const byPath = all.filter((l) => l.path === at || l.path.endsWith(`.${at}`) || l.path.startsWith(`${at}.`)).flatMap((l) => scalars(l.value));
    const texts = [...scalars(d.value ?? null), ...byPath];
    if (texts.length) out.push({ path: d.path, why: d.why, texts });
  }
  return out;
}

function scalars(v: Plain): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v !== 'object') return [String(v)];
  return Object.values(v as Record<string, Plain>).flatMap(scalars);
}

function describe(e: Effect, now: string | undefined, drops: DroppedValue[]): LostSetting {
  const show = (v: string | undefined) => shown(e, v);
  const carried = `${e.after ?? ''}\n${e.field}`;
  const reported =
    drops.find((d) => d.texts.some((t) => t.length >= 2 && carried.includes(t))) ??
    // An object the dropped value switched on (`metrics.enabled` turns on Deployment/app-metrics): by name.
    (e.field === '' ? drops.find((d) => namesObject(d.path, e.object)) : undefined);
  return {
    object: e.object,
    field: e.field,
    before: e.field === '' ? (e.after === undefined ? ABSENT : 'present') : show(e.after),
    after: e.field === '' ? (e.after === undefined ? 'present' : ABSENT) : show(now),
    ...(reported ? { reported: { path: reported.path, why: reported.why } } : {}),
  };
}

function namesObject(path: string, object: string): boolean {
  const name = object.split('/')[1] ?? '';
  return parsePath(path).some((k) => k.length >= 3 && k !== 'enabled' && name.includes(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)));
}

/** Key material never leaves the process: Secret data, and any field that names a key or certificate. */
function isSecret(object: string, field: string): boolean {
  return object.startsWith('Secret/') || /key|pem|crt|cert|token|password/i.test(field);
}
