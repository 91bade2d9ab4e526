// A node's shell, made on first use: until then a node holds only this handle (an idle node costs a few
// hundred bytes; a shell with its file system about a hundred kilobytes).
import type { Sleeper } from '../clock-sleep.js';
import type { NodeIdentity, NodeProfile } from '../../agent-contract/node-model.js';
import type { NodeState } from '../node-state.js';
import { NodeShell } from './node-shell.js';
import { osTraits } from './os-traits.js';
import { nodeUsers } from './users.js';

export interface NodeShellSource {
  node: NodeIdentity & { region: string };
  profile: NodeProfile;
  state: NodeState;
  sleeper: Sleeper;
  /** When the node booted (its registration), emulator-clock milliseconds. */
  bootMs: number;
}

export class NodeShellHandle {
  private shell?: NodeShell;
  private bootMs: number;

  constructor(private readonly src: NodeShellSource) {
    this.bootMs = src.bootMs;
  }

  get(): NodeShell {
    if (!this.shell) {
      const { node, profile, state, sleeper } = this.src;
      const traits = osTraits(profile.os);
      this.shell = new NodeShell({
        node,
        profile,
        state,
        sleeper,
        traits,
        users: nodeUsers(traits, profile.facts.username),
        bootMs: () => this.bootMs,
      });
    }
    return this.shell;
  }

  /** The node came back from a reboot: uptime starts again and /tmp is empty. */
  rebooted(nowMs: number): Promise<void> {
    this.bootMs = nowMs;
    return this.shell?.rebooted() ?? Promise.resolve();
  }
}
