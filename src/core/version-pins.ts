/**
 * Version pins. A values file often carries the version it was installed with
 * (`appVersion: v2.11.1`, `init.image.version: v1.4.0`), copied from the chart's
 * defaults or left by a previous tool. Carried into a newer chart, such a pin runs the old
 * images under the new templates. A pin the old release line itself shipped is therefore
 * dropped at each step; a pin the user chose (a mirrored tag) is kept, and reported once at
 * the end so the user knows the new chart's version is overridden.
 */
import { formatPath, type Path } from './paths.js';
import { getPlain, isPlainMap, type Plain, type PlainMap } from './plain.js';
import type { ChartSnapshot, Diagnostic, VersionPins } from './types.js';
import type { StepContext } from './step-context.js';

/** Whether `path` matches a pattern of `*` (one key) and `**` (any run of keys, none included). */
export function matchesPattern(path: Path, pattern: string): boolean {
  const pat = pattern.split('.');
  const go = (i: number, j: number): boolean => {
    if (j === pat.length) return i === path.length;
    if (pat[j] === '**') return go(i, j + 1) || (i < path.length && go(i + 1, j));
    return i < path.length && (pat[j] === '*' || pat[j] === path[i]) && go(i + 1, j + 1);
  };
  return go(0, 0);
}

/**
 * Whether a path is a pin path, and the last keys a pin path can end with (undefined when a
 * pattern ends in a wildcard). Every leaf of every document is looked at at every step, and a
 * large file has hundreds of thousands: a leaf whose key no pattern ends with is passed over
 * without building its path or matching it.
 */
interface PinMatcher {
  endings: Set<string> | undefined;
  matches: (path: Path) => boolean;
  /**
   * Maps that hold no text leaf under such a key, at any depth. The engine's values are copy on
   * write (a document's data never changes; an edit makes new maps along its path), so a map
   * seen once is the same map at every later step and in every document it is moved to: a bag
   * of 100,000 annotations is walked once, not at every step.
   */
  none: WeakSet<PlainMap>;
}
const pinMatchers = new WeakMap<VersionPins, PinMatcher>();
function pinMatcher(pins: VersionPins): PinMatcher {
  let m = pinMatchers.get(pins);
  if (!m) {
    const lasts = pins.paths.map((p) => p.slice(p.lastIndexOf('.') + 1));
    m = {
      endings: lasts.includes('*') || lasts.includes('**') ? undefined : new Set(lasts),
      matches: (path) => pins.paths.some((p) => matchesPattern(path, p)),
      none: new WeakSet(),
    };
    pinMatchers.set(pins, m);
  }
  return m;
}

/**
 * The text leaves at pin paths. One path is kept and copied only for a leaf that matches.
 * `values` must not change afterwards (see PinMatcher.none); `none` is for tests.
 */
export function pinPaths(pins: VersionPins, values: PlainMap, none = pinMatcher(pins).none): [Path, string][] {
  const out: [Path, string][] = [];
  const { endings, matches } = pinMatcher(pins);
  const path: string[] = [];
  /** Whether `map` holds a text leaf under a key a pin path can end with. */
  const walk = (map: PlainMap): boolean => {
    if (none.has(map)) return false;
    let holds = false;
    for (const k of Object.keys(map)) {
      const v = map[k];
      if (typeof v === 'string') {
        if (v === '' || (endings && !endings.has(k))) continue;
        holds = true;
        path.push(k);
        if (matches(path)) out.push([[...path], v]);
        path.pop();
      } else if (isPlainMap(v)) {
        path.push(k);
        if (walk(v)) holds = true;
        path.pop();
      }
    }
    if (!holds) none.add(map);
    return holds;
  };
  walk(values);
  return out;
}

/** Every tag the release shipped: its snapshot's pin-path defaults and the pack's list of patch tags. */
function shippedBy(pins: VersionPins, release: string, snaps: (ChartSnapshot | undefined)[]): (value: string) => boolean {
  const own = new Set(snaps.flatMap((s) => (s ? pinPaths(pins, s.defaults).map(([, v]) => v) : [])));
  const extra = pins.shipped(release);
  return (v) => own.has(v) || extra.some((t) => (typeof t === 'string' ? t === v : t.test(v)));
}

/** Drops, in every document of the step, the pins the step's old release shipped. */
export function dropShippedPins(ctx: StepContext, pins: VersionPins, oldSnap: ChartSnapshot | undefined, newSnap: (chart: string) => ChartSnapshot | undefined): void {
  const shipped = shippedBy(pins, ctx.fromRelease, [oldSnap]);
  for (const [chart, doc] of ctx.docs) {
    for (const [path, value] of pinPaths(pins, doc.toPlain())) {
      const newDefault = getPlain(newSnap(chart)?.defaults ?? {}, path);
      if (value === newDefault || !shipped(value)) continue;
      ctx.drop({ chart, path: [...path] }, value, `it pinned ${ctx.fromRelease}'s own version (${value}); the ${ctx.toRelease} chart uses its own${newDefault ? ` (${newDefault})` : ''}`);
    }
  }
}

/** One note per custom pin left in the outputs: the new chart's version is overridden. */
export function reportCustomPins(pins: VersionPins, outputs: { chart: string; values: PlainMap }[], step: string, newSnap: (chart: string) => ChartSnapshot | undefined): Diagnostic[] {
  return outputs.flatMap(({ chart, values }) =>
    pinPaths(pins, values).flatMap(([path, value]): Diagnostic[] => {
      const newDefault = getPlain(newSnap(chart)?.defaults ?? {}, path);
      if (value === newDefault) return [];
      const instead = typeof newDefault === 'string' && newDefault !== '' ? newDefault : 'its own release version';
      // It pins every image the chart builds from it, those of new containers too.
      return [{ kind: 'note', step, severity: 'warning', text: `${chart}:${formatPath(path)} stays pinned to ${value} (a custom version, kept); the chart would otherwise use ${instead}`, effects: [{ object: '*', field: 'image' }] }];
    }),
  );
}
