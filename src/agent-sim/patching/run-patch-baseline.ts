// aws:runPatchBaseline: what AWS-RunPatchBaseline's platform step does on the node, over the node's simulated
// packages and its OS repositories (src/patch-catalog): Scan reports the node's patch states under the
// snapshot's baseline; Install updates the missing packages, asks the agent for a reboot (exit 194 / 3010) when
// RebootIfNeeded, and reports; the rerun after the reboot ends the step. The host's packages are never touched.
import { RUN_PATCH_BASELINE_PLUGIN, type PatchReport } from '../../agent-contract/patching.js';
import type { PluginStep } from '../../agent-contract/protocol.js';
import { catalogAt, currentPatches } from '../../patch-catalog/catalog.js';
import type { Catalog, CatalogPatch } from '../../patch-catalog/catalog-types.js';
import { computeNodePatchState, type NodePatchState } from '../../patch-catalog/compliance.js';
import { compareVersions, formatVersion, parseVersion } from '../../patch-catalog/versions.js';
import { wildcard } from '../../wildcard.js';
import { rebootExitCode, type PluginContext } from '../plugins/context.js';
import { nodePackages } from './node-packages.js';
import { PatchLog } from './patch-output.js';

export { RUN_PATCH_BASELINE_PLUGIN };

interface Outcome {
  status: 'Success' | 'Failed';
  exitCode: number;
  stdout: string;
  stderr: string;
  reboot?: boolean;
}

/** A package (Linux) or update (Windows) the Install puts on the node. */
interface Target {
  /** The state's key: a package name, or a KB id on Windows. */
  name: string;
  /** The report's KBId: name.arch on Linux, the KB id on Windows. */
  kbId: string;
  version: string;
  title: string;
}

export async function runPatchBaseline(
  step: PluginStep,
  ctx: PluginContext,
  attempt: number,
): Promise<Outcome> {
  const windows = ctx.node.platformType === 'Windows';
  const book = ctx.state.patching;
  const log = new PatchLog(windows, () => ctx.sleeper.nowMs());
  if (attempt > 0) {
    // The rerun after the reboot the Install asked for: the module ends the step (0, or 1 after failures).
    const before = book.afterReboot.get(ctx.commandId);
    book.afterReboot.delete(ctx.commandId);
    const failed = before?.failed ?? false;
    return done(failed ? 'Failed' : 'Success', failed ? 1 : 0, `${before?.stdout ?? ''}`, '');
  }
  const job = ctx.patch;
  const operation = step.inputs.Operation === 'Install' ? 'Install' : 'Scan';
  const rebootOption = step.inputs.RebootOption === 'NoReboot' ? 'NoReboot' : 'RebootIfNeeded';
  if (!job?.snapshot) {
    log.error(job?.error ?? 'Unable to retrieve the patch baseline snapshot for this instance.');
    // 156: the module's exit code when it cannot load ("Error loading patching payload").
    return done(
      'Failed',
      windows ? 1 : 156,
      log.stdout,
      log.stderr || (windows ? '' : `${job?.error ?? ''}\n`),
    );
  }
  const snap = job.snapshot;
  const startMs = ctx.sleeper.nowMs();
  log.start(snap.product, job.region, snap.snapshotId, operation);
  const catalog = catalogAt(snap.baseline.operatingSystem, startMs);
  const scan = (failed: string[] = [], pending: Iterable<string> = book.pendingReboot): NodePatchState =>
    computeNodePatchState({
      baseline: snap.baseline,
      catalog,
      product: snap.product,
      installed: nodePackages(ctx.profile, ctx.state),
      atMs: ctx.sleeper.nowMs(),
      pendingReboot: [...pending],
      failed,
    });
  const report = (state: NodePatchState) => {
    const endMs = ctx.sleeper.nowMs();
    const message: PatchReport = {
      type: 'patch-report',
      instanceId: ctx.node.instanceId,
      commandId: ctx.commandId,
      executionType: job.executionType,
      operation,
      snapshotId: snap.snapshotId,
      baselineId: snap.baselineId,
      patchGroup: snap.patchGroup,
      rebootOption: operation === 'Install' ? rebootOption : undefined,
      installOverrideList:
        operation === 'Install' && typeof step.inputs.InstallOverrideList === 'string'
          ? step.inputs.InstallOverrideList || undefined
          : undefined,
      startMs,
      endMs,
      lastNoRebootInstallMs: book.lastNoRebootInstallMs,
      counts: state.counts,
      patches: state.patches,
    };
    ctx.emit(message);
    log.summary(
      {
        computerName: ctx.node.computerName,
        patchGroup: snap.patchGroup,
        baselineId: snap.baselineId,
        snapshotId: snap.snapshotId,
        operation,
        rebootOption,
        startMs,
        endMs,
      },
      state.counts,
    );
  };

  if (operation === 'Scan') {
    report(scan());
    log.info('Reboot is not permitted for scan operation');
    return done('Success', 0, log.stdout, log.stderr);
  }

  const before = scan();
  const targets = job.installOverride
    ? overrideTargets(job.installOverride, before, catalog, snap.product, ctx)
    : missingTargets(before, catalog, snap.product);
  const failPatterns = ctx.failPatches.map(wildcard);
  const failed: string[] = [];
  const installed: string[] = [];
  for (const t of targets) {
    if (failPatterns.some((re) => re.test(t.name) || re.test(t.kbId))) {
      failed.push(t.kbId);
      log.error(`Failed to install ${t.title}`); // ours
      continue;
    }
    ctx.state.packages.set(t.name, t.version);
    book.installedMs.set(t.name, ctx.sleeper.nowMs());
    installed.push(t.kbId);
    log.info(`Installed ${t.title}`); // ours
  }
  const rebootNeeded =
    rebootOption === 'RebootIfNeeded' && (installed.length > 0 || book.pendingReboot.size > 0);
  if (rebootOption === 'NoReboot' && installed.length) {
    for (const k of installed) book.pendingReboot.add(k);
    book.lastNoRebootInstallMs = startMs;
  }
  // Rebooting at once: what it installed is reported Installed; NoReboot leaves it InstalledPendingReboot.
  report(scan(failed, rebootNeeded ? [] : book.pendingReboot));
  log.info('Inventory upload was successful');
  if (rebootNeeded) {
    log.info(`Reboot is required with patching exit code ${failed.length ? 1 : 0}`);
    book.afterReboot.set(ctx.commandId, { failed: failed.length > 0, stdout: log.stdout });
    const code = rebootExitCode(ctx.node.platformType);
    return { status: 'Success', exitCode: code, stdout: log.stdout, stderr: log.stderr, reboot: true };
  }
  log.info(
    rebootOption === 'NoReboot'
      ? 'Reboot is not permitted because RebootOption is NoReboot'
      : 'Reboot is not required',
  );
  return failed.length
    ? done('Failed', 1, log.stdout, log.stderr)
    : done('Success', 0, log.stdout, log.stderr);
}

function done(status: 'Success' | 'Failed', exitCode: number, stdout: string, stderr: string): Outcome {
  return { status, exitCode, stdout, stderr };
}

/** The catalog patch each Missing row names: by title on Linux (name.arch:epoch:version-release), KB on Windows. */
function missingTargets(state: NodePatchState, catalog: Catalog, product: string): Target[] {
  const missing = state.patches.filter((p) => p.state === 'Missing');
  if (!missing.length) return [];
  if (catalog.os === 'WINDOWS') {
    const byKb = new Map(currentPatches(catalog.patches).map((p) => [p.kb!.toUpperCase(), p]));
    return missing.flatMap((m) => {
      const p = byKb.get(m.kbId.toUpperCase());
      return p ? [{ name: p.kb!, kbId: p.kb!, version: p.version ?? '', title: p.title }] : [];
    });
  }
  const byTitle = new Map<string, CatalogPatch>();
  for (const p of catalog.patches) if (p.products.includes(product)) byTitle.set(p.title, p);
  return missing.flatMap((m) => {
    const p = byTitle.get(m.title);
    return p ? [linuxTarget(p)] : [];
  });
}

function linuxTarget(p: CatalogPatch): Target {
  return {
    name: p.name!,
    kbId: `${p.name}.${p.arch}`,
    version: formatVersion({ epoch: p.epoch ?? 0, version: p.version!, release: p.release }),
    title: p.title,
  };
}

/**
 * InstallOverrideList: on Linux and macOS, the newest update in the repositories of each installed package whose
 * name.arch matches an id (and whose title matches the title, if given), whatever the baseline says; on Windows,
 * only listed updates the baseline approves (AWS-RunPatchBaseline, InstallOverrideList).
 */
function overrideTargets(
  list: { id: string; title?: string }[],
  state: NodePatchState,
  catalog: Catalog,
  product: string,
  ctx: PluginContext,
): Target[] {
  if (catalog.os === 'WINDOWS') {
    const ids = new Set(list.map((e) => e.id.toUpperCase()));
    return missingTargets(state, catalog, product).filter((t) => ids.has(t.kbId.toUpperCase()));
  }
  const installed = new Map(nodePackages(ctx.profile, ctx.state).map((p) => [p.name, p]));
  const newest = new Map<string, CatalogPatch>();
  for (const p of catalog.patches) {
    if (!p.products.includes(product) || !installed.has(p.name!)) continue;
    const kbId = `${p.name}.${p.arch}`;
    const evr = `${p.epoch ?? 0}:${p.version}-${p.release}`;
    const hit = list.some((e) => {
      if (!wildcard(e.id).test(kbId) && !wildcard(e.id).test(p.name!)) return false;
      if (e.title === undefined) return true;
      const t = wildcard(e.title);
      return t.test(p.title) || t.test(evr) || t.test(`${p.version}-${p.release}`);
    });
    if (hit) newest.set(p.name!, p); // release order: the last match is the newest
  }
  const scheme = catalog.os === 'UBUNTU' || catalog.os === 'DEBIAN' ? 'deb' : 'rpm';
  return [...newest.values()].map(linuxTarget).filter((t) => {
    const have = installed.get(t.name)!;
    return compareVersions(parseVersion(have.version), parseVersion(t.version), scheme) < 0;
  });
}
