// The guide's 11.3 (Patch Manager troubleshooting) with the AWS CLI v1 and v2: describe-instance-patch-states
// for a node AWS-RunPatchBaseline scanned, word for word (`--instance-id` is the CLIs' abbreviation of
// `--instance-ids`), and describe-instance-patches for its missing patches; and 2.4's intent (a .csv
// compliance report in S3) with the runbook AWS offers for it, AWS-ExportPatchReportToS3.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI_ENV, AWS_CLIS, cliWorks } from '../helpers/aws-cli.js';
import { startServer, type TestServer } from '../helpers/server.js';
import {
  GROUP,
  NOW,
  WEB,
  freshAtNow,
  guideBaseline,
  registerForGroup,
  runPatchBaseline,
  tagPatchGroup,
  waitInvocation,
} from './helpers.js';

const run = promisify(execFile);

let server: TestServer;
let ssm: SSMClient;
let baselineId: string;

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
  await freshAtNow(server);
  await tagPatchGroup(server, ssm, WEB);
  baselineId = await guideBaseline(ssm);
  await registerForGroup(ssm, baselineId);
  await waitInvocation(server, ssm, await runPatchBaseline(ssm, [WEB], { Operation: ['Scan'] }), WEB);
});
afterAll(() => server.close());

for (const [label, bin] of AWS_CLIS) {
  describe.skipIf(!cliWorks(bin))(`${label} (${bin}) guide 11.3`, { timeout: 60_000 }, () => {
    const cli = async (...args: string[]) =>
      JSON.parse(
        (
          await run(bin, ['--endpoint-url', server.endpoint, '--output', 'json', ...args], {
            env: AWS_CLI_ENV,
            timeout: 60_000,
          })
        ).stdout,
      );

    it('describe-instance-patch-states --instance-id i-0123456789abcdef0', async () => {
      const out = await cli('ssm', 'describe-instance-patch-states', '--instance-id', WEB);
      expect(out.InstancePatchStates).toHaveLength(1);
      const s = out.InstancePatchStates[0];
      expect(s).toMatchObject({
        InstanceId: WEB,
        PatchGroup: GROUP,
        BaselineId: baselineId,
        Operation: 'Scan',
      });
      expect(s.MissingCount).toBeGreaterThan(0);
      // v1 prints the wire's epoch seconds, v2 an ISO date: both the scan's moment on the emulator clock.
      const end = typeof s.OperationEndTime === 'number' ? s.OperationEndTime * 1000 : s.OperationEndTime;
      expect(new Date(end).toISOString()).toBe(new Date(NOW).toISOString());
    });

    it("start-automation-execution AWS-ExportPatchReportToS3 (guide 2.4's report, in the local S3 layout)", async () => {
      const { AutomationExecutionId } = await cli(
        'ssm',
        'start-automation-execution',
        '--document-name',
        'AWS-ExportPatchReportToS3',
        '--parameters',
        's3BucketName=my-patch-reports,targets=instanceids=*',
      );
      let e;
      for (let i = 0; i < 100; i++) {
        e = (await cli('ssm', 'get-automation-execution', '--automation-execution-id', AutomationExecutionId))
          .AutomationExecution;
        if (e.AutomationExecutionStatus !== 'InProgress' && e.AutomationExecutionStatus !== 'Pending') break;
      }
      expect(e.AutomationExecutionStatus).toBe('Success');
      const url: string = e.Outputs['ExportReportStep.PatchSummary'][0];
      const key = url.replace(/^https:\/\/s3\.us-east-1\.amazonaws\.com\/my-patch-reports\//, '');
      const csv = readFileSync(
        server.emulator.services.commands.outputs.s3Path('my-patch-reports', key),
        'utf8',
      );
      expect(csv).toContain(`1,${WEB},web-prod-1,10.0.1.10,Amazon Linux,2023,`);
    });

    it('describe-instance-patches --filters Key=State,Values=Missing', async () => {
      const out = await cli(
        'ssm',
        'describe-instance-patches',
        '--instance-id',
        WEB,
        '--filters',
        'Key=State,Values=Missing',
      );
      expect(out.Patches.length).toBeGreaterThan(0);
      for (const p of out.Patches) expect(p).toMatchObject({ Classification: 'Security', State: 'Missing' });
    });
  });
}
