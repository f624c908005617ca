/** The human form of a `ValuesReport`, for stderr. */
import { styles } from './logger.js';
import type { ValuesReport } from './values-report.js';

const v = (x: unknown) => (typeof x === 'string' ? JSON.stringify(x) : JSON.stringify(x));

function stepRange(steps: string[]): string {
  return steps.length > 2 ? `${steps[0]}…${steps[steps.length - 1]}` : steps.join(', ');
}

/** `noChart`: what happens to values no target chart takes (a file of their own is not written). */
export function renderValuesReport(r: ValuesReport, color: boolean, verbose = true, noChart = 'nothing written'): string {
  const s = styles(color);
  const out: string[] = [];
  const n = r.steps.length;
  const from = r.fromChartVersion ? `${r.fromChartVersion} (between ${r.from} and ${r.steps[0]?.to ?? r.to})` : r.from;
  out.push(s.bold(`${r.chart} ${from} → ${r.to}`) + ` (${r.pack}, ${n} step${n === 1 ? '' : 's'})${r.changed ? '' : ': nothing to change'}`);
  for (const step of r.steps) {
    out.push(`  ${s.cyan(`${step.from} → ${step.to}`)}  ${s.dim(step.summary)}`);
    if (!verbose) continue;
    for (const op of step.operations) out.push(`    ${op.op.padEnd(8)} ${op.from}${op.to ? ` → ${op.to}` : ''}`);
    for (const d of step.dropped) {
      const label = d.severity === 'warning' ? s.yellow('dropped ') : s.dim('dropped ');
      out.push(`    ${label} ${d.chart}:${d.path}: ${d.why}`);
    }
    for (const note of step.notes) if (!note.takesEffect) out.push(`    ${note.severity === 'warning' ? s.yellow('note    ') : 'note    '} ${note.text}`);
  }
  // What runs differently with the new charts, said by the migration (and named in the render,
  // so --verify holds it to that): a section of its own, not a detail of a step.
  const takesEffect = verbose ? r.steps.flatMap((st) => st.notes.filter((x) => x.takesEffect).map((x) => ({ ...x, step: `${st.from} → ${st.to}` }))) : [];
  if (takesEffect.length) {
    out.push(s.yellow('changes in what runs, said by the migration:'));
    for (const x of takesEffect) out.push(`  [${x.step}] ${x.text}`);
  }
  if (r.conflicts.length) {
    out.push(s.yellow('conflicts (the moved value won):'));
    for (const c of r.conflicts) out.push(`  ${c.chart}:${c.path} = ${v(c.kept)} (replaced ${v(c.replaced)}) — ${c.why}`);
  }
  const kept = r.defaultsChanged.filter((d) => !d.adopted);
  const adopted = r.defaultsChanged.filter((d) => d.adopted);
  if (kept.length) {
    out.push(s.yellow('values equal to an old default that changed (kept; --adopt-new-defaults drops them):'));
    for (const d of kept) out.push(`  ${d.chart}:${d.path} = ${v(d.value)} (new default ${v(d.newDefault)}; ${d.step})`);
  }
  if (adopted.length) {
    out.push('old defaults dropped in favour of the new ones (--adopt-new-defaults):');
    for (const d of adopted) out.push(`  ${d.chart}:${d.path}: ${v(d.value)} → ${v(d.newDefault)}`);
  }
  if (r.unknownKeys.length) {
    out.push(s.yellow(`not known to the ${r.to} charts (kept; Helm ignores them):`));
    for (const u of r.unknownKeys) out.push(`  ${u.chart}:${u.path}`);
  }
  if (r.missingRequired.length) {
    out.push('required values not in the migrated files (pass them with --set-file, or add them):');
    for (const m of r.missingRequired) out.push(`  ${m.chart}:${m.path}${m.enforced ? '' : ' (not checked by the chart)'}: ${m.message}`);
  }
  if (r.unmigratedFailures.length) {
    out.push(s.dim(`without this migration, helm would refuse the ${r.to} chart: ${r.unmigratedFailures.map((f) => f.message).join('; ')}`));
  }
  if (r.followUps.length) {
    out.push(s.bold('follow-ups:'));
    for (const f of r.followUps) out.push(`  - [${stepRange(f.steps)}] ${f.text}`);
  }
  if (r.outputs.length === 0) out.push(s.yellow(`no chart takes these values at ${r.to}: ${noChart}`));
  const files = r.outputs.filter((o) => o.file);
  if (files.length) out.push(`wrote ${files.map((o) => o.file).join(', ')}`);
  return `${out.join('\n')}\n`;
}
