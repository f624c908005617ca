/**
 * Values that must never be printed: issuer and webhook keys, and anything ending in `PEM`
 * (trust anchors and certificates are public, but a `*PEM` key is where people paste private
 * keys too, so all of them are treated alike). Reports, diffs, logs and plans show
 * `(redacted, N bytes)` instead.
 */
import type { Path } from './paths.js';
import { isPlainMap, type Plain } from './plain.js';

const secretKey = /(PEM|[Kk]ey[Pp][Ee][Mm]|password|passwd|secret|token|privateKey)$/;

export function isSecretPath(path: Path): boolean {
  return isSecretKey(path[path.length - 1] ?? '');
}

/** The longest text `secretKey` can match (`privateKey`, `password`): a match lies within a key's last this many characters. */
const longestSecretEnding = 10;

/** The characters `secretKey` can match last (PEM, keyPem, password, passwd, secret, token, privateKey). */
const secretLast = new Set([...'Mmdtny'].map((c) => c.charCodeAt(0)));

function isSecretKey(key: string): boolean {
  // Most keys of a large file (annotations, names) end otherwise: answered without the pattern.
  if (!secretLast.has(key.charCodeAt(key.length - 1))) return false;
  // The pattern is anchored only at the end: tried from every character of a long key
  // otherwise (annotation keys run to 60), for every leaf of a large file.
  return secretKey.test(key.length > longestSecretEnding ? key.slice(-longestSecretEnding) : key) && !/^(externalSecret|existingSecret|secretName)$/.test(key);
}

export function redactedText(value: Plain): string {
  const bytes = typeof value === 'string' ? Buffer.byteLength(value) : Buffer.byteLength(JSON.stringify(value));
  return `(redacted, ${bytes} bytes)`;
}

/** The value as it may be shown: secrets replaced by their size, recursively. */
export function redactValue(path: Path, value: Plain | undefined): Plain | undefined {
  if (value === undefined || value === null) return value;
  if (isSecretPath(path) && value !== '') return redactedText(value);
  if (isPlainMap(value)) {
    const out: { [k: string]: Plain } = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue([...path, k], v) as Plain;
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(path, v) as Plain);
  return value;
}

/** The mode for a file holding `value`: 0600 when it carries key material (else the default). */
export function privateFileMode(value: Plain | undefined): number | undefined {
  return holdsSecret(value) ? 0o600 : undefined;
}

/** Calls `found` with every secret string in a values tree (the text under a secret key, at least 8 characters); stops when it returns true. */
function eachSecret(value: Plain | undefined, found: (secret: string) => boolean | void): void {
  // Only the key a value sits under decides (isSecretPath reads the last key): no path is built,
  // which on a large file was most of the walk.
  const walk = (v: Plain | undefined, key: string): boolean => {
    if (typeof v === 'string') return isSecretKey(key) && v.trim().length >= 8 && found(v) === true;
    if (Array.isArray(v)) {
      for (const item of v) if (walk(item, key)) return true;
    } else if (isPlainMap(v)) {
      for (const k of Object.keys(v)) if (walk(v[k], k)) return true;
    }
    return false;
  };
  walk(value, '');
}

/** Whether a values tree carries any secret (see `collectSecrets`). */
export function holdsSecret(value: Plain | undefined): boolean {
  let any = false;
  eachSecret(value, () => (any = true));
  return any;
}

/** Every secret string found in a values tree, so text output can be scrubbed as a last line of defence. */
export function collectSecrets(value: Plain | undefined, out: Set<string> = new Set()): Set<string> {
  eachSecret(value, (v) => {
    out.add(v);
    for (const line of v.split('\n')) if (line.trim().length >= 16) out.add(line.trim());
  });
  return out;
}
