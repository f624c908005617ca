/** `helm-migrate list`: the packs, their releases, charts and steps. */
import { registry } from '../packs.js';

const { packs } = registry;
import { ExitCode } from '../exit-codes.js';
import type { CommandIO } from '../io.js';

export interface ListOptions {
  output: 'text' | 'json';
}

export function buildListing() {
  return {
    schemaVersion: 1,
    kind: 'pack-list',
    packs: packs.map((p) => ({
      name: p.name,
      title: p.title,
      releases: p.releases.map((r) => ({ id: r.id, version: r.version, tag: r.tag })),
      charts: p.charts.map((c) => ({ name: c.name, releases: c.releases, role: c.role })),
      steps: p.migrations.map((m) => ({ from: m.from, to: m.to, summary: m.summary })),
    })),
  };
}

export async function runList(opts: ListOptions, io: CommandIO): Promise<number> {
  const listing = buildListing();
  if (opts.output === 'json') {
    io.stdout.write(`${JSON.stringify(listing, null, 2)}\n`);
    return ExitCode.ok;
  }
  const out: string[] = [];
  for (const p of listing.packs) {
    out.push(`${p.title} (pack ${p.name})`);
    out.push(`  releases: ${p.releases.map((r) => r.id).join(', ')}`);
    out.push('  charts:');
    const width = Math.max(...p.charts.map((c) => c.name.length));
    for (const c of p.charts) {
      const span = c.releases.length > 1 ? `${c.releases[0]}–${c.releases[c.releases.length - 1]}` : c.releases[0];
      out.push(`    ${c.name.padEnd(width)}  ${span.padEnd(16)} ${c.role}`);
    }
    out.push('  steps:');
    for (const s of p.steps) out.push(`    ${s.from} → ${s.to}: ${s.summary}`);
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return ExitCode.ok;
}
