/**
 * Reading a render one document at a time, each document's fields kept by its text, gives what
 * reading the whole stream at once gives: on every chart of every pack (default values), twice
 * over (the second time from kept documents), and with documents a chart renders twice.
 */
import { describe, expect, it } from 'vitest';
import { packs } from '../../migrations/index.js';
import { parseEmbeddedDocument, parseRendered } from '../../src/values/manifests.js';
import { flatten, type Leaves, type RenderedObject } from '../../src/verify/effects.js';
import { readRendered } from '../../src/verify/read-render.js';
import { templateSync } from '../helpers/helm-template.js';
import { ready as needs } from '../helpers/prereq.js';
import { chartPath, hasChart } from '../helpers/shared.js';

const ready = needs('shared', 'binaries');
const whole = (text: string): Leaves => flatten(parseRendered(text) as RenderedObject[], { parseEmbedded: parseEmbeddedDocument });
const plain = (l: Leaves) => [...l].map(([k, v]) => [k, [...v].sort()] as const).sort((a, b) => a[0].localeCompare(b[0]));

describe.skipIf(!ready)('reading a render document by document', () => {
  const charts = packs.flatMap((pack) => pack.charts.flatMap((c) => c.releases.filter((r) => hasChart(pack, r, c.name)).map((r) => [`${pack.name} ${c.name} ${r}`, chartPath(pack, r, c.name), pack.renderApiVersions ?? []] as const)));

  it.each(charts)('%s', (_, chart, apis) => {
    const r = templateSync({ chart, values: '{}', release: 'rel', namespace: 'ns', args: apis.flatMap((a) => ['--api-versions', a]) });
    if (r.code !== 0) return; // a chart that needs values to render is covered by its own tests
    expect(plain(readRendered(r.stdout))).toEqual(plain(whole(r.stdout)));
    expect(plain(readRendered(r.stdout))).toEqual(plain(whole(r.stdout)));
  });

  it('an object rendered twice has the fields of both, and the kept maps are not changed', () => {
    const a = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: "1"\n';
    const b = '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  y: "2"\n';
    const pod = '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: v\n      configMap:\n        name: c\n';
    expect(plain(readRendered(a + b + pod))).toEqual(plain(whole(a + b + pod)));
    // The Pod read again without the ConfigMap: its kept map has no files of the first render.
    expect(plain(readRendered(pod))).toEqual(plain(whole(pod)));
  });
});
