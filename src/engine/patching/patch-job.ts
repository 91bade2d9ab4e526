// AWS-RunPatchBaseline and its siblings on a node: the engine does what the real document's script asks the
// service for before it patches (GetDeployablePatchSnapshotForInstance, the BaselineOverride and
// InstallOverrideList files) and sends the result with the command; the node's agent scans and installs.
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { PatchJob } from '../../agent-contract/patching.js';
import { RUN_PATCH_BASELINE_PLUGIN } from '../../agent-contract/patching.js';
import type { PluginStep } from '../../agent-contract/protocol.js';
import type { BaselineOverride } from '../../model/generated/types.js';
import { ServiceError } from '../../model/service-error.js';
import { nodePlatform } from '../../patch-catalog/node-platform.js';
import type { Store } from '../../store/index.js';
import { s3Location, type OutputSink } from '../commands/output.js';
import type { Scope } from './resolve.js';
import { takePatchSnapshot } from './snapshot.js';

const PLATFORM_STEPS = { PatchWindows: {}, PatchLinux: {}, PatchMacOS: {} };

/**
 * The AWS-owned Command documents that run Patch Manager on the node: their patching steps, each with the
 * parameters it fixes (AWS-RunPatchBaselineWithHooks scans, installs with NoReboot, then reboots).
 */
const PATCH_STEPS: Record<string, Record<string, Record<string, string>>> = {
  'AWS-RunPatchBaseline': PLATFORM_STEPS,
  'AWS-RunPatchBaselineAssociation': PLATFORM_STEPS,
  'AWS-RunPatchBaselineWithHooks': {
    InitialScan: { Operation: 'Scan' },
    InstallWithNoReboot: { Operation: 'Install', RebootOption: 'NoReboot' },
    RebootAndReport: { Operation: 'Install' },
  },
};

export const PATCH_DOCUMENTS: ReadonlySet<string> = new Set(Object.keys(PATCH_STEPS));

/** Parameters of the documents the agent's patching plugin reads. */
const PLUGIN_INPUTS = [
  'Operation',
  'SnapshotId',
  'RebootOption',
  'InstallOverrideList',
  'BaselineOverride',
  'AssociationId',
  'BaselineTags',
] as const;

/**
 * The steps the agent runs: each patching step of a patching document becomes the agent's patching plugin
 * with the document's parameters (the real step is a script, or AWS-RunPatchBaseline run by aws:runDocument,
 * that downloads and runs Patch Manager's module; its name, precondition and output folder stay the document's).
 */
export function patchPluginSteps(
  documentName: string,
  steps: PluginStep[],
  values: Record<string, unknown>,
): PluginStep[] {
  const inputs: Record<string, unknown> = {};
  for (const k of PLUGIN_INPUTS) if (values[k] !== undefined) inputs[k] = values[k];
  const table = PATCH_STEPS[documentName] ?? {};
  return steps.map((s) =>
    Object.prototype.hasOwnProperty.call(table, s.name)
      ? { ...s, plugin: RUN_PATCH_BASELINE_PLUGIN, inputs: { ...inputs, ...table[s.name] } }
      : s,
  );
}

export interface PatchJobDeps {
  store: Store;
  nowMs: number;
  outputs: OutputSink;
}

/** What the node's patching module gets before it scans: its snapshot and override lists, or the error it prints. */
export function patchJobFor(
  deps: PatchJobDeps,
  scope: Scope,
  instanceId: string,
  values: Record<string, unknown>,
): PatchJob {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  // AWS-RunPatchBaseline, Snapshot ID: without one, "Systems Manager generates a different Snapshot ID for each
  // managed node the command is sent to".
  const snapshotId = str('SnapshotId') || randomUUID();
  const executionType = str('AssociationId') && str('BaselineOverride') ? 'PatchPolicy' : 'Command';
  let override: BaselineOverride | undefined;
  if (str('BaselineOverride')) {
    const read = readOverride(deps, str('BaselineOverride'));
    if ('error' in read) return { region: scope.region, error: read.error, executionType };
    const node = deps.store.nodes.get(scope.account, scope.region, instanceId);
    const os = node && nodePlatform(node.platformName, node.platformVersion)?.os;
    override = read.baselines.find((b) => b.OperatingSystem === os);
  }
  let installOverride: PatchJob['installOverride'];
  if (str('InstallOverrideList') && str('Operation') === 'Install') {
    const read = readInstallOverride(deps, str('InstallOverrideList'));
    if ('error' in read) return { region: scope.region, error: read.error, executionType };
    installOverride = read.patches;
  }
  const tags = str('BaselineTags') ? parseBaselineTags(str('BaselineTags')) : undefined;
  if (str('BaselineTags') && !tags)
    return {
      region: scope.region,
      error: `[ERROR]: BaselineTags ${str('BaselineTags')} is not Key=tag-key,Values=tag-value1,tag-value2.`,
      executionType,
    };
  try {
    const s = takePatchSnapshot(
      deps.store,
      scope,
      deps.nowMs,
      { InstanceId: instanceId, SnapshotId: snapshotId, BaselineOverride: override },
      tags,
    );
    return {
      region: scope.region,
      snapshot: {
        snapshotId,
        operatingSystem: s.OperatingSystem,
        product: s.Product,
        patchGroup: s.PatchGroup ?? '',
        baselineId: s.BaselineId,
        baseline: s.Baseline,
      },
      installOverride,
      executionType,
    };
  } catch (err) {
    if (!(err instanceof ServiceError))
      return { region: scope.region, error: `[ERROR]: ${(err as Error).message}`, executionType };
    // What botocore prints for a failed call, as the patching module logs it before it gives up.
    return {
      region: scope.region,
      error: `An error occurred (${err.type}) when calling the GetDeployablePatchSnapshotForInstance operation: ${err.message}`,
      executionType,
    };
  }
}

/** BaselineTags as AWS-RunPatchBaselineAssociation takes them: `Key=tag-key,Values=tag-value1,tag-value2`. */
function parseBaselineTags(text: string): { key: string; values: string[] } | undefined {
  const m = /^Key=([^,]+),Values=(.+)$/.exec(text.trim());
  return m ? { key: m[1], values: m[2].split(',') } : undefined;
}

/** The text of a file a document names by URL: the local S3 layout under the data dir (the emulator is offline). */
function download(deps: PatchJobDeps, url: string): string | undefined {
  const loc = s3Location(url);
  return loc && deps.outputs.readS3(loc.bucket, loc.key);
}

// The Linux module's lines for a file it cannot get (AWS "Troubleshooting Patch Manager", patch policies).
const unreadable = (url: string) =>
  `[ERROR]: Unable to download file from S3: ${url}.\n[ERROR]: Error loading entrance module.`;

/** The BaselineOverride file: a JSON list of baselines, one per operating system (a single object is taken too). */
function readOverride(
  deps: PatchJobDeps,
  url: string,
): { baselines: BaselineOverride[] } | { error: string } {
  const text = download(deps, url);
  if (text === undefined) return { error: unreadable(url) };
  try {
    const parsed = JSON.parse(text) as unknown;
    const list = (Array.isArray(parsed) ? parsed : [parsed]) as unknown[];
    if (list.every((b) => typeof b === 'object' && b !== null))
      return { baselines: list as BaselineOverride[] };
  } catch {
    // reported below
  }
  return { error: `[ERROR]: Baseline Override file ${url} is not a valid list of patch baselines.` };
}

/** The InstallOverrideList file: YAML `patches: [{id, title?}]` (AWS-RunPatchBaseline, InstallOverrideList). */
function readInstallOverride(
  deps: PatchJobDeps,
  url: string,
): { patches: { id: string; title?: string }[] } | { error: string } {
  const text = download(deps, url);
  if (text === undefined) return { error: unreadable(url) };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    doc = undefined;
  }
  const list = (doc as { patches?: unknown } | undefined)?.patches;
  if (!Array.isArray(list))
    return { error: `[ERROR]: Install Override List ${url} has no list of patches (patches:).` };
  const patches: { id: string; title?: string }[] = [];
  for (const p of list as { id?: unknown; title?: unknown }[]) {
    if (typeof p?.id !== 'string' || !p.id) continue; // "The id field is required."
    // YAML reads an unquoted version such as 1.2 as a number: the title is its text.
    const title = typeof p.title === 'string' || typeof p.title === 'number' ? String(p.title) : undefined;
    patches.push(title === undefined ? { id: p.id } : { id: p.id, title });
  }
  return { patches };
}
