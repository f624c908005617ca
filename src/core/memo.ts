/** `fn` run once per distinct string argument (a fleet repeats the same chart, values and manifests). */
export function memo<T>(fn: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, fn(key));
    return seen.get(key)!;
  };
}
