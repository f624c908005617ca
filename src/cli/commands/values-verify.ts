/**
 * `values --verify`: renders both sides with the real helm and lists what did not survive.
 * Imported only when `--verify` is given, so plain `values` never loads execa.
 */
import type { MigrateResult } from '../../core/engine.js';
import { HelmMigrateError } from '../../core/errors.js';
import type { PlainMap } from '../../core/plain.js';
import type { Pack } from '../../core/types.js';
import { helmAdapter } from '../../helm/cli.js';
import { helmRenderer } from '../../verify/helm-render.js';
import { verifyMigration, type VerifyReport } from '../../verify/verify.js';
import type { CommandIO } from '../io.js';

export async function verifyValues(pack: Pack, result: MigrateResult, sourceValues: PlainMap, chartsDir: string | undefined, io: CommandIO): Promise<VerifyReport> {
  if (result.within) {
    throw new HelmMigrateError('usage', `--verify renders your values with their own chart, and helm-migrate has no chart of ${result.chart} ${result.within} (it lies between ${result.from.id} and ${result.steps[0]?.to}): migrate without --verify, or render the result yourself`);
  }
  const helm = helmAdapter({ env: io.env });
  io.log.info(`verifying: rendering ${result.chart} ${result.from.id} and ${result.outputs.map((o) => o.chart).join(', ')} ${result.to.id} with ${helm.bin}`);
  return verifyMigration({
    pack,
    chart: result.chart,
    from: result.from.id,
    to: result.to.id,
    sourceValues,
    outputs: result.outputs.map((o) => ({ chart: o.chart, values: o.doc.toPlain() })),
    diagnostics: result.diagnostics,
    render: helmRenderer(helm, pack, chartsDir),
  });
}

/**
 * The verification as text a reviewer can paste into a pull request: one line per lost
 * customization, `object field: before → after`, grouped under the reported drop that explains it;
 * then what the migrated values add, grouped under the note that says it.
 */
export function renderVerifyReport(r: VerifyReport): string {
  const targets = [...new Set(r.targets.map((t) => t.chart))].join(', ');
  const release = r.targets[0]?.release ?? '';
  const lines = [`Verified on the rendered charts: ${r.source.chart} ${r.source.release} with your values, ${targets} ${release} with the migrated values.`];
  const section = (title: string, ls: { object: string; field: string; before: string; after: string }[]) => {
    if (ls.length) lines.push('', title, ...ls.map((l) => `  ${line(l)}`));
  };
  if (r.lost.length === 0) lines.push(`All ${r.checked} customizations are in force after the migration.`);
  else lines.push(`${r.lost.length} of ${r.checked} customizations are not in force after the migration:`);
  section('Not reported by the migration:', r.lost.filter((l) => !l.reported && l.field));
  section('Objects your values created or removed that the target charts render otherwise:', r.lost.filter((l) => !l.reported && !l.field));
  const byDrop = new Map<string, VerifyReport['lost']>();
  for (const l of r.lost) {
    if (!l.reported) continue;
    const key = `${l.reported.path}: ${l.reported.why}`;
    byDrop.set(key, [...(byDrop.get(key) ?? []), l]);
  }
  for (const [drop, ls] of byDrop) section(`Dropped on purpose (${drop}):`, ls);
  const unsaid = r.added.filter((a) => !a.said);
  if (unsaid.length) {
    lines.push('', `${unsaid.length} setting${unsaid.length === 1 ? '' : 's'} the migrated values add, which your values did not do before (target default → migrated):`);
    section('Not said by the migration:', unsaid);
  } else if (r.added.length === 0) lines.push('', 'The migrated values add nothing your values did not do before.');
  const bySaid = new Map<string, VerifyReport['added']>();
  for (const a of r.added) if (a.said) bySaid.set(a.said, [...(bySaid.get(a.said) ?? []), a]);
  for (const [said, as] of bySaid) section(`Starts to take effect, as the migration says (${said}):`, as);
  return `${lines.join('\n')}\n`;
}

function line(l: { object: string; field: string; before: string; after: string }): string {
  return l.field ? `${l.object} ${l.field}: ${l.before} → ${l.after}` : `${l.object}: ${l.before} → ${l.after}`;
}
