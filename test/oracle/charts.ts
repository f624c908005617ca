/** The real charts of a pack in ../shared, rendered with the real helm, and read as text. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePath } from '../../src/core/paths.js';
import type { PlainMap } from '../../src/core/plain.js';
import type { Leaves } from '../../src/verify/effects.js';
import { readRendered } from '../../src/verify/read-render.js';
import type { Pack } from '../../src/core/types.js';
import type { Render } from '../../src/verify/verify.js';
import { template } from '../helpers/helm-template.js';
import { chartPath } from '../helpers/shared.js';

interface TemplateFile {
  path: string;
  text: string;
}

const templateFiles = new Map<string, TemplateFile[]>();

/** The chart's template files (its subcharts' included), read once. */
function filesOf(dir: string): TemplateFile[] {
  const have = templateFiles.get(dir);
  if (have) return have;
  const out: TemplateFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|tpl|txt|json)$/.test(name) && /[/\\]templates[/\\]/.test(p)) out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  templateFiles.set(dir, out);
  return out;
}

function templatesOf(dir: string): string {
  return filesOf(dir).map((f) => f.text).join('\n');
}

/**
 * Whether any template of the chart (its subcharts included) reads a values path: `.Values.a.b`
 * for the path itself; a parent of two keys or more handed on whole (`toYaml .Values.a.b`,
 * `with`/`range`, an `include`), or tested and then read by its last key (`.b`); the path's last
 * two keys after a `with`/`range` (`.b.c`); `index .Values … "c"`. Errs towards "reads", so a
 * drop is only confirmed when the chart really has no use for the value.
 */
export function chartReads(dir: string, path: string): boolean {
  const keys = [...parsePath(path)];
  // A subchart's values live under its name; its templates read them from its own root, often
  // through the parent's shared partials.
  const sub = join(dir, 'charts', keys[0] ?? '');
  if (keys.length > 1 && existsSync(join(sub, 'Chart.yaml'))) {
    const partials = join(dir, 'charts', 'partials');
    if (readsIn(templatesOf(sub) + (existsSync(partials) ? templatesOf(partials) : ''), keys.slice(1))) return true;
  }
  return readsIn(templatesOf(dir), keys);
}

/**
 * The template files that read a values path, for sharing a render between perturbations whose
 * readers are disjoint; `undefined` where that cannot be told file by file: a read only the
 * chart's files together show, a partial (`define`: its effects land wherever it is included),
 * a dependency's condition in Chart.yaml, or no read found at all.
 */
export function templatesReading(dir: string, path: string): string[] | undefined {
  if (!chartReads(dir, path)) return undefined;
  const keys = [...parsePath(path)];
  const chartFiles = [join(dir, 'Chart.yaml'), join(dir, 'requirements.yaml')].filter((f) => existsSync(f));
  if (chartFiles.some((f) => readFileSync(f, 'utf8').includes(keys.join('.')))) return undefined;
  const readers = readersOf(dir, path);
  if (readers.length === 0 || readers.some((f) => /[/\\]_[^/\\]*$/.test(f.path) || /\{\{-?\s*define\b/.test(f.text))) return undefined;
  return readers.map((f) => f.path);
}

/** The template files (a subchart's with the path under its key) that read a path on their own. */
function readersOf(dir: string, path: string): TemplateFile[] {
  const keys = [...parsePath(path)];
  const sub = join(dir, 'charts', keys[0] ?? '');
  const candidates = [
    ...filesOf(dir).map((f) => ({ f, keys })),
    ...(keys.length > 1 && existsSync(join(sub, 'Chart.yaml')) ? filesOf(sub).map((f) => ({ f, keys: keys.slice(1) })) : []),
  ];
  return [...new Set(candidates.filter(({ f, keys: k }) => readsIn(f.text, k)).map(({ f }) => f))];
}

function readsIn(text: string, keys: string[]): boolean {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A relative read (after `with`/`range`), not the tail of another absolute path.
  const relative = (tail: string[]) => new RegExp(`(?<![\\w\\])])\\.${tail.map(esc).join('\\.')}(?![\\w])`).test(text);
  if (new RegExp(`Values\\.${keys.map(esc).join('\\.')}(?![\\w])`).test(text)) return true;
  for (let n = keys.length - 1; n >= 1; n--) {
    const parent = `Values\\.${keys.slice(0, n).map(esc).join('\\.')}(?![\\w.])`;
    if (new RegExp(`(toYaml|toJson|toPrettyJson|with|range|include\\s+"[^"]+")\\s+\\(?\\$?\\.${parent}`).test(text)) return true;
    if (n >= 2 && new RegExp(parent).test(text) && relative(keys.slice(n))) return true;
  }
  if (keys.length >= 2 && relative(keys.slice(-2))) return true;
  if (new RegExp(`index \\$?\\.Values[^}]*"${esc(keys[keys.length - 1])}"`).test(text)) return true;
  return false;
}

export type Rendered = { ok: true; leaves: Leaves } | { ok: false; error: string };

const cache = new Map<string, Promise<Rendered>>();

/** `helm template` (cached, see helm-template.ts) with values given as JSON (a YAML subset), read as leaves; a failed render is a result. */
export function renderLeaves(dir: string, values: PlainMap, namespace: string, release: string, opts: { fresh?: boolean; apiVersions?: string[] } = {}): Promise<Rendered> {
  const text = JSON.stringify(values);
  const args = (opts.apiVersions ?? []).flatMap((a) => ['--api-versions', a]);
  const key = `${dir}\0${namespace}\0${release}\0${text}\0${args.join(' ')}`;
  const hit = opts.fresh ? undefined : cache.get(key);
  if (hit) return hit;
  const p = template({ chart: dir, values: text, namespace, release, fresh: opts.fresh, args }).then((r): Rendered => {
    if (r.code !== 0) return { ok: false, error: r.stderr.trim() || `helm exited ${r.code}` };
    return { ok: true, leaves: readRendered(r.stdout) };
  });
  if (!opts.fresh) cache.set(key, p);
  return p;
}

/**
 * A `--verify` renderer over a pack's charts in ../shared (cached like every render of the suite),
 * with the API versions the pack renders with; a chart that does not render fails the call.
 */
export function packRenderer(pack: Pack): Render {
  return async ({ chart, release, values, namespace, again }) => {
    const out = await renderLeaves(chartPath(pack, release, chart), values, namespace, chart, { fresh: again, apiVersions: pack.renderApiVersions });
    if (!out.ok) throw new Error(`${chart} ${release} does not render these values: ${out.error.split('\n')[0]}`);
    return out.leaves;
  };
}
