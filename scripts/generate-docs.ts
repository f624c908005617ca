/**
 * Writes docs/migrations/<pack>.md from the pack's modules: per step, what changes (every
 * operation, from the declarations), a before/after example (the module's example, run through
 * the engine), and the follow-ups. `--check` fails when the committed file is stale; a test runs
 * the same check, so the docs cannot drift from the code.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packs } from '../migrations/index.js';
import { migrate } from '../src/core/engine.js';
import type { Migration, Operation, Pack } from '../src/core/types.js';
import { parseValues } from '../src/values/parse.js';
import { detectStyle } from '../src/values/style.js';
import { createDocFactory } from '../src/values/yaml-values.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function describeOp(op: Operation): string {
  switch (op.op) {
    case 'move':
      return `move \`${op.from}\` → \`${op.to}\``;
    case 'copy':
      return `copy \`${op.from}\` → \`${op.to}\` (when customized)`;
    case 'remove':
      return `remove \`${op.path}\`${op.only === 'old-default' ? ' (only when it is the old default)' : op.only ? ` (only when it equals ${JSON.stringify(op.only.equals)})` : ''}: ${op.why}`;
    case 'hoist':
      return `hoist every key of \`${op.from}\` to the level above`;
    case 'reshape':
      return `reshape \`${op.from}\` → \`${op.to}\` (${op.transform.describe})`;
    case 'keep-old-default':
      return `pin \`${op.path}: ${JSON.stringify(op.value)}\` unless set: ${op.why}`;
    case 'hook':
      return `\`${op.name}\`${op.why ? `: ${op.why}` : ''}`;
  }
}

function example(pack: Pack, m: Migration): string[] {
  if (!m.example) return [];
  const { values } = parseValues(m.example.values, 'example');
  const r = migrate({ pack, chart: m.example.chart, from: m.from, to: m.to, doc: values, factory: createDocFactory(detectStyle(m.example.values)), trustChart: true });
  const out = [`Before (\`${m.example.chart}\` ${m.from}):`, '', '```yaml', m.example.values.trimEnd(), '```', '', 'After:', ''];
  for (const o of r.outputs) out.push(`\`${o.chart}\`:`, '', '```yaml', String(o.doc).trimEnd(), '```', '');
  return out;
}

export function renderPackDoc(pack: Pack): string {
  const lines = [
    `# ${pack.title} migrations`,
    '',
    `Generated from \`migrations/${pack.name}/\` by \`npm run docs\`; do not edit by hand (a test fails when it is stale).`,
    '',
    `Releases: ${pack.releases.map((r) => `${r.id} (${r.tag})`).join(', ')}. Migrations run through every release in between.`,
    '',
    ...(pack.migrations.some((m) => m.charts.some((c) => c.operations.some((op) => op.since)))
      ? ['A change marked `[version]` came in that chart version. Values of a chart version between two releases start inside the step between them: the changes marked with their version or an earlier one are taken as made.', '']
      : []),
  ];
  for (const m of [...pack.migrations, ...(pack.patchMigrations ?? [])]) {
    const patch = (pack.patchMigrations ?? []).includes(m as never);
    lines.push(`## ${m.from} → ${m.to}${patch ? ' (values written for an early patch)' : ''}`, '', `${m.summary}.`, '');
    for (const step of m.charts) {
      const becomes = step.becomes ? (step.becomes.length ? ` → ${step.becomes.map((b) => `\`${b.chart}\``).join(' + ')}` : ' → (removed)') : '';
      lines.push(`### \`${step.chart}\`${becomes}${step.cluster === 'handover' ? ' (hand-over in a cluster)' : ''}`, '');
      if (step.goneWhy) lines.push(step.goneWhy, '');
      for (const op of step.operations) lines.push(`- ${op.since ? `[${op.since}] ` : ''}${describeOp(op)}`);
      if (step.operations.length) lines.push('');
    }
    if (!m.charts.length) lines.push('No value moves.', '');
    lines.push(...example(pack, m));
    if (m.followUps?.length) {
      lines.push('Follow-ups:', '');
      for (const f of m.followUps) lines.push(`- ${f.chart ? `(${f.chart}) ` : ''}${f.text}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function docPath(pack: Pack): string {
  return join(repo, 'docs', 'migrations', `${pack.name}.md`);
}

function main(): void {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const pack of packs) {
    const text = renderPackDoc(pack);
    const file = docPath(pack);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        process.stderr.write(`stale: ${file} (run npm run docs)\n`);
        stale++;
      }
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      process.stderr.write(`wrote ${file}\n`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
