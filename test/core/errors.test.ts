/**
 * HelmMigrateError's instanceof: the CLI's front and engine are bundled apart, each with its own
 * copy of src/core/errors.ts, and the front's error boundary must recognise the engine's errors.
 */
import { describe, expect, it } from 'vitest';
import { HelmMigrateError, isHelmMigrateError } from '../../src/core/errors.js';

/** An error made by another copy of the module: another class, the same mark. */
async function fromAnotherCopy(): Promise<unknown> {
  const source = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../src/core/errors.ts', import.meta.url), 'utf8'));
  // The module, loaded again under another URL, is another copy with another class.
  const { transform } = await import('esbuild');
  const { code } = await transform(source, { loader: 'ts', format: 'esm' });
  const copy = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as typeof import('../../src/core/errors.js');
  expect(copy.HelmMigrateError).not.toBe(HelmMigrateError);
  return new copy.HelmMigrateError('usage', 'from the other copy');
}

describe('HelmMigrateError', () => {
  it('is recognised when made by another copy of its module', async () => {
    const err = await fromAnotherCopy();
    expect(err instanceof HelmMigrateError).toBe(true);
    expect(isHelmMigrateError(err, 'usage')).toBe(true);
    expect(err instanceof Error).toBe(true);
  });

  it('is not any other error', () => {
    expect(new Error('x') instanceof HelmMigrateError).toBe(false);
    expect(Object.assign(new Error('x'), { name: 'HelmMigrateError', code: 'usage' }) instanceof HelmMigrateError).toBe(false);
    expect((null as unknown) instanceof HelmMigrateError).toBe(false);
    expect(('HelmMigrateError' as unknown) instanceof HelmMigrateError).toBe(false);
  });

  it('keeps its mark to itself: a copy of its fields is not one', () => {
    const err = new HelmMigrateError('usage', 'm', { details: { a: 1 } });
    expect({ ...err } instanceof HelmMigrateError).toBe(false);
    expect(Object.assign({}, err) instanceof HelmMigrateError).toBe(false);
  });
});
