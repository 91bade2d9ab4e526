// The fleet engine: starting nodes land in the store, ping status follows the emulator clock, agents are routed.
import { silentLogger } from '../../../src/engine/logger.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/store/index.js';
import { Clock } from '../../../src/engine/clock.js';
import { FleetEngine, RegistrationError } from '../../../src/engine/fleet/fleet.js';
import {
  CONNECTION_LOST_AFTER_MS,
  HEARTBEAT_INTERVAL_MS,
  lastPingOf,
} from '../../../src/engine/fleet/ping-status.js';
import { demoSeeds } from '../../../src/agent-sim/demo-fleet.js';
import { VirtualAgent } from '../../../src/agent-sim/virtual-agent.js';
import type { AgentLink, EngineToAgent } from '../../../src/agent-contract/protocol.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const A = '000000000000';
const R = 'us-east-1';
const WEB = { account: A, region: R, instanceId: 'i-0123456789abcdef0' };
const open: { store: Store; clock: Clock }[] = [];

function setup() {
  const store = Store.open({ dataDir: '', inMemory: true });
  const clock = new Clock(() => T0);
  clock.freeze();
  const fleet = new FleetEngine({
    store,
    clock,
    seeds: () => demoSeeds({ account: A, region: R }),
    log: silentLogger,
    createVirtualAgent: (ctx) => new VirtualAgent(ctx, { allowHostExec: false, sandboxRoot: '/nonexistent' }),
  });
  fleet.start();
  open.push({ store, clock });
  return { store, clock, fleet };
}

const q = (nowMs: number, ping: string) => ({
  conditions: [{ column: 'ping' as const, op: 'in' as const, values: [ping] }],
  nowMs,
  lostAfterMs: CONNECTION_LOST_AFTER_MS,
});

afterEach(() => {
  for (const o of open.splice(0)) {
    o.clock.dispose();
    o.store.close();
  }
});

describe('starting nodes', () => {
  it('loads the demo fleet with tags, all Online', () => {
    const { store, fleet } = setup();
    const page = store.nodes.list(A, R, q(T0, 'Online'), 50);
    expect(page.items.map((n) => n.instanceId)).toEqual([
      'i-0123456789abcdef0',
      'i-0123456789abcdef1',
      'i-0a1b2c3d4e5f60718',
      'i-0abcdef1234567890',
      'i-0fedcba9876543210',
    ]);
    expect(store.nodes.tags.get(A, R, WEB.instanceId)).toEqual({
      Environment: 'Production',
      Name: 'web-prod-1',
      Role: 'WebServer',
    });
    expect(fleet.profile(fleet.node(WEB)!)?.facts.ports).toEqual([22, 80, 443]);
  });

  it('restore brings reset nodes back', () => {
    const { store, fleet } = setup();
    store.reset({ account: A });
    expect(fleet.node(WEB)).toBeUndefined();
    expect(fleet.reset({ account: A })).toBe(5);
    expect(fleet.node(WEB)?.platformName).toBe('Amazon Linux');
  });
});

describe('ping status on the emulator clock', () => {
  it('a stopped agent stays Online for the interval, then turns ConnectionLost', async () => {
    const { store, clock, fleet } = setup();
    await clock.advance(3600);
    fleet.setOnline(WEB, false);
    const stoppedAt = clock.nowMs();
    await clock.advance(CONNECTION_LOST_AFTER_MS / 1000);
    expect(fleet.pingStatus(fleet.node(WEB)!)).toBe('Online');
    await clock.advance(1);
    expect(fleet.pingStatus(fleet.node(WEB)!)).toBe('ConnectionLost');
    expect(fleet.node(WEB)!.lastPingMs).toBe(stoppedAt);
    // the SQL filter agrees with the computed status
    expect(
      store.nodes.list(A, R, q(clock.nowMs(), 'ConnectionLost'), 50).items.map((n) => n.instanceId),
    ).toEqual([WEB.instanceId]);
    fleet.setOnline(WEB, true);
    expect(fleet.pingStatus(fleet.node(WEB)!)).toBe('Online');
  });

  it('an online agent reports its last 5-minute heartbeat as LastPingDateTime', async () => {
    const { clock, fleet } = setup();
    await clock.advance(HEARTBEAT_INTERVAL_MS / 1000 + 42);
    expect(lastPingOf(fleet.node(WEB)!, clock.nowMs())).toBe(T0 + HEARTBEAT_INTERVAL_MS);
  });

  it('a heartbeat carrying facts updates the node (agent update)', () => {
    const { fleet } = setup();
    fleet.receive(WEB, {
      type: 'heartbeat',
      instanceId: WEB.instanceId,
      facts: { agentVersion: '3.3.1611.0' },
    });
    expect(fleet.node(WEB)!.agentVersion).toBe('3.3.1611.0');
  });
});

describe('hybrid registration', () => {
  function link(): AgentLink & { got: EngineToAgent[] } {
    const got: EngineToAgent[] = [];
    return { got, send: (m) => got.push(m), close: () => undefined };
  }
  const facts = {
    computerName: 'laptop',
    ipAddress: '192.168.1.5',
    platformType: 'Linux' as const,
    platformName: 'Ubuntu',
    platformVersion: '24.04',
    agentVersion: '3.3.1142.0',
  };
  function activation(store: Store, over: Partial<Parameters<Store['nodes']['activations']['put']>[0]> = {}) {
    store.nodes.activations.put({
      account: '111122223333',
      region: R,
      activationId: '11111111-2222-3333-4444-555555555555',
      activationCode: 'QC2CV0/lRfn+LTqf23Bf',
      iamRole: 'SSMServiceRole',
      defaultInstanceName: 'lab',
      registrationLimit: 1,
      registrationsCount: 0,
      expirationMs: T0 + 3600_000,
      createdMs: T0,
      tags: [{ Key: 'Site', Value: 'Lab' }],
      ...over,
    });
  }
  const reg = {
    activationId: '11111111-2222-3333-4444-555555555555',
    activationCode: 'QC2CV0/lRfn+LTqf23Bf',
    region: R,
    facts,
  };

  it('registers an mi- node in the activation account with its tags, role and name', () => {
    const { store, fleet } = setup();
    activation(store);
    const l = link();
    const { ref } = fleet.register(reg, l);
    expect(ref.instanceId).toMatch(/^mi-[0-9a-f]{17}$/);
    expect(ref.account).toBe('111122223333');
    const node = fleet.node(ref)!;
    expect(node).toMatchObject({
      resourceType: 'ManagedInstance',
      name: 'lab',
      iamRole: 'SSMServiceRole',
      agentKind: 'standalone',
      computerName: 'laptop',
    });
    expect(store.nodes.tags.get(ref.account, R, ref.instanceId)).toEqual({ Site: 'Lab' });
    expect(store.nodes.activations.get('111122223333', R, reg.activationId)!.registrationsCount).toBe(1);
    expect(fleet.send(ref, { type: 'cancel-command', commandId: 'x' })).toBe(true);
    expect(l.got).toEqual([{ type: 'cancel-command', commandId: 'x' }]);
  });

  it('refuses a wrong code, an expired activation and a used-up limit with the agent errors', async () => {
    const { store, clock, fleet } = setup();
    activation(store);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as RegistrationError).code;
      }
      return 'none';
    };
    expect(code(() => fleet.register({ ...reg, activationCode: 'wrong-code-000000000' }, link()))).toBe(
      'InvalidActivation',
    );
    fleet.register(reg, link());
    expect(code(() => fleet.register(reg, link()))).toBe('RegistrationLimitExceeded');
    await clock.advance(3600);
    expect(code(() => fleet.register(reg, link()))).toBe('ActivationExpired');
  });

  it('a disconnected standalone agent turns ConnectionLost after the interval', async () => {
    const { store, clock, fleet } = setup();
    activation(store);
    const l = link();
    const { ref } = fleet.register(reg, l);
    await clock.advance(3600);
    expect(fleet.pingStatus(fleet.node(ref)!)).toBe('Online');
    fleet.disconnected(ref, l);
    expect(fleet.isReachable(ref)).toBe(false);
    await clock.advance(CONNECTION_LOST_AFTER_MS / 1000 + 1);
    expect(fleet.pingStatus(fleet.node(ref)!)).toBe('ConnectionLost');
  });
});

describe('delivery to virtual nodes', () => {
  it('runCommand resolves with the agent result; offline nodes are not reachable', async () => {
    const { fleet } = setup();
    const progress: string[] = [];
    const result = await fleet.runCommand(
      WEB,
      {
        commandId: 'c1',
        documentName: 'AWS-RunShellScript',
        steps: [
          { plugin: 'aws:runShellScript', name: 'aws:runShellScript', inputs: { runCommand: ['hostname'] } },
        ],
      },
      { onProgress: (p) => progress.push(p.stdout) },
    );
    expect(result?.status).toBe('Success');
    expect(result?.plugins[0].stdout).toBe('web-prod-1\n');
    expect(progress).toEqual(['web-prod-1\n']);
    fleet.setOnline(WEB, false);
    expect(fleet.runCommand(WEB, { commandId: 'c2', documentName: 'd', steps: [] })).toBeUndefined();
  });
});
