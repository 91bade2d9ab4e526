// AWS-ExportPatchReportToS3's ExportReportStep. AWS runs it as an aws:executeScript whose Python reads Patch
// Manager's summaries and writes .csv files to S3; the emulator runs the step here, on its own store, and
// writes the files to the local S3 layout under the data dir (commands' OutputS3 folders).
import { randomUUID } from 'node:crypto';
import { s3Url } from '../../commands/output.js';
import { parseReportTargets, patchReportFiles } from '../../patching/export-report.js';
import type { ActionRunner } from './types.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const exportPatchReport: ActionRunner = async (ctx) => {
  const payload = (ctx.inputs.InputPayload ?? {}) as Record<string, unknown>;
  const bucket = str(payload.s3BucketName);
  const targets = str(payload.targets);
  const target = parseReportTargets(targets);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    return {
      status: 'Failed',
      failure: { type: 'Verification', message: `s3BucketName ${bucket || '(empty)'} is not a bucket name.` },
    };
  if (!target)
    return {
      status: 'Failed',
      failure: {
        type: 'Verification',
        message: `targets must be instanceids=* or instanceids=<instance id>, not ${targets || '(empty)'}.`,
      },
    };
  const { store, commands, clock } = ctx.services;
  let files;
  try {
    files = patchReportFiles(store, ctx.scope, target);
  } catch (err) {
    return { status: 'Failed', failure: { type: 'Execution', message: (err as Error).message } };
  }
  // Our key layout (AWS names the outputs PatchSummary and Patches, not their keys): one folder per kind.
  const stamp = new Date(clock.nowMs()).toISOString().replace(/[:.]/g, '-');
  const name = `${target.instanceId ?? 'all-instances'}-${stamp}-${ctx.executionId || randomUUID()}.csv`;
  const out: Record<string, string> = {};
  commands.outputs.writeS3(bucket, `PatchSummary/${name}`, files.summary);
  out.PatchSummary = s3Url(ctx.scope.region, bucket, `PatchSummary/${name}`);
  if (files.patches !== undefined) {
    commands.outputs.writeS3(bucket, `Patches/${name}`, files.patches);
    out.Patches = s3Url(ctx.scope.region, bucket, `Patches/${name}`);
  }
  // No SNS here: a topic is named in the output instead of notified.
  if (str(payload.snsTopicArn)) out.SnsTopicArn = str(payload.snsTopicArn);
  return { status: 'Success', outputs: { Payload: out }, payload: { Payload: out, Nodes: files.nodes } };
};
