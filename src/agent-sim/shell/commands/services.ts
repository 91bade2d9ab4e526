// systemctl and service over the node's services (facts, then what commands changed): a start or stop is
// seen by the next command, by ps and by inventory. Only root may change a unit, as polkit allows it.
import { nodeServices, type ServiceNow } from '../../node-state.js';
import type { ShellHost } from '../host.js';
import { command, fail, ok, isRoot, type Command, type CommandEnv, type ExecResult } from './util.js';

/** The node's services as systemd sees them; the agent itself always runs (it is answering). */
export function serviceList(host: ShellHost): ServiceNow[] {
  const list = nodeServices(host.profile, host.state);
  if (!list.some((s) => s.name === 'amazon-ssm-agent'))
    list.push({
      name: 'amazon-ssm-agent',
      displayName: 'amazon-ssm-agent',
      status: 'Running',
      enabled: true,
    });
  return list;
}

const unitName = (u: string) => u.replace(/\.service$/, '');

/** The main process id of a running service, as ps and systemctl status both show it. */
export function servicePid(host: ShellHost, name: string): number {
  const running = serviceList(host).filter((s) => s.status === 'Running' && s.name !== 'amazon-ssm-agent');
  return name === 'amazon-ssm-agent'
    ? 1432
    : 1100 +
        Math.max(
          0,
          running.findIndex((s) => s.name === name),
        ) *
          17;
}

export function serviceCommands(env: CommandEnv): Command[] {
  const { host, user } = env;
  if (!host.traits.systemd) return [];
  const unitDir = host.traits.sh === 'dash' ? '/lib/systemd/system' : '/usr/lib/systemd/system';
  // systemd 249 and older (AL2, Ubuntu 22.04) say "vendor preset".
  const preset = ['amazon-linux-2', 'ubuntu-22.04'].includes(host.profile.os) ? 'vendor preset' : 'preset';
  const find = (u: string) => serviceList(host).find((s) => s.name === unitName(u));
  const set = (s: ServiceNow, change: Partial<ServiceNow>) => {
    const next = { status: s.status, enabled: s.enabled, sinceMs: s.sinceMs, ...change };
    host.state.services.set(s.name, next);
  };

  const status = (u: string): ExecResult => {
    const s = find(u);
    if (!s) return fail(`Unit ${unitName(u)}.service could not be found.\n`, 4);
    const since = s.sinceMs ?? host.bootMs() + 3000;
    const running = s.status === 'Running';
    const lines = [
      `${running ? '\u25cf' : '\u25cb'} ${s.name}.service - ${s.displayName}`,
      `     Loaded: loaded (${unitDir}/${s.name}.service; ${s.enabled ? 'enabled' : 'disabled'}; ${preset}: disabled)`,
      running
        ? `     Active: active (running) since ${isoDay(since)}; ${ago(host.sleeper.nowMs() - since)} ago`
        : '     Active: inactive (dead)',
      ...(running
        ? [
            `   Main PID: ${servicePid(host, s.name)} (${s.name})`,
            `     CGroup: /system.slice/${s.name}.service`,
          ]
        : []),
    ];
    return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: running ? 0 : 3 };
  };

  const change = (verb: string, units: string[], now: boolean): ExecResult => {
    let stderr = '';
    for (const u of units) {
      const s = find(u);
      const name = `${unitName(u)}.service`;
      if (!isRoot(user))
        return fail(
          `${stderr}Failed to ${verb} ${name}: Interactive authentication required.\nSee system logs and 'systemctl status ${name}' for details.\n`,
        );
      if (!s) {
        if (verb === 'enable' || verb === 'disable')
          return fail(`${stderr}Failed to ${verb} unit: Unit file ${name} does not exist.\n`);
        return fail(`${stderr}Failed to ${verb} ${name}: Unit ${name} not found.\n`, 5);
      }
      const t = host.sleeper.nowMs();
      if (
        verb === 'start' ||
        verb === 'restart' ||
        verb === 'reload' ||
        (verb === 'try-restart' && s.status === 'Running')
      )
        set(s, { status: 'Running', sinceMs: verb === 'reload' && s.status === 'Running' ? s.sinceMs : t });
      else if (verb === 'stop') set(s, { status: 'Stopped' });
      else if (verb === 'enable') {
        if (!s.enabled)
          stderr += `Created symlink /etc/systemd/system/multi-user.target.wants/${name} \u2192 ${unitDir}/${name}.\n`;
        set(s, { enabled: true, ...(now ? { status: 'Running', sinceMs: t } : {}) });
      } else if (verb === 'disable') {
        if (s.enabled) stderr += `Removed "/etc/systemd/system/multi-user.target.wants/${name}".\n`;
        set(s, { enabled: false, ...(now ? { status: 'Stopped' } : {}) });
      }
    }
    return { stdout: '', stderr, exitCode: 0 };
  };

  const systemctl = (args: string[]): ExecResult => {
    const now = args.includes('--now');
    const quiet = args.includes('-q') || args.includes('--quiet');
    const words = args.filter((a) => !a.startsWith('-'));
    const [verb = 'list-units', ...units] = words;
    switch (verb) {
      case 'status': {
        if (!units.length) return ok(`\u25cf ${host.node.computerName}\n    State: running\n`);
        const all = units.map(status);
        return {
          stdout: all
            .map((r) => r.stdout)
            .filter(Boolean)
            .join('\n'),
          stderr: all.map((r) => r.stderr).join(''),
          exitCode: all.find((r) => r.exitCode)?.exitCode ?? 0,
        };
      }
      case 'is-active': {
        const states = units.map((u) => (find(u)?.status === 'Running' ? 'active' : 'inactive'));
        return {
          stdout: quiet ? '' : states.map((s) => `${s}\n`).join(''),
          stderr: '',
          exitCode: states.every((s) => s === 'active') ? 0 : 3,
        };
      }
      case 'is-enabled': {
        const s = find(units[0] ?? '');
        if (!s)
          return fail(
            `Failed to get unit file state for ${unitName(units[0] ?? '')}.service: No such file or directory\n`,
          );
        return {
          stdout: quiet ? '' : `${s.enabled ? 'enabled' : 'disabled'}\n`,
          stderr: '',
          exitCode: s.enabled ? 0 : 1,
        };
      }
      case 'start':
      case 'stop':
      case 'restart':
      case 'reload':
      case 'try-restart':
      case 'enable':
      case 'disable':
        if (!units.length) return fail(`Too few arguments.\n`);
        return change(verb, units, now);
      case 'daemon-reload':
        return isRoot(user) ? ok() : fail('Failed to reload daemon: Interactive authentication required.\n');
      case 'list-units':
      case 'list-unit-files': {
        const rows = serviceList(host).map((s) =>
          verb === 'list-units'
            ? `  ${`${s.name}.service`.padEnd(30)} loaded ${s.status === 'Running' ? 'active   running' : 'inactive dead   '} ${s.displayName}`
            : `${`${s.name}.service`.padEnd(32)} ${s.enabled ? 'enabled ' : 'disabled'} disabled`,
        );
        const head =
          verb === 'list-units'
            ? `  ${'UNIT'.padEnd(30)} LOAD   ACTIVE   SUB     DESCRIPTION`
            : `${'UNIT FILE'.padEnd(32)} STATE    PRESET`;
        const foot =
          verb === 'list-units'
            ? `\n${rows.length} loaded units listed.`
            : `\n${rows.length} unit files listed.`;
        return ok(`${head}\n${rows.join('\n')}\n${foot}\n`);
      }
      default:
        return fail(`Unknown command verb '${verb}'.\n`);
    }
  };

  return [
    command('systemctl', (args) => systemctl(args)),
    command('service', (args) => {
      if (args[0] === '--status-all')
        return ok(
          serviceList(host)
            .map((s) => ` [ ${s.status === 'Running' ? '+' : '-'} ]  ${s.name}\n`)
            .join(''),
        );
      const [name, action] = args;
      if (!name || !action)
        return fail(
          'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n',
        );
      const r = systemctl([action, name]);
      // RHEL-like images redirect service(8) to systemctl and say so; Debian's does it silently.
      const note =
        host.traits.sh === 'dash'
          ? ''
          : `Redirecting to /bin/systemctl ${action} ${unitName(name)}.service\n`;
      return { ...r, stderr: note + r.stderr };
    }),
  ];
}

function isoDay(ms: number): string {
  const d = new Date(ms);
  const day = d.toUTCString().slice(0, 3);
  return `${day} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}min ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}min`;
  return `${Math.floor(h / 24)} days`;
}
