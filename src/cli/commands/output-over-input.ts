/**
 * An output that would replace the input file is refused unless `--in-place` asks for it:
 * `--out-dir .` in the input's folder writes `<chart>.values.yaml`, often the input's own name,
 * and `-o` can name the input under another spelling or through a link.
 */
import { HelmMigrateError } from '../../core/errors.js';
import { sameFile } from '../../io/files.js';

export function refuseReplacingInput(outputs: string[], input: string, opts: { file: string; inPlace?: boolean; outDir?: string; output?: string }): void {
  if (opts.inPlace || opts.file === '-' || !outputs.some((p) => sameFile(p, input))) return;
  const sink = opts.outDir !== undefined ? `--out-dir ${opts.outDir}` : `-o ${opts.output}`;
  throw new HelmMigrateError('usage', `${sink} would replace the input ${opts.file} with its migrated values: use --in-place to rewrite it, or -o FILE (or another --out-dir) to keep it; nothing was written`);
}
