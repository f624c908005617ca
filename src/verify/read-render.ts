/**
 * A rendered manifest stream (`helm template`) as leaves. Most documents of a chart's render are
 * the same from one set of values to the next (a dashboard, a rule group, a CRD-sized ConfigMap),
 * and parsing YAML was most of what comparing renders cost: each document is read once, and its
 * fields kept by a digest of its text for every later render that has it.
 */
import { createHash } from 'node:crypto';
import { parseEmbeddedDocument, parseRendered } from '../values/manifests.js';
import { flattenObject, joinObjects, type Leaves, type RenderedObject } from './effects.js';

type Fields = [string, Map<string, string>] | undefined;

/** At most this many documents are remembered; then the memo starts again (a long run's renders differ). */
const LIMIT = 20_000;
const memo = new Map<string, Fields[]>();

/**
 * Where one document ends and the next begins: a `---` line at the left margin. A block scalar's
 * lines are indented under their key, so no content line of a manifest starts there.
 */
const SEPARATOR = /^---[ \t]*(?:#.*)?$/m;

export function readRendered(text: string): Leaves {
  const objects: Fields[] = [];
  for (const doc of text.split(SEPARATOR)) {
    if (doc.trim() === '') continue;
    const key = createHash('sha1').update(doc).digest('base64');
    let fields = memo.get(key);
    if (!fields) {
      // A copy of the text, so that what is kept does not hold on to the whole render.
      const own = Buffer.from(doc).toString();
      fields = (parseRendered(own) as RenderedObject[]).map((o) => flattenObject(o, { parseEmbedded: parseEmbeddedDocument }));
      if (memo.size >= LIMIT) memo.clear();
      memo.set(key, fields);
    }
    objects.push(...fields);
  }
  return joinObjects(objects);
}
