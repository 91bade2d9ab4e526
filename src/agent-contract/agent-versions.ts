// Agent versions the emulator reports as current.

/** The newest SSM Agent release the emulator knows (IsLatestVersion compares against it; aws:updateSsmAgent installs it). */
export const LATEST_AGENT_VERSION = '3.3.1611.0';

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}
