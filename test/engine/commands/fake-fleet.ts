// A fleet of fake nodes for the Run Command engine: each delivery waits until the test answers it.
import type { StoredNode } from '../../../src/store/repositories/nodes.js';
import type { NodeRef, ResultMessage } from '../../../src/engine/fleet/fleet.js';
import type { CommandFleet } from '../../../src/engine/commands/run.js';

export interface Delivery {
  instanceId: string;
  commandId: string;
  /** The agent's result: every plugin with the same status and exit code. */
  answer(status: ResultMessage['status'], exitCode?: number, stdout?: string): void;
}

export class FakeFleet implements CommandFleet {
  readonly nodes = new Map<string, StoredNode>();
  /** Nodes whose agent is not connected: deliveries to them fail (the command stays Delayed). */
  readonly unreachable = new Set<string>();
  readonly offline = new Set<string>();
  readonly deliveries: Delivery[] = [];
  readonly cancelled: string[] = [];

  add(instanceId: string, platformType = 'Linux'): void {
    this.nodes.set(instanceId, {
      account: '000000000000',
      region: 'us-east-1',
      instanceId,
      resourceType: 'EC2Instance',
      name: `name-${instanceId}`,
      computerName: instanceId,
      ipAddress: '10.0.0.1',
      platformType,
      platformName: 'Amazon Linux',
      platformVersion: '2023',
      agentVersion: '3.3.0.0',
      registrationMs: 0,
      source: 'test',
      agentKind: 'virtual',
      agentConnected: true,
      lastPingMs: 0,
      profileId: 'p',
      faults: {},
    });
  }

  node(ref: NodeRef): StoredNode | undefined {
    return this.nodes.get(ref.instanceId);
  }

  pingStatus(node: StoredNode): 'Online' | 'ConnectionLost' | 'Inactive' {
    return this.offline.has(node.instanceId) ? 'ConnectionLost' : 'Online';
  }

  runCommand(
    ref: NodeRef,
    command: { commandId: string; steps: { name: string; plugin: string }[] },
  ): Promise<ResultMessage> | undefined {
    if (this.unreachable.has(ref.instanceId)) return undefined;
    return new Promise((resolve) => {
      this.deliveries.push({
        instanceId: ref.instanceId,
        commandId: command.commandId,
        answer: (status, exitCode = status === 'Success' ? 0 : 1, stdout = '') =>
          resolve({
            type: 'result',
            commandId: command.commandId,
            status,
            plugins: command.steps.map((s) => ({
              name: s.name,
              plugin: s.plugin,
              status,
              exitCode,
              stdout,
              stderr: '',
              startMs: 0,
              endMs: 0,
            })),
          }),
      });
    });
  }

  cancelCommand(ref: NodeRef, commandId: string): boolean {
    this.cancelled.push(`${ref.instanceId}/${commandId}`);
    return true;
  }
}
