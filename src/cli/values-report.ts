/**
 * The report of a values migration as data: what `--report json` prints and what the text
 * renderer reads. Versioned (`schemaVersion`), and free of secrets: every value shown passes
 * through `redactValue`.
 */
import type { MigrateResult } from '../core/engine.js';
import { parsePath } from '../core/paths.js';
import type { Plain } from '../core/plain.js';
import { redactValue } from '../core/secrets.js';
import type { Diagnostic, Severity } from '../core/types.js';

export const VALUES_REPORT_SCHEMA = 1;

export interface ValuesReport {
  schemaVersion: typeof VALUES_REPORT_SCHEMA;
  kind: 'values-migration';
  pack: string;
  chart: string;
  from: string;
  /** The input's chart version when it lies between `from` and the next release. */
  fromChartVersion?: string;
  to: string;
  changed: boolean;
  steps: {
    from: string;
    to: string;
    summary: string;
    operations: { op: string; from: string; to?: string; why?: string }[];
    dropped: { chart: string; path: string; why: string; severity: Severity }[];
    /** `takesEffect`: the note says what runs differently with the new charts (it names the rendered fields). */
    notes: { text: string; severity: Severity; takesEffect?: true }[];
  }[];
  outputs: { chart: string; reason: string; why?: string; file?: string }[];
  defaultsChanged: { step: string; chart: string; path: string; value: Plain; oldDefault: Plain; newDefault: Plain | null; adopted: boolean }[];
  conflicts: { step: string; chart: string; path: string; kept: Plain; replaced: Plain; why: string }[];
  unknownKeys: { chart: string; path: string; release: string }[];
  missingRequired: { chart: string; path: string; message: string; enforced: boolean }[];
  unmigratedFailures: { chart: string; path: string; message: string }[];
  followUps: { steps: string[]; text: string }[];
}

function shown(path: string, v: Plain | undefined): Plain {
  return (redactValue(parsePath(path), v) ?? null) as Plain;
}

export function buildValuesReport(r: MigrateResult, files: Map<string, string> = new Map()): ValuesReport {
  const of = <K extends Diagnostic['kind']>(kind: K) => r.diagnostics.filter((d): d is Extract<Diagnostic, { kind: K }> => d.kind === kind);
  const steps = r.steps.map((s) => {
    const id = `${s.from} → ${s.to}`;
    return {
      ...s,
      operations: of('applied').filter((d) => d.step === id).map(({ op, from, to, why }) => ({ op, from, ...(to ? { to } : {}), ...(why ? { why } : {}) })),
      dropped: of('dropped').filter((d) => d.step === id).map(({ chart, path, why, severity }) => ({ chart, path, why, severity })),
      notes: of('note').filter((d) => d.step === id).map(({ text, severity, effects }) => ({ text, severity, ...(effects?.length ? { takesEffect: true as const } : {}) })),
    };
  });
  const followUps: ValuesReport['followUps'] = [];
  for (const f of r.followUps) {
    const same = followUps.find((x) => x.text === f.text);
    if (same) same.steps.push(f.step);
    else followUps.push({ steps: [f.step], text: f.text });
  }
  return {
    schemaVersion: VALUES_REPORT_SCHEMA,
    kind: 'values-migration',
    pack: r.pack,
    chart: r.chart,
    from: r.from.id,
    ...(r.within ? { fromChartVersion: r.within } : {}),
    to: r.to.id,
    changed: r.changed,
    steps,
    outputs: r.outputs.map((o) => ({ chart: o.chart, reason: o.reason, ...(o.why ? { why: o.why } : {}), ...(files.get(o.chart) ? { file: files.get(o.chart) } : {}) })),
    defaultsChanged: of('default-changed').map((d) => ({
      step: d.step,
      chart: d.chart,
      path: d.path,
      value: shown(d.path, d.value),
      oldDefault: shown(d.path, d.oldDefault),
      newDefault: d.newDefault === undefined ? null : shown(d.path, d.newDefault),
      adopted: d.adopted,
    })),
    conflicts: of('conflict').map((d) => ({ step: d.step, chart: d.chart, path: d.path, kept: shown(d.path, d.kept), replaced: shown(d.path, d.replaced), why: d.why })),
    unknownKeys: of('unknown-key').map(({ chart, path, release }) => ({ chart, path, release })),
    missingRequired: r.missingRequired,
    unmigratedFailures: r.unmigratedFailures.map(({ chart, path, message }) => ({ chart, path, message })),
    followUps,
  };
}
