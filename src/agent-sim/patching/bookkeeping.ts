// What patching keeps on a node between operations (the real module's patch-states-configuration.json).

export interface PatchBookkeeping {
  /** When the node's OS image was released (InstalledTime of the packages it came with). */
  imageMs: number;
  /** KB ids / name.arch installed with NoReboot and not yet rebooted: InstalledPendingReboot. */
  pendingReboot: Set<string>;
  /** The last Install with NoReboot (LastNoRebootInstallOperationTime), until the next reboot. */
  lastNoRebootInstallMs?: number;
  /** When each package or KB was installed by a command (InstalledTime). */
  installedMs: Map<string, number>;
  /** An Install that rebooted the node: how its step ends when the agent reruns it after the reboot. */
  afterReboot: Map<string, { failed: boolean; stdout: string }>;
}

export function newPatchBookkeeping(imageMs = 0): PatchBookkeeping {
  return { imageMs, pendingReboot: new Set(), installedMs: new Map(), afterReboot: new Map() };
}
