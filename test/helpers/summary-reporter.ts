/**
 * Ends a test run with one plain line, `tests: N passed, N failed, N skipped`, that CI systems
 * read without knowing vitest's own format; before it, how many tests ran for each pack (a test
 * counts for a pack its file path or name mentions), the wall time and the five slowest files,
 * so a suite growing slower is seen where it grows.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { packs } from '../../migrations/index.js';

export default class SummaryReporter implements Reporter {
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const perPack = new Map(packs.map((p) => [p.name, 0]));
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
        if (state !== 'passed' && state !== 'failed') continue;
        const where = `${m.relativeModuleId} ${t.fullName}`.toLowerCase();
        for (const p of packs) if (where.includes(p.name)) perPack.set(p.name, (perPack.get(p.name) ?? 0) + 1);
      }
      // A file that failed to load has no tests but is a failure.
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    const slowest = [...modules].sort((a, b) => b.diagnostic().duration - a.diagnostic().duration).slice(0, 5);
    const out = [
      `\ntests run per pack: ${[...perPack].map(([p, n]) => `${p} ${n}`).join(', ')}`,
      `wall time ${((Date.now() - this.started) / 1000).toFixed(0)} s; slowest files: ${slowest.map((m) => `${m.relativeModuleId} ${(m.diagnostic().duration / 1000).toFixed(0)} s`).join(', ')}`,
      `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  }
}
