// One runner per command-document plugin. Each takes the step's inputs and returns stdout, stderr, exit code.
import { readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import type { PluginStep } from '../../agent-contract/protocol.js';
import {
  DEFAULT_EXECUTION_TIMEOUT_SECONDS,
  LATEST_AGENT_VERSION,
  MAX_EXECUTION_TIMEOUT_SECONDS,
  MAX_RUN_DOCUMENT_DEPTH,
  rebootExitCode,
  type PluginContext,
} from './context.js';
import { runSteps } from './run-steps.js';
import { installedPackages, nodeServices, packageVersion } from '../node-state.js';
import { compareVersions } from '../../agent-contract/agent-versions.js';
import { RUN_PATCH_BASELINE_PLUGIN, runPatchBaseline } from '../patching/run-patch-baseline.js';

export interface PluginOutcome {
  status: 'Success' | 'Failed' | 'TimedOut' | 'Cancelled' | 'Skipped';
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The script asked for a reboot (exit 194 / 3010): the agent reboots and runs the step again. */
  reboot?: boolean;
}

type Runner = (step: PluginStep, ctx: PluginContext, attempt: number) => Promise<PluginOutcome>;

const ok = (stdout: string): PluginOutcome => ({ status: 'Success', exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string, exitCode = 1): PluginOutcome => ({
  status: 'Failed',
  exitCode,
  stdout: '',
  stderr,
});

function scriptOf(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join('\n');
  return typeof v === 'string' ? v : '';
}

function timeoutOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n <= 0) return DEFAULT_EXECUTION_TIMEOUT_SECONDS;
  return Math.min(n, MAX_EXECUTION_TIMEOUT_SECONDS);
}

function scriptRunner(shell: 'sh' | 'powershell'): Runner {
  return async (step, ctx, attempt) => {
    if (shell === 'sh' && ctx.node.platformType === 'Windows') {
      return fail(
        `Plugin with name ${step.plugin} is not supported on platform Windows. Step name: ${step.name}\n`,
      );
    }
    const inputs = step.inputs;
    const script = scriptOf(inputs.runCommand ?? inputs.commands);
    const out = await ctx.executor.run(
      {
        script,
        shell,
        workingDirectory: typeof inputs.workingDirectory === 'string' ? inputs.workingDirectory : '',
        timeoutSeconds: timeoutOf(inputs.timeoutSeconds ?? inputs.executionTimeout),
        attempt,
        // The agent sets SSM_COMMAND_ID and AWS_SSM_INSTANCE_ID (amazon-ssm-agent runscript.go, executers.go).
        env: {
          ...ctx.profile.facts.env,
          SSM_COMMAND_ID: ctx.commandId,
          AWS_SSM_INSTANCE_ID: ctx.node.instanceId,
        },
        commandId: ctx.commandId,
        stepName: step.name,
      },
      ctx.signal,
    );
    if (out.cancelled)
      return { status: 'Cancelled', exitCode: out.exitCode, stdout: out.stdout, stderr: out.stderr };
    // The interpreter did not start: the agent marks the plugin failed with the start error.
    if (out.launchError !== undefined)
      return fail(`${out.stderr}failed to run commands: ${out.launchError}\n`, out.exitCode);
    if (out.timedOut) {
      return {
        status: 'TimedOut',
        exitCode: out.exitCode,
        stdout: out.stdout,
        stderr: `${out.stderr}failed to run commands: exit status ${out.exitCode}\n`,
      };
    }
    if (out.exitCode === rebootExitCode(ctx.node.platformType)) {
      return {
        status: 'Success',
        exitCode: out.exitCode,
        stdout: out.stdout,
        stderr: out.stderr,
        reboot: true,
      };
    }
    return {
      status: out.exitCode === 0 ? 'Success' : 'Failed',
      exitCode: out.exitCode,
      stdout: out.stdout,
      stderr:
        out.exitCode === 0
          ? out.stderr
          : `${out.stderr}failed to run commands: exit status ${out.exitCode}\n`,
    };
  };
}

const runDocument: Runner = async (step, ctx) => {
  const name = String(step.inputs.documentPath ?? '');
  const steps = ctx.documents[name];
  if (!steps) return fail(`document ${name} could not be found or loaded\n`);
  if (ctx.depth >= MAX_RUN_DOCUMENT_DEPTH)
    return fail(`aws:runDocument may nest at most ${MAX_RUN_DOCUMENT_DEPTH} documents\n`);
  const { status, plugins } = await runSteps(steps, { ...ctx, depth: ctx.depth + 1 });
  const stdout = plugins.map((p) => p.stdout).join('');
  const stderr = plugins.map((p) => p.stderr).join('');
  const last = plugins.findLast((p) => p.status !== 'Skipped');
  return { status: status === 'Success' ? 'Success' : status, exitCode: last?.exitCode ?? 0, stdout, stderr };
};

const softwareInventory: Runner = async (_step, ctx) => {
  const now = new Date(ctx.sleeper.nowMs()).toISOString().replace(/\.\d+Z$/, 'Z');
  const installed = [
    ...installedPackages(ctx.profile, ctx.state).map((p) => ({ ...p, publisher: '' })),
    ...ctx.profile.facts.applications.map((a) => ({
      name: a.name,
      version: a.version,
      publisher: a.publisher ?? '',
    })),
  ];
  const items = [
    {
      typeName: 'AWS:InstanceInformation',
      schemaVersion: '1.0',
      captureTime: now,
      content: [
        {
          AgentType: 'amazon-ssm-agent',
          AgentVersion: ctx.node.agentVersion,
          ComputerName: ctx.node.computerName,
          InstanceId: ctx.node.instanceId,
          IpAddress: ctx.node.ipAddress,
          PlatformName: ctx.node.platformName,
          PlatformType: ctx.node.platformType,
          PlatformVersion: ctx.node.platformVersion,
          ResourceType: ctx.node.instanceId.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance',
        },
      ],
    },
    {
      typeName: 'AWS:Application',
      schemaVersion: '1.1',
      captureTime: now,
      content: installed.map((p) => ({ Name: p.name, Version: p.version, Publisher: p.publisher })),
    },
    {
      typeName: 'AWS:Service',
      schemaVersion: '1.0',
      captureTime: now,
      content: nodeServices(ctx.profile, ctx.state).map((s) => ({
        Name: s.name,
        DisplayName: s.displayName,
        Status: s.status,
      })),
    },
  ];
  ctx.emit({ type: 'inventory', instanceId: ctx.node.instanceId, items });
  return ok(`Inventory collected: ${items.map((i) => `${i.typeName} (${i.content.length})`).join(', ')}\n`);
};

const configurePackage: Runner = async (step, ctx) => {
  const name = String(step.inputs.name ?? '');
  const action = String(step.inputs.action ?? 'Install');
  if (!name) return fail('name is required\n');
  if (action !== 'Install' && action !== 'Uninstall')
    return fail(`invalid action ${action}: expected Install or Uninstall\n`);
  const current = packageVersion(ctx.profile, ctx.state, name) ?? null;
  if (action === 'Uninstall') {
    if (current === null || current === undefined) return ok(`${name} is not installed\n`);
    ctx.state.packages.set(name, null);
    return ok(`Successfully uninstalled ${name} ${current}\n`);
  }
  const version =
    typeof step.inputs.version === 'string' && step.inputs.version
      ? step.inputs.version
      : (current ?? '1.0.0');
  if (current === version) return ok(`${name} ${version} is already installed\n`);
  ctx.state.packages.set(name, version);
  return ok(`Successfully installed ${name} ${version}\n`);
};

const updateSsmAgent: Runner = async (step, ctx) => {
  const target =
    typeof step.inputs.version === 'string' && step.inputs.version
      ? step.inputs.version
      : LATEST_AGENT_VERSION;
  const from = ctx.node.agentVersion;
  const cmp = compareVersions(target, from);
  if (cmp === 0) return ok(`amazon-ssm-agent ${from} has already been installed, update skipped\n`);
  if (cmp < 0 && String(step.inputs.allowDowngrade ?? 'false') !== 'true') {
    return fail(
      `updating amazon-ssm-agent from ${from} to ${target} is a downgrade; set allowDowngrade to true\n`,
    );
  }
  ctx.node.agentVersion = target;
  ctx.emit({ type: 'heartbeat', instanceId: ctx.node.instanceId, facts: { agentVersion: target } });
  return ok(
    `Updating amazon-ssm-agent from ${from} to ${target}\nSuccessfully updated amazon-ssm-agent to ${target}\n`,
  );
};

const downloadContent: Runner = async (step, ctx) => {
  const sourceType = String(step.inputs.sourceType ?? '');
  let info: { path?: string } = {};
  try {
    const raw = step.inputs.sourceInfo;
    info = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as { path?: string };
  } catch {
    return fail('sourceInfo is not valid JSON\n');
  }
  const path = info.path ?? '';
  const windows = ctx.node.platformType === 'Windows';
  const lib = windows ? win32 : posix;
  const base = windows
    ? 'C:\\ProgramData\\Amazon\\SSM\\downloads'
    : `/var/lib/amazon/ssm/${ctx.node.instanceId}/downloads`;
  const dest = String(step.inputs.destinationPath ?? '');
  const target = lib.isAbsolute(dest)
    ? dest
    : lib.join(base, dest || lib.basename(path.replace(/^file:\/\//, '')));
  // Offline emulator: only local sources (a file of the node, or of the host where host files are allowed).
  const known = ctx.state.files.get(path) ?? ctx.profile.facts.files[path];
  let content = known;
  if (content === undefined && ctx.hostFiles && (path.startsWith('file://') || lib.isAbsolute(path))) {
    try {
      content = readFileSync(path.replace(/^file:\/\//, ''), 'utf8');
    } catch (err) {
      return fail(`failed to download ${path}: ${(err as Error).message}\n`);
    }
  }
  if (content === undefined) {
    return fail(
      `sourceType ${sourceType || '(none)'} with path ${path || '(none)'} is not available offline; use a local file of the node (fleet file facts.files)\n`,
    );
  }
  ctx.state.files.set(target, content);
  return ok(`Content downloaded to ${target}\n`);
};

export const PLUGIN_RUNNERS: Record<string, Runner> = {
  'aws:runShellScript': scriptRunner('sh'),
  'aws:runPowerShellScript': scriptRunner('powershell'),
  'aws:runDocument': runDocument,
  'aws:softwareInventory': softwareInventory,
  'aws:configurePackage': configurePackage,
  'aws:updateSsmAgent': updateSsmAgent,
  'aws:downloadContent': downloadContent,
  [RUN_PATCH_BASELINE_PLUGIN]: runPatchBaseline,
};
