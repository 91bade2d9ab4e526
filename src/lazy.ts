// Values built on their first use instead of at import: zod schemas cost start-up time (docs/benchmarks.md,
// cold start) and most runs never parse what they check.
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
