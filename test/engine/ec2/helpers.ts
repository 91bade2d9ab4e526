// A simulated EC2 over the demo fleet, an in-memory store and a frozen virtual clock.
import { silentLogger } from '../../../src/engine/logger.js';
import { Store } from '../../../src/store/index.js';
import { Clock } from '../../../src/engine/clock.js';
import { FleetEngine } from '../../../src/engine/fleet/fleet.js';
import { demoSeeds } from '../../../src/agent-sim/demo-fleet.js';
import { VirtualAgent } from '../../../src/agent-sim/virtual-agent.js';
import { Ec2Simulator } from '../../../src/engine/ec2/index.js';
import { Ec2Error } from '../../../src/engine/ec2/errors.js';
import type { Services } from '../../../src/services.js';
import type { ActionContext, ActionResult } from '../../../src/engine/automation/actions/types.js';
import { unusedExecution } from '../automation/fakes.js';

export const T0 = Date.parse('2026-03-01T00:00:00Z');
export const A = '000000000000';
export const R = 'us-east-1';
export const SCOPE = { account: A, region: R };
/** Demo nodes: web-prod-1 (Amazon Linux 2023), db-prod-1 (Amazon Linux 2, 200 GiB), WIN-APP-1 (Windows). */
export const WEB = 'i-0123456789abcdef0';
export const DB = 'i-0a1b2c3d4e5f60718';
export const WIN = 'i-0abcdef1234567890';

export interface Env {
  store: Store;
  clock: Clock;
  fleet: FleetEngine;
  ec2: Ec2Simulator;
  services: Services;
  call(api: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The Ec2Error a call throws (fails the test when it succeeds). */
  error(api: string, params?: Record<string, unknown>): Promise<{ code: string; message: string }>;
  dispose(): void;
}

export function newFleet(store: Store, clock: Clock): FleetEngine {
  return new FleetEngine({
    store,
    clock,
    seeds: () => demoSeeds(SCOPE),
    log: silentLogger,
    createVirtualAgent: (ctx) => new VirtualAgent(ctx, { allowHostExec: false, sandboxRoot: '/nonexistent' }),
  });
}

export function setup(): Env {
  const store = Store.open({ dataDir: '', inMemory: true });
  const clock = new Clock(() => T0);
  clock.freeze();
  const fleet = newFleet(store, clock);
  fleet.start();
  const ec2 = new Ec2Simulator({ store, clock, fleet });
  ec2.start();
  const services = { store, clock, fleet, ec2 } as unknown as Services;
  const call = (api: string, params: Record<string, unknown> = {}) => ec2.call(SCOPE, api, params);
  return {
    store,
    clock,
    fleet,
    ec2,
    services,
    call,
    async error(api, params = {}) {
      try {
        await call(api, params);
      } catch (err) {
        if (err instanceof Ec2Error) return { code: err.code, message: err.message };
        throw err;
      }
      throw new Error(`${api} succeeded`);
    },
    dispose() {
      clock.dispose();
      store.close();
    },
  };
}

export async function stateOf(env: Env, id: string): Promise<string> {
  const r = await env.call('DescribeInstances', { InstanceIds: [id] });
  return (r.Reservations as { Instances: { State: { Name: string } }[] }[])[0].Instances[0].State.Name;
}

/** Lets promise continuations run (a timer fired by the clock resumes an action a few microtasks later). */
export const flush = () => new Promise<void>((r) => setImmediate(r));

/** Advances the clock a second at a time until the action settles (or the budget runs out). */
export async function drive<T>(
  env: Env,
  work: Promise<T>,
  maxSeconds = 600,
): Promise<{ value?: T; seconds: number }> {
  let settled = false;
  let value: T | undefined;
  void work.then((v) => {
    settled = true;
    value = v;
  });
  await flush();
  let seconds = 0;
  while (!settled && seconds < maxSeconds) {
    await env.clock.advance(1);
    seconds++;
    await flush();
  }
  return { value, seconds };
}

export function actionContext(
  env: Env,
  inputs: Record<string, unknown>,
  reports: Record<string, unknown>[] = [],
): ActionContext {
  return {
    services: env.services,
    scope: SCOPE,
    callerArn: `arn:aws:iam::${A}:root`,
    executionId: '00000000-0000-4000-8000-000000000000',
    stepName: 'step',
    inputs,
    signal: new AbortController().signal,
    sleep: (ms) => new Promise<void>((resolve) => env.clock.setTimeout(ms, resolve)),
    setWaiting: () => undefined,
    report: (o) => reports.push(o),
    nextSignal: () => new Promise(() => undefined),
    execution: unusedExecution(),
  };
}

export type { ActionResult };
export type FailedResult = Exclude<ActionResult, { status: 'Success' }>;
