/**
 * The engine: values documents + a chain of migrations → migrated documents per target chart and
 * a report. Pure: documents are edited through `ValuesDoc`, and nothing here touches the file
 * system, a process or the network. Expected problems in a user's values are diagnostics, not
 * exceptions.
 */
import gt from 'semver/functions/gt.js';
import satisfies from 'semver/functions/satisfies.js';
import { readCarriedDefaults } from './carried-defaults.js';
import { HelmMigrateError } from './errors.js';
import { bestMatch, countKnown, KnownPaths } from './known-paths.js';
import { expandOperation } from './operations/expand.js';
import { applyOperation } from './operations/index.js';
import { formatPath, parsePath, parsePathRef, type Path } from './paths.js';
import { deepEqual, getPlain, leaves, type Plain } from './plain.js';
import { refusedKeys } from './closed-maps.js';
import { findMissingRequired, type MissingValue } from './required.js';
import { StepContext } from './step-context.js';
import { dropShippedPins, reportCustomPins } from './version-pins.js';
import { assertChartAt, resolveRelease, resolveStart, selectChain } from './versions.js';
import type { ChartSnapshot, Diagnostic, DocFactory, Migration, Operation, Pack, Release, ValuesDoc } from './types.js';

export interface MigrateRequest {
  pack: Pack;
  chart: string;
  from: string;
  to: string;
  doc: ValuesDoc;
  factory: DocFactory;
  /** Drop values equal to an old default whose default changed, instead of keeping them. */
  adoptNewDefaults?: boolean;
  /** Skip the "is this really that chart's file" check (for callers that know, like `plan`). */
  trustChart?: boolean;
}

export interface ChartOutput {
  chart: string;
  doc: ValuesDoc;
  /** Why this file exists: it continues the input, the user needs the chart, or it got values. */
  reason: 'continues-input' | 'needed' | 'received-values';
  why?: string;
}

export interface MigrateResult {
  pack: string;
  chart: string;
  from: Release;
  /** The input's chart version, when it lies between `from` and the next release (see resolveStart). */
  within?: string;
  to: Release;
  steps: { from: string; to: string; summary: string }[];
  outputs: ChartOutput[];
  diagnostics: Diagnostic[];
  followUps: { step: string; text: string }[];
  /** Required values absent from the migrated files (often passed with --set-file instead). */
  missingRequired: MissingValue[];
  /** What Helm would refuse if the unmigrated input were used with the target chart. */
  unmigratedFailures: MissingValue[];
  /** The input would change: an edited document, a renamed chart, or new charts. */
  changed: boolean;
}

interface ChartState {
  chart: string;
  doc: ValuesDoc;
  reason: ChartOutput['reason'];
  why?: string;
}

export function migrate(req: MigrateRequest): MigrateResult {
  const { pack } = req;
  const { release: from, within } = resolveStart(pack, req.from, req.chart);
  const to = resolveRelease(pack, req.to, req.chart);
  assertChartAt(pack, req.chart, from);
  const exact = exactVersion(req.from);
  const patches = (pack.patchMigrations ?? []).filter((m) => m.to === from.id && exact && satisfies(exact, m.fromVersions));
  const chain: Migration[] = [...patches, ...selectChain(pack, from, to)];
  // A file between two releases may hold keys of either.
  if (!req.trustChart) assertLooksLike(pack, req.chart, from, req.doc, within ? { label: within, also: chain.find((m) => m.from === from.id)?.to } : undefined);
  const inputPlain = req.doc.toPlain();

  const diagnostics: Diagnostic[] = [];
  const followUps: MigrateResult['followUps'] = [];
  let state: ChartState[] = [{ chart: req.chart, doc: req.doc, reason: 'continues-input' }];

  for (const step of chain) {
    const isPatch = patches.includes(step as never);
    const oldSnap = pack.snapshot(isPatch ? step.to : step.from);
    const newSnap = pack.snapshot(step.to);
    // A start between two releases: the changes its chart version already has are skipped.
    const made = within && step.from === from.id && !isPatch ? (op: Operation) => op.since !== undefined && !gt(op.since, within) : undefined;
    if (made) {
      const ops = step.charts.flatMap((c) => c.operations ?? []);
      diagnostics.push({
        kind: 'note',
        step: `${step.from} → ${step.to}`,
        text: `${req.chart} ${within} lies between ${step.from} (${oldSnap.charts[req.chart]?.chartVersion ?? step.from}) and ${step.to}: ${ops.filter(made).length} of this step's ${ops.length} changes came in ${within} or earlier and are taken as made; the rest apply, and defaults are compared with ${step.from}'s`,
        severity: 'info',
      });
    }
    const next: ChartState[] = [];
    for (const cur of state) {
      next.push(...runChartStep(step, cur, oldSnap.charts[cur.chart], (c) => newSnap.charts[c], req, diagnostics, made));
    }
    for (const p of step.preconditions ?? []) {
      if (exact && satisfies(exact, p.fromVersions)) diagnostics.push({ kind: 'note', step: `${step.from} → ${step.to}`, text: p.text, severity: 'warning' });
    }
    for (const f of step.followUps ?? []) {
      if (!f.chart || state.some((s) => s.chart === f.chart)) followUps.push({ step: step.to, text: f.text });
    }
    state = mergeSameChart(next);
    for (const share of step.shared ?? []) shareAcross(state, share, `${step.from} → ${step.to}`, diagnostics);
  }

  const outputs = state.filter((s) => s.reason !== 'received-values' || !s.doc.isEmpty());
  const toSnap = pack.snapshot(to.id);
  const last = chain[chain.length - 1];
  if (last) for (const out of outputs) dropRefused(out, toSnap.charts[out.chart], `${last.from} → ${last.to}`, diagnostics);
  for (const out of outputs) reportUnknownKeys(out, toSnap.charts[out.chart], to.id, diagnostics);
  if (pack.versionPins && chain.length) {
    diagnostics.push(...reportCustomPins(pack.versionPins, outputs.map((o) => ({ chart: o.chart, values: o.doc.toPlain() })), `${from.id} → ${to.id}`, (c) => toSnap.charts[c]));
  }

  const missingRequired = outputs.flatMap((o) => findMissingRequired(pack, o.chart, to.id, o.doc.toPlain()));
  const unmigratedFailures =
    chain.length && pack.charts.some((c) => c.name === req.chart && c.releases.includes(to.id))
      ? findMissingRequired(pack, req.chart, to.id, inputPlain).filter((m) => m.enforced && !findMissingRequired(pack, req.chart, from.id, inputPlain).some((x) => x.message === m.message))
      : [];
  const changed = outputs.length !== 1 || outputs[0].chart !== req.chart || outputs[0].doc.dirty;
  return {
    pack: pack.name,
    chart: req.chart,
    from,
    ...(within ? { within } : {}),
    to,
    steps: chain.map((m) => ({ from: m.from, to: m.to, summary: m.summary })),
    outputs: outputs.map(({ chart, doc, reason, why }) => ({ chart, doc, reason, why })),
    diagnostics,
    followUps,
    missingRequired,
    unmigratedFailures,
    changed,
  };
}

/** `2.11.0`, `stable-2.11.0` → `2.11.0`; anything else (a minor, a chart version) → undefined. */
function exactVersion(text: string): string | undefined {
  const m = /^(?:stable-)?v?(\d+\.\d+\.\d+)$/.exec(text.trim());
  return m?.[1];
}

function runChartStep(
  step: Migration,
  cur: ChartState,
  oldSnap: ChartSnapshot | undefined,
  newSnap: (chart: string) => ChartSnapshot | undefined,
  req: MigrateRequest,
  diagnostics: Diagnostic[],
  made?: (op: Operation) => boolean,
): ChartState[] {
  const stepId = `${step.from} → ${step.to}`;
  const decl = step.charts.find((c) => c.chart === cur.chart);
  const successors = decl?.becomes ?? [{ chart: cur.chart, inherits: true }];

  if (successors.length === 0) {
    // The chart is gone at this release: every value goes with it, each one reported.
    const why = decl?.goneWhy ?? `the ${cur.chart} chart no longer exists at ${step.to}`;
    for (const [path, value] of leaves(cur.doc.toPlain())) {
      const def = oldSnap ? getPlain(oldSnap.defaults, path) : undefined;
      diagnostics.push({
        kind: 'dropped',
        step: stepId,
        chart: cur.chart,
        path: formatPath(path),
        why,
        severity: def !== undefined && deepEqual(def, value) ? 'info' : 'warning',
        value,
      });
    }
    return [];
  }

  const primary = successors.find((s) => s.inherits) ?? successors[0];
  const docs = new Map<string, ValuesDoc>([[primary.chart, cur.doc]]);
  const ctx = new StepContext(stepId, step.from, step.to, cur.chart, primary.chart, docs, oldSnap, req.factory, new Set(successors.map((s) => s.chart)));

  // Successors the source asks for by a value (an enabled add-on), read before anything moves.
  const asked = new Set(successors.filter((s) => s.emitWhen && deepEqual(cur.doc.get(parsePath(s.emitWhen.path)), s.emitWhen.equals)));
  // Which old-default values the user carries, read before anything moves.
  const carriedDefaults = oldSnap ? readCarriedDefaults(cur.doc, oldSnap) : [];

  for (const op of decl?.operations ?? []) {
    if (made?.(op)) continue;
    for (const concrete of expandOperation(ctx, op)) {
      applyOperation(ctx, concrete);
      for (const d of ctx.docs.values()) d.settle();
    }
  }

  // Pins first: a dropped pin is not also an old default the file keeps.
  if (req.pack.versionPins) dropShippedPins(ctx, req.pack.versionPins, oldSnap, newSnap);
  reviewDefaults(ctx, carriedDefaults, oldSnap, newSnap, req.adoptNewDefaults ?? false);
  diagnostics.push(...ctx.diagnostics);

  return successors.flatMap((s): ChartState[] => {
    const doc = ctx.docs.get(s.chart);
    if (s === primary) return [{ chart: s.chart, doc: cur.doc, reason: cur.reason, why: cur.why }];
    if (s.emit === 'always' || asked.has(s)) return [{ chart: s.chart, doc: ctx.doc(s.chart), reason: 'needed', why: s.why }];
    return doc && !doc.isEmpty() ? [{ chart: s.chart, doc, reason: 'received-values', why: s.why }] : [];
  });
}

/** See `Migration.shared`: a value one output document gives another, when the migration produces both. */
function shareAcross(state: ChartState[], share: NonNullable<Migration['shared']>[number], step: string, diagnostics: Diagnostic[]): void {
  const from = parsePathRef(share.from);
  const to = parsePathRef(share.to);
  const source = state.find((s) => s.chart === from.chart)?.doc;
  const target = state.find((s) => s.chart === to.chart)?.doc;
  const value = source?.get(from.path);
  if (!target || value === undefined || target.has(to.path)) return;
  target.set(to.path, value);
  diagnostics.push({ kind: 'applied', step, op: 'copy', from: share.from, to: share.to, why: share.why });
}

/** Two source charts may feed one target; keep the first document (it already holds both). */
function mergeSameChart(states: ChartState[]): ChartState[] {
  const seen = new Map<string, ChartState>();
  for (const s of states) {
    const prev = seen.get(s.chart);
    if (!prev) seen.set(s.chart, s);
    else if (prev.reason === 'received-values' && s.reason !== 'received-values') seen.set(s.chart, { ...prev, reason: s.reason, why: s.why });
  }
  return [...seen.values()];
}

/**
 * Values the user set to the old default, whose default changed in the new chart. The user
 * wrote them, so they stay (and are reported) unless `adoptNewDefaults`. One exception: a value
 * that is the old release's own version (`appVersion: v2.9.5`) would pin the new chart
 * to old images, so it is dropped.
 */
function reviewDefaults(
  ctx: StepContext,
  carried: [Path, Plain][],
  oldSnap: ChartSnapshot | undefined,
  newSnap: (chart: string) => ChartSnapshot | undefined,
  adopt: boolean,
): void {
  for (const [path, oldDefault] of carried) {
    const dest = ctx.trace(path);
    if (!dest) continue;
    const doc = ctx.docs.get(dest.chart);
    if (!doc || !deepEqual(doc.get(dest.path), oldDefault)) continue;
    const target = newSnap(dest.chart);
    const newDefault = target ? getPlain(target.defaults, dest.path) : undefined;
    if (deepEqual(oldDefault, newDefault)) continue;
    if (typeof oldDefault === 'string' && oldSnap?.appVersion && oldDefault === oldSnap.appVersion) {
      ctx.drop(dest, oldDefault, `it pinned the old release's version (${oldDefault}); the new chart uses its own`);
      continue;
    }
    if (adopt) ctx.take(dest, 'remove');
    ctx.report({
      kind: 'default-changed',
      step: ctx.stepId,
      chart: dest.chart,
      path: formatPath(dest.path),
      value: oldDefault,
      oldDefault,
      newDefault,
      adopted: adopt,
    });
  }
}

/** Keys the target chart's schema would refuse go, each reported: the file must install. */
function dropRefused(out: ChartState, snap: ChartSnapshot | undefined, step: string, diagnostics: Diagnostic[]): void {
  if (!snap?.closed) return;
  for (const path of refusedKeys(out.doc.toPlain(), snap.closed)) {
    const value = out.doc.get(path);
    out.doc.detach(path, 'remove');
    out.doc.settle();
    diagnostics.push({
      kind: 'dropped',
      step,
      chart: out.chart,
      path: formatPath(path),
      why: `${snap.chart} ${snap.chartVersion}'s values schema refuses it (Helm would not install the file); no step of the migration carries it anywhere`,
      severity: 'warning',
      value,
    });
  }
}

function reportUnknownKeys(out: ChartOutput, snap: ChartSnapshot | undefined, release: string, diagnostics: Diagnostic[]): void {
  if (!snap) return;
  for (const path of KnownPaths.of(snap).unknownIn(out.doc.toPlain())) diagnostics.push({ kind: 'unknown-key', chart: out.chart, path: formatPath(path), release });
}

/**
 * Refuses a file that mostly is not `chart`'s values at `from`, naming what it looks like, so a
 * viz file passed as control-plane values does not come out "migrated" and wrong.
 */
function assertLooksLike(pack: Pack, chart: string, from: Release, doc: ValuesDoc, between?: { label: string; also?: string }): void {
  const values = doc.toPlain();
  const own = [from.id, between?.also].flatMap((id) => (id ? [pack.snapshot(id).charts[chart]] : [])).filter((s) => s !== undefined);
  if (!own.length) return;
  const { known, total } = countKnown(values, own.map((s) => KnownPaths.of(s)));
  if (total === 0) return;
  const share = known / total;
  if (share >= 0.5) return;
  // Prefer the user's release on ties: the chart is the likelier mistake than the version.
  const found = bestMatch([pack], values, from.id);
  const best = found && found.share >= 0.5 ? { chart: found.chart, release: found.release, share: found.share } : undefined;
  const pct = Math.round(share * 100);
  const looks = best ? `; it looks like ${best.chart} ${best.release} values (${Math.round(best.share * 100)}% known)` : '';
  throw new HelmMigrateError('wrong-chart', `the values do not look like ${chart} ${between?.label ?? from.id} values (${pct}% of keys known)${looks}`, {
    details: { chart, release: from.id, share, looksLike: best },
  });
}
