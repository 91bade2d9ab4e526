// The SSM guide's section 7 State Manager examples, unchanged but for --endpoint-url, with AWS CLI v1 and v2 on
// the demo fleet: 7.1's create-association (its inventory queries are phase 2) and 7.2's AWS-ConfigureAWSPackage
// by tag, which succeeds on the Production nodes, is listed, and shows Association compliance HIGH.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { AWS_CLI_ENV, AWS_CLIS, cliWorks } from '../helpers/aws-cli.js';

const run = promisify(execFile);
const CLI_TIMEOUT = 60_000;
/** Each CLI call starts a Python (v1) or bundled (v2) process: a test of ten calls takes tens of seconds. */
const TEST_TIMEOUT = 180_000;
const WEB = 'i-0123456789abcdef0';
const DB = 'i-0a1b2c3d4e5f60718';
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  await server.control('POST', '/_emulator/reset', {});
});

for (const [label, bin] of AWS_CLIS) {
  describe.skipIf(!cliWorks(bin))(`${label} (${bin}) State Manager guide examples`, () => {
    const cli = async (...args: string[]) => {
      const r = await run(bin, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], {
        env: AWS_CLI_ENV,
        timeout: CLI_TIMEOUT,
      });
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    };
    const settled = async (id: string) => {
      for (let i = 0; i < 100; i++) {
        const r = await cli('ssm', 'describe-association-executions', '--association-id', id);
        const list = r.AssociationExecutions as { Status: string; ExecutionId: string }[];
        if (list.length && list.every((e) => e.Status !== 'Pending' && e.Status !== 'InProgress'))
          return list;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('association did not settle');
    };

    it(
      '7.1: create-association AWS-GatherSoftwareInventory on every node, rate(24 hours)',
      { timeout: TEST_TIMEOUT },
      async () => {
        const r = await cli(
          'ssm',
          'create-association',
          '--name',
          'AWS-GatherSoftwareInventory',
          '--targets',
          'Key=InstanceIds,Values=*',
          '--schedule-expression',
          'rate(24 hours)',
        );
        expect(r.AssociationDescription).toMatchObject({
          Name: 'AWS-GatherSoftwareInventory',
          Targets: [{ Key: 'InstanceIds', Values: ['*'] }],
          ScheduleExpression: 'rate(24 hours)',
          Overview: { Status: 'Pending', DetailedStatus: 'Creating' },
        });
        const [exec] = await settled(r.AssociationDescription.AssociationId);
        // The demo fleet's five nodes.
        expect(exec).toMatchObject({ Status: 'Success', ResourceCountByStatus: '{Success=5}' });
      },
    );

    it(
      '7.2: AWS-ConfigureAWSPackage by tag with --compliance-severity HIGH',
      { timeout: TEST_TIMEOUT },
      async () => {
        const r = await cli(
          'ssm',
          'create-association',
          '--name',
          'AWS-ConfigureAWSPackage',
          '--targets',
          'Key=tag:Environment,Values=Production',
          '--parameters',
          '{"action":["Install"],"name":["AmazonCloudWatchAgent"]}',
          '--schedule-expression',
          'rate(30 minutes)',
          '--compliance-severity',
          'HIGH',
        );
        const id = r.AssociationDescription.AssociationId;
        const [exec] = await settled(id);
        expect(exec).toMatchObject({ Status: 'Success', ResourceCountByStatus: '{Success=2}' });
        const targets = await cli(
          'ssm',
          'describe-association-execution-targets',
          '--association-id',
          id,
          '--execution-id',
          exec.ExecutionId,
        );
        expect(targets.AssociationExecutionTargets.map((x: { ResourceId: string }) => x.ResourceId)).toEqual([
          WEB,
          DB,
        ]);

        const list = await cli('ssm', 'list-associations');
        expect(list.Associations).toHaveLength(1);
        expect(list.Associations[0]).toMatchObject({
          AssociationId: id,
          Name: 'AWS-ConfigureAWSPackage',
          ScheduleExpression: 'rate(30 minutes)',
          Overview: { Status: 'Success', AssociationStatusAggregatedCount: { Success: 2 } },
        });

        for (const node of [WEB, DB]) {
          const status = await cli('ssm', 'describe-instance-associations-status', '--instance-id', node);
          expect(status.InstanceAssociationStatusInfos[0]).toMatchObject({
            AssociationId: id,
            Status: 'Success',
          });
          const items = await cli(
            'ssm',
            'list-compliance-items',
            '--resource-ids',
            node,
            '--resource-types',
            'ManagedInstance',
            '--filters',
            'Key=ComplianceType,Values=Association',
          );
          expect(items.ComplianceItems).toEqual([
            expect.objectContaining({
              ComplianceType: 'Association',
              ResourceId: node,
              Id: id,
              Status: 'COMPLIANT',
              Severity: 'HIGH',
            }),
          ]);
        }
        const summaries = await cli('ssm', 'list-compliance-summaries');
        expect(summaries.ComplianceSummaryItems[0]).toMatchObject({
          ComplianceType: 'Association',
          CompliantSummary: { CompliantCount: 2, SeveritySummary: { HighCount: 2 } },
        });
      },
    );
  });
}
