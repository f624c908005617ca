/**
 * The render oracle: the real charts, not anybody's reading of them, decide whether a migration
 * keeps a customization. For one step of a pack and one source chart it sets every leaf of the
 * chart's own values.yaml to a distinct non-default value, migrates, renders the source chart
 * with the source values and the target chart(s) with the migrated values (real helm), and
 * checks that every effect on the source render (a difference from its default render) is still
 * in force on the target render. A lost effect is explained only when the migration reported the
 * value as dropped *and* the target charts confirm it (no template reads the path); effects on
 * objects the target charts no longer render at all are not losses.
 *
 * Strings and numbers get unique markers (`hmark17x`, 600017) and are perturbed together: a
 * marker names the leaf it came from wherever it lands. Booleans change structure, so each is
 * flipped alone. A batch whose render fails is split until the leaf that breaks it is found;
 * such leaves are listed, never silently skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPath, type Path } from '../../src/core/paths.js';
import { getPlain, isPlainMap, leaves, setPlain, type Plain, type PlainMap } from '../../src/core/plain.js';
import type { Diagnostic, Migration, Pack } from '../../src/core/types.js';
import { addedEffects, saidBy, sourceNamesOf } from '../../src/verify/added.js';
import { compareRenders, objectNames } from '../../src/verify/compare.js';
import { effectsOf, mergeLeaves, tokensIn, unstableFields, type Effect, type Leaves, type Survival } from '../../src/verify/effects.js';
import { renderNamespace, targetNamespace, withPlaceholders } from '../../src/verify/placeholders.js';
import { chartPath, hasChart } from '../helpers/shared.js';
import { chartReads, renderLeaves, templatesReading } from './charts.js';
import { migratePlain } from './migrate-plain.js';

export interface Perturbation {
  path: Path;
  value: Plain;
  /** The number in its marker (`hmark17x`, 600017), for a text or number leaf. */
  marker?: number;
  /** `marker`: perturbed with others; `alone`: its effects are only attributable on its own. */
  kind: 'marker' | 'alone';
}

export interface Loss {
  leaves: string[];
  effect: Effect;
  survival: Survival;
  /** Set when the migration dropped the value and the target charts confirm the drop. */
  verifiedDrop?: string;
  /** Set when the migration dropped the value but the target charts still read it. */
  unconfirmedDrop?: string;
  /**
   * The other direction: an effect of the migrated values on the target render that the source
   * render did not have (`effect` is measured on the target).
   */
  added?: true;
}

export interface OracleResult {
  step: string;
  chart: string;
  perturbed: number;
  renders: number;
  losses: Loss[];
  /** Leaves whose perturbation the source chart itself cannot render (its own validation). */
  unrenderable: { path: string; error: string }[];
  /** Migration or target render failures: always a failure of the migration. */
  broken: { leaves: string[]; error: string }[];
  /** Objects of the source render that the target charts no longer render (their fields are not losses). */
  goneObjects?: string[];
}

export interface OracleOptions {
  /** Objects renamed between releases: old `Kind/name` → new names. */
  renames?: Record<string, string[]>;
  /** A values file applied as one scenario (e.g. the chart's values-ha.yaml). */
  scenario?: PlainMap;
  /**
   * The reference sweep the equivalence test holds the fast one to: every boolean flipped in a
   * render of its own, and batches that fail split in halves, never where the error points.
   */
  exhaustive?: boolean;
}

/** At most this many booleans share a render: a group with a loss is halved to find it. */
const GROUP = 16;

/**
 * Booleans change structure, so one flip can hide another's effect: they share a render only
 * when the template files reading them are disjoint (see templatesReading), so neither can reach
 * what the other changes. The rest, and all of them in an exhaustive sweep, are flipped alone.
 */
export function booleanBatches(dir: string, ps: Perturbation[], exhaustive = false): Perturbation[][] {
  if (exhaustive) return ps.map((p) => [p]);
  const alone: Perturbation[][] = [];
  const groups: { ps: Perturbation[]; files: Set<string> }[] = [];
  for (const p of ps) {
    const files = templatesReading(dir, formatPath(p.path));
    if (!files) {
      alone.push([p]);
      continue;
    }
    const g = groups.find((x) => x.ps.length < GROUP && files.every((f) => !x.files.has(f)));
    if (g) {
      g.ps.push(p);
      for (const f of files) g.files.add(f);
    } else groups.push({ ps: [p], files: new Set(files) });
  }
  return [...alone, ...groups.map((g) => g.ps)];
}

/** Every marker token: text markers (values `x`, map keys `k`) and the numbers 600001… given to numeric leaves. */
const TOKENS = /hmark\d+[xk]|\b6\d{5}(?:\.5)?\b/g;

/** The marker number a token carries: `hmark17x` → 17, `600017.5` → 17. */
function markerNumber(token: string): number {
  return token.startsWith('hmark') ? Number(token.slice(5, -1)) : Math.floor(Number(token)) - 600000;
}

/** The part of a chart's values.schema.json that speaks of one leaf (its `type`, `enum`). */
export interface LeafRule {
  type?: string | string[];
  enum?: Plain[];
  properties?: Record<string, LeafRule>;
  additionalProperties?: LeafRule | boolean;
  items?: LeafRule;
}

/** The schema of a values path: through `properties`, else a map's `additionalProperties`. */
export function ruleAt(schema: LeafRule | undefined, path: Path): LeafRule | undefined {
  let node = schema;
  for (const key of path) {
    if (!node) return undefined;
    node = node.properties?.[key] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node;
}

/** A value of the first non-null type a rule allows, standing for a `null` default. */
function typedBy(rule: LeafRule | undefined): Plain | undefined {
  const type = [rule?.type ?? []].flat().find((t) => t !== 'null');
  return ({ boolean: false, integer: 0, number: 0, string: '', object: {}, array: [] } as Record<string, Plain>)[type ?? ''];
}

/**
 * Every leaf of the chart's defaults, perturbed: unique markers for text and numbers, flips for
 * booleans. A `null` default stands for a value of some type the chart does not say; where the
 * next chart's default (`typed`) or the chart's own schema says it, the perturbation has that
 * type, as a user's value would (a string where a schema wants a boolean tells nothing about the
 * migration). A text leaf the schema limits to an `enum` takes another of its values: no marker
 * fits, so its effects are found on its own, as a boolean's are.
 */
export function perturbations(defaults: PlainMap, typed: PlainMap = {}, schema?: LeafRule): Perturbation[] {
  const out: Perturbation[] = [];
  let n = 0;
  for (const [path, own] of leaves(defaults)) {
    n++;
    const rule = ruleAt(schema, path);
    const hint = own === null ? (getPlain(typed, path) ?? typedBy(rule)) : undefined;
    const value = own === null && hint !== undefined && hint !== null ? hint : own;
    const choices = (rule?.enum ?? []).filter((v) => typeof v === 'string' && v !== own);
    if (typeof value === 'string' && choices.length) out.push({ path, value: choices[0], kind: 'alone' });
    else if (typeof value === 'boolean') out.push({ path, value: own === null ? true : !value, kind: 'alone' });
    else if (typeof value === 'number') out.push({ path, value: Number.isInteger(value) ? 600000 + n : 600000 + n + 0.5, kind: 'marker', marker: n });
    else if (Array.isArray(value)) out.push({ path, value: [...(own === null ? [] : value), `hmark${n}x`], kind: 'marker', marker: n });
    else if (isPlainMap(value)) out.push({ path, value: { [`hmark${n}k`]: `hmark${n}x` }, kind: 'marker', marker: n });
    else out.push({ path, value: `hmark${n}x`, kind: 'marker', marker: n });
  }
  return out;
}

function apply(ps: Perturbation[]): PlainMap {
  let v: PlainMap = {};
  for (const p of ps) v = setPlain(v, p.path, p.value);
  return v;
}

interface StepContext {
  pack: Pack;
  step: Migration;
  chart: string;
  namespace: string;
  release: string;
  srcDir: string;
  srcDefault: Leaves;
  unstable: Set<string>;
  renames: (o: string) => string[];
  sourceNames: (o: string) => string[];
  targetDefaults: Map<string, { leaves: Leaves; unstable: Set<string> }>;
  goneObjects: Set<string>;
  /** Marker number → its perturbation and the default value it replaced. */
  markers: Map<number, { p: Perturbation; was: Plain }>;
  renders: number;
  exhaustive: boolean;
}

interface Evaluation {
  failed?: { where: 'source' | 'target'; error: string };
  losses: Loss[];
}

/** The API versions a pack's charts are rendered with (see `Pack.renderApiVersions`). */
function capabilities(pack: Pack): { apiVersions: string[] } {
  return { apiVersions: pack.renderApiVersions ?? [] };
}

/** A target chart's default render, and what differs between two of them (generated certificates). */
async function targetDefaultOf(ctx: StepContext, chart: string): Promise<{ leaves: Leaves; unstable: Set<string> }> {
  const have = ctx.targetDefaults.get(chart);
  if (have) return have;
  const dir = chartPath(ctx.pack, ctx.step.to, chart);
  const values = withPlaceholders(ctx.pack, chart, ctx.step.to, {});
  const [a, b] = await Promise.all([renderLeaves(dir, values, ctx.namespace, ctx.release, capabilities(ctx.pack)), renderLeaves(dir, values, ctx.namespace, ctx.release, { ...capabilities(ctx.pack), fresh: true })]);
  ctx.renders += 2;
  if (!a.ok || !b.ok) throw new Error(`the default render of ${chart} ${ctx.step.to} fails: ${a.ok ? (b as { error: string }).error : a.error}`);
  const out = { leaves: a.leaves, unstable: unstableFields(a.leaves, b.leaves) };
  ctx.targetDefaults.set(chart, out);
  return out;
}

async function evaluate(ctx: StepContext, user: PlainMap, attributed: Perturbation[]): Promise<Evaluation> {
  const src = await renderLeaves(ctx.srcDir, withPlaceholders(ctx.pack, ctx.chart, ctx.step.from, user), ctx.namespace, ctx.release, capabilities(ctx.pack));
  ctx.renders++;
  if (!src.ok) return { failed: { where: 'source', error: src.error }, losses: [] };
  if (effectsOf(ctx.srcDefault, src.leaves, ctx.unstable).length === 0) return { losses: [] };

  let migrated;
  try {
    migrated = migratePlain(ctx.pack, ctx.chart, ctx.step.from, ctx.step.to, user);
  } catch (err) {
    return { failed: { where: 'target', error: `migration failed: ${(err as Error).message}` }, losses: [] };
  }
  const renders: Leaves[] = [];
  const namespace = targetNamespace(ctx.pack, ctx.chart, user);
  for (const out of migrated.outputs) {
    const r = await renderLeaves(chartPath(ctx.pack, ctx.step.to, out.chart), withPlaceholders(ctx.pack, out.chart, ctx.step.to, out.values), namespace, ctx.release, capabilities(ctx.pack));
    ctx.renders++;
    if (!r.ok) return { failed: { where: 'target', error: `${out.chart} ${ctx.step.to}: ${r.error}` }, losses: [] };
    renders.push(r.leaves);
  }
  const target = mergeLeaves(renders);
  const defaults = await Promise.all(migrated.outputs.map((o) => targetDefaultOf(ctx, o.chart)));
  const targetDefault = mergeLeaves(defaults.map((d) => d.leaves));
  const cmp = compareRenders({
    sourceDefault: ctx.srcDefault,
    source: src.leaves,
    unstable: ctx.unstable,
    target,
    targetDefault,
    renames: ctx.renames,
    pack: ctx.pack,
    tokens: TOKENS,
    ignore: (e) => e.field === '' && sameObjectUnmarked(ctx, e.object, targetDefault),
  });
  for (const o of cmp.goneObjects) ctx.goneObjects.add(o);
  const added = addedEffects({
    source: src.leaves,
    sourceDefault: ctx.srcDefault,
    pack: ctx.pack,
    target,
    targetDefault,
    unstable: new Set(defaults.flatMap((d) => [...d.unstable])),
    sourceNames: withMarkedTwins(ctx, src.leaves, target),
    tokens: TOKENS,
    carried: cmp.carried,
  });
  // The leaves whose markers the effect carries; an effect without markers is the whole batch's.
  const blame = (effect: Effect) => {
    const owners = new Set(tokensIn(`${effect.after ?? ''} ${effect.before ?? ''} ${effect.field} ${effect.object}`, TOKENS).map((t) => ctx.markers.get(markerNumber(t))?.p));
    const marked = attributed.filter((p) => owners.has(p));
    return (marked.length ? marked : attributed).map((p) => formatPath(p.path));
  };
  return {
    losses: [
      ...cmp.lost.map(({ effect, survival }) => explain(ctx, { leaves: blame(effect), effect, survival }, migrated.diagnostics, migrated.outputs.map((o) => o.chart))),
      ...added.filter((e) => !saidBy(e, migrated.diagnostics)).map((effect) => ({ leaves: blame(effect), effect, survival: { ok: false, object: effect.object }, added: true as const })),
    ],
  };
}

/**
 * A target object's names on the source side, with the objects the source render named by a
 * marker (a `name` value perturbed): the target may not read that name any more, and its object
 * under the chart's own name is the same object.
 */
function withMarkedTwins(ctx: StepContext, source: Leaves, target: Leaves): (o: string) => string[] {
  const twins = new Map<string, string[]>();
  for (const o of source.keys()) {
    const twin = unmarked(ctx, o);
    if (twin !== o) twins.set(twin, [...(twins.get(twin) ?? []), o]);
  }
  // Only where the target does not name the object by the marker itself.
  return (o) => [...ctx.sourceNames(o), ...ctx.sourceNames(o).flatMap((n) => (twins.get(n) ?? []).filter((t) => !target.has(t)))];
}

/**
 * An object whose *name* carries a marker (a namespace or prefix in the name) is the chart's
 * object under another name; it is only lost if its unmarked twin exists in the target.
 */
function sameObjectUnmarked(ctx: StepContext, object: string, targetDefaults: Leaves): boolean {
  const twin = unmarked(ctx, object);
  return twin !== object && ctx.srcDefault.has(twin) && !ctx.renames(twin).some((o) => targetDefaults.has(o));
}

/** An object's name with each text marker in it put back to the default value it replaced. */
function unmarked(ctx: StepContext, object: string): string {
  return object.replace(/hmark(\d+)x/g, (m, n) => String(ctx.markers.get(Number(n))?.was ?? m));
}

/**
 * A reported drop is verified when no template of the target charts reads the path. (Effects on
 * objects the target no longer renders never get here: they are not losses.)
 */
function explain(ctx: StepContext, loss: Loss, diagnostics: Diagnostic[], targets: string[]): Loss {
  if (loss.leaves.length !== 1) return loss;
  const path = loss.leaves[0];
  const drop = diagnostics.find((d): d is Extract<Diagnostic, { kind: 'dropped' }> => d.kind === 'dropped' && (d.path === path || path.startsWith(`${d.path}.`)));
  if (!drop) return loss;
  const allTargets = new Set([...targets, ...(ctx.step.charts.find((c) => c.chart === ctx.chart)?.becomes?.map((b) => b.chart) ?? [ctx.chart])]);
  const readers = [...allTargets].filter((c) => chartReads(chartPath(ctx.pack, ctx.step.to, c), path));
  if (readers.length === 0) return { ...loss, verifiedDrop: `${drop.why} (verified: no template of ${[...allTargets].join(', ')} ${ctx.step.to} reads ${path})` };
  return { ...loss, unconfirmedDrop: `reported as dropped (${drop.why}) but ${readers.join(', ')} ${ctx.step.to} still read ${path}` };
}

/**
 * Evaluates a batch; a batch that does not render is split until the breaking leaves are found.
 * A schema's refusal says where to split (see splitBySchema); halving is the fallback.
 */
async function sweep(ctx: StepContext, batch: Perturbation[], result: OracleResult): Promise<void> {
  if (batch.length === 0) return;
  const ev = await evaluate(ctx, apply(batch), batch);
  if (ev.failed) {
    if (batch.length === 1) {
      if (ev.failed.where === 'source') result.unrenderable.push({ path: formatPath(batch[0].path), error: firstLine(ev.failed.error) });
      else result.broken.push({ leaves: [formatPath(batch[0].path)], error: firstLine(ev.failed.error) });
      return;
    }
    const parts = (ev.failed.where === 'source' && !ctx.exhaustive && splitBySchema(batch, ev.failed.error, result)) || halves(batch);
    for (const part of parts) await sweep(ctx, part, result);
    return;
  }
  // A loss no marker explains, in a batch of several: find the leaf by halving.
  const unattributed = ev.losses.filter((l) => l.leaves.length > 1);
  result.losses.push(...ev.losses.filter((l) => l.leaves.length <= 1));
  if (unattributed.length && batch.length > 1) {
    const before = result.losses.length;
    for (const part of halves(batch)) await sweep(ctx, part, result);
    // Keep the halves' findings; whatever only the whole batch shows is an interaction, kept as is.
    const found = new Set(result.losses.slice(before).map(effectKey));
    result.losses.push(...unattributed.filter((l) => !found.has(effectKey(l))));
  } else {
    result.losses.push(...unattributed);
  }
}

function halves<T>(batch: T[]): T[][] {
  const mid = Math.ceil(batch.length / 2);
  return [batch.slice(0, mid), batch.slice(mid)];
}

/** A schema verdict on a value by itself, whatever else the values hold. */
const OWN_VALUE = /^(got \w+, want [\w ]+|value must be one of|(?:'[^']*' )?does not match pattern|minimum|maximum|must be [<>]=?|length must be)/;

/**
 * Where the source chart's schema refuses a batch, the batch is split where helm's report points
 * rather than in halves (halving costs two renders per level for each breaking leaf, and a chart
 * with a strict schema has a hundred of them). The report names each offending path (`- at
 * '/ports/web/port': got string, want integer`, nested under `validation failed` for its
 * parents). A leaf refused for its own value fails alone too, so it is recorded as such without
 * another render; a leaf refused for what else is set goes to a batch of suspects. Every leaf
 * still ends in a batch that renders, or alone; only the order of the search changes.
 *
 * A template's own refusal (`fail`, a bad format) is left to halving: splitting by the file the
 * error names was tried and saved nothing, as those files read most of the batch.
 */
function splitBySchema(batch: Perturbation[], error: string, result: OracleResult): Perturbation[][] | undefined {
  const under = (p: Perturbation, keys: string[]) => p.path.length <= keys.length && p.path.every((k, i) => k === keys[i]);
  const schema = [...error.matchAll(/^\s*- at '([^']*)': (.*)$/gm)].map(([, pointer, why]) => ({ keys: pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~')), pointer, why }));
  const own = new Map<Perturbation, string>();
  const suspects = new Set<Perturbation>();
  for (const e of schema) {
    // `validation failed` only heads the entries below it.
    if (e.why === 'validation failed' && schema.some((x) => x !== e && x.pointer.startsWith(`${e.pointer}/`))) continue;
    for (const p of batch.filter((x) => under(x, e.keys))) {
      if (OWN_VALUE.test(e.why)) own.set(p, `values.schema.json: at '${e.pointer}': ${e.why}`);
      else suspects.add(p);
    }
  }
  for (const [p, why] of own) result.unrenderable.push({ path: formatPath(p.path), error: why });
  const named = new Set([...own.keys(), ...suspects]);
  if (named.size === 0) return undefined;
  return [batch.filter((p) => !named.has(p)), [...suspects].filter((p) => !own.has(p))];
}

function effectKey({ effect: e, added }: Loss): string {
  return `${added ? '+' : ''}${e.object}\t${e.field}\t${e.after}`;
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim()) ?? s;
}

export async function runOracle(pack: Pack, step: Migration, chart: string, opts: OracleOptions = {}): Promise<OracleResult> {
  const namespace = renderNamespace(pack, chart);
  const release = chart;
  const srcDir = chartPath(pack, step.from, chart);
  const base = withPlaceholders(pack, chart, step.from, {});
  const [a, b] = await Promise.all([renderLeaves(srcDir, base, namespace, release, capabilities(pack)), renderLeaves(srcDir, base, namespace, release, { ...capabilities(pack), fresh: true })]);
  if (!a.ok || !b.ok) throw new Error(`the default render of ${chart} ${step.from} fails: ${a.ok ? (b as { error: string }).error : a.error}`);
  const ctx: StepContext = {
    pack,
    step,
    chart,
    namespace,
    release,
    srcDir,
    srcDefault: a.leaves,
    unstable: unstableFields(a.leaves, b.leaves),
    renames: objectNames({ ...pack.objectRenames, ...opts.renames }),
    sourceNames: sourceNamesOf({ ...pack.objectRenames, ...opts.renames }),
    targetDefaults: new Map(),
    goneObjects: new Set(),
    markers: new Map(),
    renders: 2,
    exhaustive: opts.exhaustive ?? false,
  };
  const result: OracleResult = { step: `${step.from} → ${step.to}`, chart, perturbed: 0, renders: 0, losses: [], unrenderable: [], broken: [] };
  if (opts.scenario) {
    // The whole file at once; a loss is traced to its leaf by halving, like a marker batch.
    const ps = [...leaves(opts.scenario)].map(([path, value]) => ({ path, value, kind: 'alone' as const }));
    result.perturbed = ps.length;
    await sweep(ctx, ps, result);
  } else {
    const defaults = pack.snapshot(step.from).charts[chart]?.defaults ?? {};
    const schemaFile = join(srcDir, 'values.schema.json');
    const schema = existsSync(schemaFile) ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as LeafRule) : undefined;
    const ps = perturbations(defaults, pack.snapshot(step.to).charts[chart]?.defaults, schema);
    for (const p of ps) if (p.marker !== undefined) ctx.markers.set(p.marker, { p, was: getPlain(defaults, p.path) ?? '' });
    result.perturbed = ps.length;
    await sweep(ctx, ps.filter((p) => p.kind === 'marker'), result);
    await Promise.all(booleanBatches(srcDir, ps.filter((x) => x.kind === 'alone'), opts.exhaustive).map((batch) => sweep(ctx, batch, result)));
  }
  result.renders = ctx.renders;
  result.goneObjects = [...ctx.goneObjects].sort();
  return result;
}

export interface OracleCase {
  name: string;
  step: Migration;
  chart: string;
  scope: 'leaves' | 'ha';
  opts: OracleOptions;
}

/** Every case of a pack: each step's source charts with every leaf perturbed, and with their HA values file. */
export function* oracleCases(pack: Pack): Generator<OracleCase> {
  for (const step of pack.migrations) {
    for (const [chart, snap] of Object.entries(pack.snapshot(step.from).charts)) {
      yield { name: `${step.from} → ${step.to} ${chart}: every leaf perturbed`, step, chart, scope: 'leaves', opts: {} };
      if (snap.haDefaults) yield { name: `${step.from} → ${step.to} ${chart}: its high-availability values file`, step, chart, scope: 'ha', opts: { scenario: snap.haDefaults } };
    }
  }
}

/** Runs one case; a chart missing from ../shared is an error, never a pass. */
export async function runCase(pack: Pack, c: OracleCase): Promise<OracleResult> {
  if (!hasChart(pack, c.step.from, c.chart)) throw new Error(`${c.chart} ${c.step.from} is missing from ../shared`);
  return runOracle(pack, c.step, c.chart, c.opts);
}

/** One line per unexplained loss group, keyed by `leaf[,leaf…]` (several when only a batch shows it). */
export function unexplained(r: OracleResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of r.losses) {
    if (l.verifiedDrop) continue;
    const key = `${l.added ? 'added:' : ''}${l.leaves.join(',')}`;
    if (out.has(key)) continue;
    if (l.added) out.set(key, `${l.effect.object} ${l.effect.field}: the target renders ${l.effect.after ?? '(none)'} where its default has ${l.effect.before ?? '(none)'}, and the source render did not`);
    else out.set(key, `${l.effect.object} ${l.effect.field}: ${l.effect.before ?? '(none)'} → ${l.effect.after ?? '(none)'}, now ${l.survival.now ?? '(none)'}${l.unconfirmedDrop ? ` [${l.unconfirmedDrop}]` : ''}`);
  }
  for (const b of r.broken) out.set(`broken:${b.leaves.join(',')}`, b.error);
  return out;
}
