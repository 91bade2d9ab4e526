// Patch Manager on the agent contract: the baseline snapshot the engine resolves for a node and sends with
// AWS-RunPatchBaseline (the real agent downloads it after GetDeployablePatchSnapshotForInstance), and the
// patch report the agent sends back (the real agent uploads AWS:PatchSummary and AWS:ComplianceItem).
import { z } from 'zod';
import { lazy } from '../lazy.js';
import type { BaselineDefinition } from '../patch-catalog/baseline.js';
import type { NodePatch, PatchCounts, PatchState } from '../patch-catalog/compliance.js';

/** The plugin the engine delivers for the platform steps of the patching documents (PatchLinux, PatchWindows...). */
export const RUN_PATCH_BASELINE_PLUGIN = 'aws:runPatchBaseline';

/** Most patches one report may carry (a Windows node reports a few hundred; NotApplicable ones are capped). */
export const MAX_REPORTED_PATCHES = 20_000;

const PATCH_STATES = [
  'Installed',
  'InstalledOther',
  'InstalledPendingReboot',
  'InstalledRejected',
  'Missing',
  'NotApplicable',
  'Failed',
  'AvailableSecurityUpdate',
] as const satisfies readonly PatchState[];

const filter = () => z.object({ Key: z.string(), Values: z.array(z.string()) });

// Enum members travel as strings; the engine built the baseline from a validated one.
const baselineSchema = lazy(() =>
  z
    .object({
      name: z.string(),
      operatingSystem: z.string(),
      description: z.string().optional(),
      globalFilters: z.array(filter()),
      approvalRules: z.array(
        z.object({
          PatchFilterGroup: z.object({ PatchFilters: z.array(filter()) }),
          ComplianceLevel: z.string().optional(),
          ApproveAfterDays: z.number().int().optional(),
          ApproveUntilDate: z.string().optional(),
          EnableNonSecurity: z.boolean().optional(),
        }),
      ),
      approvedPatches: z.array(z.string()),
      approvedPatchesComplianceLevel: z.string(),
      approvedPatchesEnableNonSecurity: z.boolean(),
      rejectedPatches: z.array(z.string()),
      rejectedPatchesAction: z.string(),
      sources: z.array(
        z.object({ Name: z.string(), Products: z.array(z.string()), Configuration: z.string() }),
      ),
      availableSecurityUpdatesComplianceStatus: z.string().optional(),
    })
    .transform((b) => b as BaselineDefinition),
);

/** What GetDeployablePatchSnapshotForInstance resolved for the node: its product and the baseline it uses. */
export const patchSnapshotSchema = lazy(() =>
  z.object({
    snapshotId: z.string(),
    operatingSystem: z.string(),
    product: z.string(),
    /** '' when the node is in no patch group, as AWS reports it. */
    patchGroup: z.string(),
    /** The baseline's id (pb-... or an AWS baseline's ARN), or BaselineOverride. */
    baselineId: z.string(),
    baseline: baselineSchema(),
  }),
);
export type PatchSnapshotWire = z.infer<ReturnType<typeof patchSnapshotSchema>>;

/** deliver-command's `patch`: the snapshot, the install override list read from its URL, or why neither could be had. */
export const patchJobSchema = lazy(() =>
  z.object({
    /** The node's Region (the patching module's payload and snapshot URLs name it). */
    region: z.string(),
    snapshot: patchSnapshotSchema().optional(),
    /** InstallOverrideList's patches ({id, title?}), read by the engine from its S3 or https location. */
    installOverride: z.array(z.object({ id: z.string(), title: z.string().optional() })).optional(),
    /** The snapshot could not be taken: the agent fails the step with these lines, as the real script prints them. */
    error: z.string().optional(),
    /** Command, or PatchPolicy with an AssociationId and a baseline override (AWS-RunPatchBaseline's AssociationId). */
    executionType: z.enum(['Command', 'PatchPolicy']).default('Command'),
  }),
);
export type PatchJob = z.infer<ReturnType<typeof patchJobSchema>>;

const reportedPatchSchema = lazy(() =>
  z
    .object({
      title: z.string(),
      kbId: z.string(),
      classification: z.string(),
      severity: z.string(),
      state: z.enum(PATCH_STATES),
      installedMs: z.number(),
      cveIds: z.array(z.string()),
      complianceLevel: z.string(),
      security: z.boolean(),
    })
    .transform((p) => p as NodePatch),
);

const count = () => z.number().int().min(0);

/** agent -> engine: a Scan or Install finished on the node (AWS:PatchSummary and its compliance items). */
export const patchReportSchema = lazy(() =>
  z.object({
    type: z.literal('patch-report'),
    instanceId: z.string(),
    commandId: z.string(),
    executionType: z.enum(['Command', 'PatchPolicy']).default('Command'),
    operation: z.enum(['Scan', 'Install']),
    snapshotId: z.string(),
    baselineId: z.string(),
    patchGroup: z.string(),
    rebootOption: z.enum(['RebootIfNeeded', 'NoReboot']).optional(),
    installOverrideList: z.string().optional(),
    startMs: z.number(),
    endMs: z.number(),
    lastNoRebootInstallMs: z.number().optional(),
    counts: z
      .object({
        InstalledCount: count(),
        InstalledOtherCount: count(),
        InstalledPendingRebootCount: count(),
        InstalledRejectedCount: count(),
        MissingCount: count(),
        FailedCount: count(),
        NotApplicableCount: count(),
        UnreportedNotApplicableCount: count(),
        AvailableSecurityUpdateCount: count(),
        CriticalNonCompliantCount: count(),
        SecurityNonCompliantCount: count(),
        OtherNonCompliantCount: count(),
      })
      .transform((c) => c as PatchCounts),
    patches: z.array(reportedPatchSchema()).max(MAX_REPORTED_PATCHES),
  }),
);
export type PatchReport = z.infer<ReturnType<typeof patchReportSchema>>;
