import type { StepContext } from '../step-context.js';
import type { HoistOp } from '../types.js';

/** See `HoistOp`: children land, in order, where the hoisted map stood. */
export function applyHoist(ctx: StepContext, op: HoistOp): void {
  const from = ctx.resolve(op.from);
  const doc = ctx.docs.get(from.chart);
  if (!doc || !doc.isMap(from.path)) return;
  const parent = from.path.slice(0, -1);
  let index = doc.indexOf(from.path);
  for (const key of doc.keys(from.path)) {
    const to = { chart: from.chart, path: [...parent, key] };
    const isNew = !doc.has(to.path);
    ctx.moveValue({ chart: from.chart, path: [...from.path, key] }, to, op.why, { depth: parent.length, index });
    // Each child goes just before the hoisted map, so in the end they stand where it stood.
    if (isNew) index++;
  }
  doc.detach(from.path);
  ctx.events.push({ kind: 'moved', from, to: { chart: from.chart, path: parent } });
  ctx.report({ kind: 'applied', step: ctx.stepId, op: 'hoist', from: ctx.text(from), to: parent.length ? ctx.text({ chart: from.chart, path: parent }) : '(top level)', why: op.why });
}
