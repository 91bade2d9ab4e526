// The pure parts of patching on nodes: S3 locations as the documents take them, the report's targets and CSV
// quoting, the Patch compliance items of a report, and the steps the engine rewrites for the agent.
import { describe, expect, it } from 'vitest';
import { s3Location } from '../../../src/engine/commands/output.js';
import { parseReportTargets } from '../../../src/engine/patching/export-report.js';
import { patchComplianceWrite } from '../../../src/engine/patching/compliance-items.js';
import { PATCH_DOCUMENTS, patchPluginSteps } from '../../../src/engine/patching/patch-job.js';
import type { PatchReport } from '../../../src/agent-contract/patching.js';

describe('s3Location', () => {
  it('reads s3:// and the https forms AWS documents, and nothing else', () => {
    expect(s3Location('s3://bucket/dir/list.yaml')).toEqual({ bucket: 'bucket', key: 'dir/list.yaml' });
    expect(s3Location('https://s3.amazonaws.com/bucket/list.yaml')).toEqual({
      bucket: 'bucket',
      key: 'list.yaml',
    });
    expect(s3Location('https://s3.eu-west-1.amazonaws.com/b/k/x.json')).toEqual({
      bucket: 'b',
      key: 'k/x.json',
    });
    expect(s3Location('https://s3.dualstack.us-east-1.amazonaws.com/b/x')).toEqual({ bucket: 'b', key: 'x' });
    expect(s3Location('https://s3-us-west-2.amazonaws.com/b/x')).toEqual({ bucket: 'b', key: 'x' });
    expect(s3Location('https://my-bucket.s3.us-east-1.amazonaws.com/a/b.yaml')).toEqual({
      bucket: 'my-bucket',
      key: 'a/b.yaml',
    });
    expect(s3Location('https://example.com/list.yaml')).toBeUndefined();
    expect(s3Location('http://s3.amazonaws.com/bucket/list.yaml')).toBeUndefined();
    expect(s3Location('s3://bucket-only')).toBeUndefined();
  });
});

describe('parseReportTargets', () => {
  it('takes instanceids=* and instanceids=<id> only', () => {
    expect(parseReportTargets('instanceids=*')).toEqual({});
    expect(parseReportTargets('InstanceIds=i-0123456789abcdef0')).toEqual({
      instanceId: 'i-0123456789abcdef0',
    });
    expect(parseReportTargets('instanceids=mi-0123456789abcdef0')).toEqual({
      instanceId: 'mi-0123456789abcdef0',
    });
    expect(parseReportTargets('instanceids=web-1')).toBeUndefined();
    expect(parseReportTargets('*')).toBeUndefined();
  });
});

describe('patchComplianceWrite', () => {
  const report = (states: string[]): PatchReport =>
    ({
      type: 'patch-report',
      instanceId: 'i-0123456789abcdef0',
      commandId: 'c-1',
      executionType: 'Command',
      operation: 'Scan',
      snapshotId: 's',
      baselineId: 'pb-0123456789abcdef0',
      patchGroup: 'web',
      startMs: 1_000,
      endMs: 2_000,
      counts: {} as PatchReport['counts'],
      patches: states.map((state, i) => ({
        title: `p${i}`,
        kbId: `k${i}`,
        classification: 'Security',
        severity: 'Important',
        state,
        installedMs: state === 'Installed' ? 1_500_000 : 0,
        cveIds: [],
        complianceLevel: i === 1 ? 'CRITICAL' : 'HIGH',
        security: true,
      })),
    }) as PatchReport;
  const from = { account: '000000000000', region: 'us-east-1', instanceId: 'i-0123456789abcdef0' };

  it('one item per patch but NotApplicable; missing, failed, rejected and pending reboot are non-compliant', () => {
    const w = patchComplianceWrite(
      from,
      report(['Installed', 'Missing', 'NotApplicable', 'InstalledPendingReboot', 'InstalledOther']),
    );
    expect(w.complianceType).toBe('Patch');
    expect(w.items.map((i) => [i.Id, i.Status, i.Severity])).toEqual([
      ['k0', 'COMPLIANT', 'HIGH'],
      ['k1', 'NON_COMPLIANT', 'CRITICAL'],
      ['k3', 'NON_COMPLIANT', 'HIGH'],
      ['k4', 'COMPLIANT', 'HIGH'],
    ]);
    expect(w.items[0].Details).toEqual({
      Classification: 'Security',
      PatchSeverity: 'Important',
      PatchState: 'Installed',
      PatchBaselineId: 'pb-0123456789abcdef0',
      PatchGroup: 'web',
      InstalledTime: '1500',
    });
    expect(w.execution).toEqual({ executionMs: 2_000, executionId: 'c-1', executionType: 'Command' });
    // The event's severity: the highest level among the non-compliant patches.
    expect(w.opts?.eventDetail).toEqual({
      'patch-baseline-id': 'pb-0123456789abcdef0',
      severity: 'critical',
    });
  });
});

describe('patchPluginSteps', () => {
  const step = (name: string, plugin = 'aws:runShellScript') => ({
    plugin,
    name,
    inputs: { runCommand: ['x'] },
  });

  it('the platform steps of AWS-RunPatchBaseline become the agent plugin with the parameters', () => {
    expect(PATCH_DOCUMENTS.has('AWS-RunPatchBaseline')).toBe(true);
    const out = patchPluginSteps('AWS-RunPatchBaseline', [step('PatchLinux'), step('Other')], {
      Operation: 'Install',
      RebootOption: 'NoReboot',
      SnapshotId: '',
    });
    expect(out[0]).toEqual({
      plugin: 'aws:runPatchBaseline',
      name: 'PatchLinux',
      inputs: { Operation: 'Install', RebootOption: 'NoReboot', SnapshotId: '' },
    });
    expect(out[1]).toEqual(step('Other'));
  });

  it("AWS-RunPatchBaselineWithHooks fixes each patching step's operation", () => {
    const out = patchPluginSteps(
      'AWS-RunPatchBaselineWithHooks',
      [
        step('InitialScan', 'aws:runDocument'),
        step('InstallWithNoReboot', 'aws:runDocument'),
        step('PreInstallHook', 'aws:runDocument'),
      ],
      { Operation: 'Install', RebootOption: 'RebootIfNeeded' },
    );
    expect(out.map((s) => [s.plugin, s.inputs.Operation, s.inputs.RebootOption])).toEqual([
      ['aws:runPatchBaseline', 'Scan', 'RebootIfNeeded'],
      ['aws:runPatchBaseline', 'Install', 'NoReboot'],
      ['aws:runDocument', undefined, undefined],
    ]);
  });
});
