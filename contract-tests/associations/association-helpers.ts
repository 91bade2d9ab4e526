// What every State Manager contract test needs: a server and its SDK client, a reset before each test, and
// waiting for an association's executions to end.
import {
  DescribeAssociationCommand,
  DescribeAssociationExecutionsCommand,
  type AssociationExecution,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';

export const WEB = 'i-0123456789abcdef0';
export const DB = 'i-0a1b2c3d4e5f60718';

export interface AssociationSuite {
  server: TestServer;
  ssm: SSMClient;
}

/** Registers the hooks; the returned object is filled before the first test runs. */
export function associationSuite(clock: 'real' | 'freeze' = 'real'): AssociationSuite {
  const suite = {} as AssociationSuite;
  beforeAll(async () => {
    suite.server = await startServer();
    suite.ssm = suite.server.client();
  });
  afterAll(() => suite.server.close());
  beforeEach(async () => {
    await suite.server.control('POST', '/_emulator/reset', {});
    await suite.server.control(
      'POST',
      '/_emulator/clock',
      clock === 'real' ? { real: true } : { freeze: true },
    );
  });
  return suite;
}

/** Polls until the association has `count` executions, none Pending or InProgress; returns them newest first. */
export async function settledExecutions(
  ssm: SSMClient,
  associationId: string,
  count = 1,
): Promise<AssociationExecution[]> {
  for (let i = 0; i < 200; i++) {
    const r = await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: associationId }));
    const list = r.AssociationExecutions ?? [];
    if (list.length >= count && list.every((e) => e.Status !== 'Pending' && e.Status !== 'InProgress'))
      return list;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`association ${associationId} did not settle with ${count} executions`);
}

export async function describe(ssm: SSMClient, associationId: string) {
  return (await ssm.send(new DescribeAssociationCommand({ AssociationId: associationId })))
    .AssociationDescription!;
}
