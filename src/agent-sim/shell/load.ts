// just-bash (a simulated bash over a virtual file system, never a real process) costs ~140 ms to import:
// it is loaded on a node's first shell command, never at start-up. scripts/bundle.mjs keeps this import
// out of the CLI bundle and routes it through the launcher, which can import ES modules.
export type JustBash = typeof import('just-bash');

let loading: Promise<JustBash> | undefined;

export function loadJustBash(): Promise<JustBash> {
  return (loading ??= import('just-bash'));
}
