// Guide 2.4's intent with what AWS really offers: the AWS-ExportPatchReportToS3 runbook writes the patch
// compliance report as .csv files with AWS's columns to an S3 bucket (the local S3 layout under the data dir).
import { readFileSync } from 'node:fs';
import {
  GetAutomationExecutionCommand,
  StartAutomationExecutionCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { DB, DEV, RHEL, WEB, WIN, freshAtNow, runPatchBaseline, waitInvocation } from './helpers.js';

let server: TestServer;
let ssm: SSMClient;
const NODES = [WEB, DB, DEV, RHEL, WIN];

beforeAll(async () => {
  server = await startServer();
  ssm = server.client();
  await freshAtNow(server);
  const id = await runPatchBaseline(ssm, NODES, { Operation: ['Scan'] });
  for (const n of NODES) await waitInvocation(server, ssm, id, n);
});
afterAll(() => server.close());

async function exportReport(targets: string) {
  const { AutomationExecutionId } = await ssm.send(
    new StartAutomationExecutionCommand({
      DocumentName: 'AWS-ExportPatchReportToS3',
      Parameters: { s3BucketName: ['my-patch-reports'], targets: [targets] },
    }),
  );
  for (let i = 0; i < 200; i++) {
    const { AutomationExecution: e } = await ssm.send(
      new GetAutomationExecutionCommand({ AutomationExecutionId }),
    );
    if (!['Pending', 'InProgress'].includes(e!.AutomationExecutionStatus!)) return e!;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the export did not end');
}

/** The file an s3.<region>.amazonaws.com/<bucket>/<key> URL names, in the local S3 layout. */
const read = (url: string) => {
  const [, bucket, key] = /^https:\/\/s3\.[a-z0-9-]+\.amazonaws\.com\/([^/]+)\/(.+)$/.exec(url)!;
  return readFileSync(server.emulator.services.commands.outputs.s3Path(bucket, key), 'utf8');
};
const rows = (text: string) =>
  text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));

describe('AWS-ExportPatchReportToS3', () => {
  it("instanceids=*: one summary row per node that reported, with AWS's columns", async () => {
    const e = await exportReport('instanceids=*');
    expect(e.AutomationExecutionStatus).toBe('Success');
    const url = e.Outputs!['ExportReportStep.PatchSummary'][0];
    expect(url).toMatch(
      /^https:\/\/s3\.us-east-1\.amazonaws\.com\/my-patch-reports\/PatchSummary\/all-instances-/,
    );
    const [header, ...body] = rows(read(url));
    expect(header.slice(0, 11)).toEqual([
      'Index',
      'Instance ID',
      'Instance name',
      'Instance IP',
      'Platform name',
      'Platform version',
      'SSM Agent version',
      'Patch baseline',
      'Patch group',
      'Compliance status',
      'Compliance severity',
    ]);
    expect(header[11]).toBe('Noncompliant Critical severity patch count');
    expect(body.map((r) => r[1]).sort()).toEqual([...NODES].sort());
    const web = body.find((r) => r[1] === WEB)!;
    expect(web.slice(2, 7)).toEqual(['web-prod-1', '10.0.1.10', 'Amazon Linux', '2023', '3.3.1142.0']);
    expect(web[7]).toMatch(/^arn:aws:ssm:us-east-1:075727635805:patchbaseline\/pb-/);
    expect(web[9]).toBe('NON_COMPLIANT');
  });

  it("instanceids=<id>: the node's summary and its non-compliant patches", async () => {
    const e = await exportReport(`instanceids=${WEB}`);
    expect(e.AutomationExecutionStatus).toBe('Success');
    const steps = e.StepExecutions!;
    const payload = steps[0].Outputs!.Payload[0];
    const { PatchSummary, Patches } = JSON.parse(payload);
    expect(rows(read(PatchSummary))).toHaveLength(2);
    const [header, ...body] = rows(read(Patches));
    expect(header.slice(0, 7)).toEqual([
      'Index',
      'Instance ID',
      'Instance name',
      'Patch name',
      'KB ID/Patch ID',
      'Patch state',
      'Last report time',
    ]);
    expect(body.length).toBeGreaterThan(0);
    for (const r of body) expect(r[5]).toBe('Missing');
  });

  it("bad targets fail the step with the runbook's message; a node without data too", async () => {
    const bad = await exportReport('instance=*');
    expect(bad.AutomationExecutionStatus).toBe('Failed');
    expect(bad.FailureMessage).toContain('targets must be instanceids=* or instanceids=<instance id>');
  });
});
