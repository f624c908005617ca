/**
 * What operations work with while one chart goes through one migration step: the documents of
 * the chart's successors, path resolution, the moves made so far (to trace where each old value
 * ended up), and the diagnostics.
 */
import { formatPath, formatPathRef, isPrefix, parsePathRef, type Path } from './paths.js';
import { deepEqual, getPlain, type Plain } from './plain.js';
import type { ChartSnapshot, Detached, Diagnostic, DocFactory, NotedEffect, Position, Severity, ValuesDoc } from './types.js';

export interface Located {
  chart: string;
  path: string[];
}

/** One thing that happened to a path, in order; used to trace old paths to new ones. */
export type PathEvent =
  | { kind: 'moved'; from: Located; to: Located; reshaped?: boolean }
  | { kind: 'removed'; at: Located };

export class StepContext {
  readonly events: PathEvent[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly stepId: string,
    readonly fromRelease: string,
    readonly toRelease: string,
    /** The chart whose values are being migrated, as named at `fromRelease`. */
    readonly sourceChart: string,
    /** The successor that continues the source document. */
    readonly primary: string,
    readonly docs: Map<string, ValuesDoc>,
    readonly oldSnapshot: ChartSnapshot | undefined,
    private readonly factory: DocFactory,
    private readonly allowedCharts: Set<string>,
  ) {}

  /** `addon:dashboard.image` or `webImage` (the primary successor). */
  resolve(ref: string): Located {
    const r = parsePathRef(ref);
    const chart = r.chart ?? this.primary;
    if (!this.allowedCharts.has(chart)) {
      throw new Error(`step ${this.stepId}: ${ref} names chart ${chart}, which is not a successor of ${this.sourceChart}`);
    }
    return { chart, path: r.path };
  }

  text(loc: Located): string {
    return loc.chart === this.primary ? formatPath(loc.path) : formatPathRef(loc);
  }

  doc(chart: string): ValuesDoc {
    let d = this.docs.get(chart);
    if (!d) {
      d = this.factory.create(` Values for the ${chart} chart, split out of ${this.sourceChart} values by helm-migrate (${this.fromRelease} → ${this.toRelease}).`);
      this.docs.set(chart, d);
    }
    return d;
  }

  has(loc: Located): boolean {
    return this.docs.get(loc.chart)?.has(loc.path) ?? false;
  }

  get(loc: Located): Plain | undefined {
    return this.docs.get(loc.chart)?.get(loc.path);
  }

  oldDefault(path: Path): Plain | undefined {
    return this.oldSnapshot ? getPlain(this.oldSnapshot.defaults, path) : undefined;
  }

  /**
   * Detaches a value and then any parent maps the removal left empty: the user never wrote
   * those empty maps, they are what is left of `global.proxy.trace` once its keys moved.
   */
  take(loc: Located, purpose: 'move' | 'remove' = 'move'): Detached | undefined {
    const node = this.docs.get(loc.chart)?.detach(loc.path, purpose);
    if (node) this.pruneEmptied(loc);
    return node;
  }

  /** Removes the parent maps of `loc` that are now empty. */
  pruneEmptied(loc: Located): void {
    const doc = this.docs.get(loc.chart);
    if (!doc) return;
    for (let p = loc.path.slice(0, -1); p.length > 0 && doc.isMap(p) && doc.keys(p).length === 0; p = p.slice(0, -1)) doc.detach(p, 'remove');
  }

  /** Severity of losing a value: information when the user only had the default. */
  lossSeverity(path: Path, value: Plain | undefined): Severity {
    const def = this.oldDefault(path);
    return def !== undefined && deepEqual(def, value) ? 'info' : 'warning';
  }

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  note(text: string, severity: Severity = 'info', effects?: NotedEffect[]): void {
    this.report({ kind: 'note', step: this.stepId, text, severity, ...(effects?.length ? { effects } : {}) });
  }

  /** Removes a value for good and reports it. */
  drop(loc: Located, value: Plain | undefined, why: string, severity?: Severity): void {
    this.take(loc, 'remove');
    this.dropped(loc, value, why, severity);
  }

  dropped(loc: Located, value: Plain | undefined, why: string, severity?: Severity): void {
    this.events.push({ kind: 'removed', at: loc });
    this.report({ kind: 'dropped', step: this.stepId, chart: loc.chart, path: formatPath(loc.path), why, severity: severity ?? this.lossSeverity(loc.path, value), value });
  }

  /**
   * Where a new key should go so a rename or hoist keeps the file's order: at the source's
   * index, when the target hangs off the same parent map in the same document.
   */
  positionFor(from: Located, to: Located): Position | undefined {
    if (from.chart !== to.chart) return undefined;
    const parent = from.path.slice(0, -1);
    if (!isPrefix(parent, to.path) || to.path.length <= parent.length) return undefined;
    const index = this.docs.get(from.chart)?.indexOf(from.path) ?? -1;
    return index < 0 ? undefined : { depth: parent.length, index };
  }

  /**
   * Moves a value, merging maps into an existing target key by key. Where both hold a leaf, the
   * moved value wins: it is the one the old chart read.
   */
  moveValue(from: Located, to: Located, why: string | undefined, at?: Position): void {
    const src = this.docs.get(from.chart);
    if (!src || !src.has(from.path)) return;
    const dst = this.doc(to.chart);
    if (dst.has(to.path) && !(from.chart === to.chart && isPrefix(to.path, from.path))) {
      if (dst.isMap(to.path) && src.isMap(from.path)) {
        for (const k of src.keys(from.path)) this.moveValue({ chart: from.chart, path: [...from.path, k] }, { chart: to.chart, path: [...to.path, k] }, why);
        if (src.has(from.path)) this.take(from);
        this.events.push({ kind: 'moved', from, to });
        return;
      }
      this.report({
        kind: 'conflict',
        step: this.stepId,
        chart: to.chart,
        path: formatPath(to.path),
        kept: src.get(from.path) ?? null,
        replaced: dst.get(to.path) ?? null,
        why: `${this.text(from)} moved onto a value that was already set; the moved value is the one the old chart used`,
      });
    }
    const position = at ?? this.positionFor(from, to);
    // Prune only after attaching: the target may live under the parent the source leaves empty.
    const node = src.detach(from.path) as Detached;
    dst.attach(to.path, node, position);
    this.pruneEmptied(from);
    this.events.push({ kind: 'moved', from, to });
  }

  /** Where the value at `path` of the source chart is after the step's operations so far. */
  trace(path: Path): Located | undefined {
    let cur: Located | undefined = { chart: this.primary, path: [...path] };
    for (const e of this.events) {
      if (!cur) return undefined;
      if (e.kind === 'removed') {
        if (e.at.chart === cur.chart && isPrefix(e.at.path, cur.path)) return undefined;
      } else if (e.from.chart === cur.chart && isPrefix(e.from.path, cur.path)) {
        if (e.reshaped) return undefined;
        cur = { chart: e.to.chart, path: [...e.to.path, ...cur.path.slice(e.from.path.length)] };
      }
    }
    return cur;
  }
}
