// The node's running state: processes, uptime, memory, disks, time on the emulator clock, the system log.
import { memoryKb, type ShellHost } from '../host.js';
import { bootLog, mounts } from '../os-image.js';
import { serviceList, servicePid } from './services.js';
import {
  columns,
  command,
  fail,
  ok,
  parseFlags,
  upFor,
  type Command,
  type CommandEnv,
  type ResolvedCommandContext,
} from './util.js';

interface Proc {
  user: string;
  pid: number;
  ppid: number;
  cmd: string;
}

/** The processes of the node: init, the agent, the running services, and the shell asking. */
function processes(host: ShellHost, me: string, tty: string): Proc[] {
  const services = serviceList(host).filter((s) => s.status === 'Running' && s.name !== 'amazon-ssm-agent');
  return [
    {
      user: 'root',
      pid: 1,
      ppid: 0,
      cmd: '/usr/lib/systemd/systemd --switched-root --system --deserialize=32',
    },
    { user: 'root', pid: 2, ppid: 0, cmd: '[kthreadd]' },
    { user: 'root', pid: 412, ppid: 1, cmd: '/usr/lib/systemd/systemd-journald' },
    ...services.map((s) => ({
      user: 'root',
      pid: servicePid(host, s.name),
      ppid: 1,
      cmd: s.name === 'nginx' ? 'nginx: master process /usr/sbin/nginx' : `/usr/sbin/${s.name}`,
    })),
    { user: 'root', pid: 1432, ppid: 1, cmd: '/usr/bin/amazon-ssm-agent' },
    { user: 'root', pid: 1520, ppid: 1432, cmd: '/usr/bin/ssm-agent-worker' },
    { user: me, pid: 4242, ppid: tty === '?' ? 1520 : 4230, cmd: 'sh' },
  ];
}

// A session's shell has a terminal (TERM is set: SSM Agent sets it for sessions only).
const inSession = (ctx: ResolvedCommandContext) => ctx.env.has('TERM');

export function systemCommands(env: CommandEnv): Command[] {
  const { host, user } = env;
  return [
    command('ps', (args, ctx) => {
      const tty = inSession(ctx) ? 'pts/0' : '?';
      const { flags, operands } = parseFlags(args);
      const bsd = operands.some((o) => /^[aux]+w*$/.test(o)) || (flags.has('a') && flags.has('u'));
      const all = bsd || flags.has('e') || flags.has('A');
      const self = {
        user: user.name,
        pid: 4250,
        ppid: 4242,
        cmd: args.length ? `ps ${args.join(' ')}` : 'ps',
      };
      let procs = [...processes(host, user.name, tty), self];
      const pick = args.indexOf('-C') >= 0 ? args[args.indexOf('-C') + 1] : undefined;
      const pid = args.indexOf('-p') >= 0 ? Number(args[args.indexOf('-p') + 1]) : undefined;
      if (pick) procs = procs.filter((p) => p.cmd.split(/[\s:]/)[0].split('/').pop() === pick);
      else if (pid !== undefined) procs = procs.filter((p) => p.pid === pid);
      else if (!all) procs = procs.filter((p) => p.pid >= 4242);
      const ttyOf = (p: Proc) => (p.pid >= 4242 ? tty : '?');
      const comm = (p: Proc) =>
        p.cmd.startsWith('[') ? p.cmd.slice(1, -1) : p.cmd.split(/[\s:]/)[0].split('/').pop()!;
      if (bsd) {
        const head = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
        const rows = procs.map(
          (p) =>
            `${p.user.padEnd(8)} ${String(p.pid).padStart(7)}  0.0  0.1  22452 13380 ${ttyOf(p).padEnd(8)} Ss   00:00   0:00 ${p.cmd}\n`,
        );
        return ok(head + rows.join(''));
      }
      if (flags.has('f')) {
        const head = 'UID          PID    PPID  C STIME TTY          TIME CMD\n';
        const rows = procs.map(
          (p) =>
            `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 00:00 ${ttyOf(p).padEnd(8)} 00:00:00 ${p.cmd}\n`,
        );
        return ok(head + rows.join(''));
      }
      const rows = procs.map(
        (p) => `${String(p.pid).padStart(7)} ${ttyOf(p).padEnd(8)} 00:00:00 ${comm(p)}\n`,
      );
      // procps exits 1 when a selection matches no process, after its header.
      const out = `    PID TTY          TIME CMD\n${rows.join('')}`;
      return procs.length || !pick ? ok(out) : fail('', 1, out);
    }),
    command('uptime', (args, ctx) => {
      const up = upFor(host);
      const mins = Math.floor(up / 60000);
      const { flags } = parseFlags(args);
      if (flags.has('s'))
        return ok(`${new Date(host.bootMs()).toISOString().replace('T', ' ').slice(0, 19)}\n`);
      const days = Math.floor(mins / 1440);
      const hours = Math.floor(mins / 60) % 24;
      if (flags.has('p')) {
        const part = (n: number, w: string) => (n ? [`${n} ${w}${n === 1 ? '' : 's'}`] : []);
        const text = [...part(days, 'day'), ...part(hours, 'hour'), ...part(mins % 60, 'minute')].join(', ');
        return ok(`up ${text || '0 minutes'}\n`);
      }
      const span = `${days ? `${days} day${days === 1 ? '' : 's'}, ` : ''}${mins < 60 ? `${mins} min` : `${String(hours).padStart(2)}:${String(mins % 60).padStart(2, '0')}`}`;
      const users = inSession(ctx) ? 1 : 0;
      const now = new Date(host.sleeper.nowMs()).toISOString().slice(11, 19);
      return ok(
        ` ${now} up ${span},  ${users} user${users === 1 ? '' : 's'},  load average: 0.00, 0.01, 0.05\n`,
      );
    }),
    command('free', (args) => {
      const { flags, long } = parseFlags(args);
      const m = memoryKb(host);
      const unit = flags.has('b')
        ? 1 / 1024
        : flags.has('m') || long.has('mebi')
          ? 1024
          : flags.has('g') || long.has('gibi')
            ? 1048576
            : 1;
      const fmt = (kb: number) =>
        flags.has('h') || long.has('human') ? human(kb) : String(Math.round(kb / unit));
      const rows = [
        ['', 'total', 'used', 'free', 'shared', 'buff/cache', 'available'],
        ['Mem:', ...[m.total, m.used, m.free, m.shared, m.buffCache, m.available].map(fmt)],
        ['Swap:', fmt(0), fmt(0), fmt(0)],
      ];
      if (flags.has('t')) rows.push(['Total:', fmt(m.total), fmt(m.used), fmt(m.free)]);
      // procps: a 7-wide label, then the first column ends at 20 and the others are 12 wide.
      const line = ([label, ...v]: string[]) =>
        `${label.padEnd(7)}${v.map((c, i) => c.padStart(i ? 12 : 13)).join('')}\n`;
      return ok(rows.map(line).join(''));
    }),
    command('df', (args) => {
      const { flags, operands } = parseFlags(args);
      const h = flags.has('h');
      let rows = mounts(host);
      if (operands.length)
        rows = rows.filter((r) =>
          operands.some((o) => o === r.on || (r.on === '/' && !['/dev/shm', '/tmp'].includes(o))),
        );
      const size = (kb: number) => (h ? human(kb, true) : String(kb));
      const pct = (r: { used: number; size: number }) => `${Math.ceil((r.used / r.size) * 100)}%`;
      const head = flags.has('T')
        ? [
            'Filesystem',
            'Type',
            h ? 'Size' : '1K-blocks',
            'Used',
            h ? 'Avail' : 'Available',
            'Use%',
            'Mounted on',
          ]
        : ['Filesystem', h ? 'Size' : '1K-blocks', 'Used', h ? 'Avail' : 'Available', 'Use%', 'Mounted on'];
      const body = rows.map((r) =>
        flags.has('T')
          ? [r.fs, r.type, size(r.size), size(r.used), size(r.avail), pct(r), r.on]
          : [r.fs, size(r.size), size(r.used), size(r.avail), pct(r), r.on],
      );
      // GNU df sizes columns to their content, human-readable sizes at least 5 wide ("Size  Used Avail").
      const widths = head.map((_, i) =>
        Math.max(
          h && /^(Size|Used|Avail)$/.test(head[i]) ? 5 : 0,
          ...[head, ...body].map((r) => r[i].length),
        ),
      );
      const left = flags.has('T') ? [0, 1, 6] : [0, 5];
      return ok(columns([head, ...body], widths, left));
    }),
    command('date', async (args, ctx) => {
      // The emulator clock, not the host's: a frozen or advanced clock shows here as in aws:sleep.
      const given = args.some((a) => /^(-d|-r|-s|--date|--reference|--set|-f|--file)(=|$)/.test(a));
      const at = `@${Math.floor(host.sleeper.nowMs() / 1000)}`;
      return ctx.origCommand!(given ? args : ['-d', at, ...args]);
    }),
    command('sleep', async (args, ctx) => {
      // On the emulator clock, ended by the run's timeout or cancel (GNU sleep: a sum of NUMBER[smhd]).
      if (!args.length) return fail("sleep: missing operand\nTry 'sleep --help' for more information.\n");
      let ms = 0;
      for (const a of args) {
        const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
        if (!m)
          return fail(
            `sleep: invalid time interval \u2018${a}\u2019\nTry 'sleep --help' for more information.\n`,
          );
        ms +=
          Number(m[1]) *
          1000 *
          ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as const)[m[2] as '' | 's' | 'm' | 'h' | 'd'];
      }
      await host.sleeper.sleep(ms, ctx.signal);
      return ok();
    }),
    command('journalctl', (args) => {
      const { flags } = parseFlags(args);
      const unit =
        args.indexOf('-u') >= 0 ? args[args.indexOf('-u') + 1]?.replace(/\.service$/, '') : undefined;
      let lines = bootLog(host).split('\n').filter(Boolean);
      if (unit) lines = lines.filter((l) => l.includes(`${unit}.service`) || l.includes(` ${unit}[`));
      const n = args.indexOf('-n') >= 0 ? Number(args[args.indexOf('-n') + 1]) : undefined;
      if (n !== undefined && Number.isFinite(n)) lines = lines.slice(-n);
      if (!lines.length) return ok('-- No entries --\n');
      // journalctl pads the day with a zero where syslog pads it with a space.
      const out = lines.map((l) =>
        l.replace(/^(\w{3}) {1,2}(\d{1,2})/, (_, m, d) => `${m} ${d.padStart(2, '0')}`),
      );
      return ok(flags.has('q') ? `${out.join('\n')}\n` : `${out.join('\n')}\n`);
    }),
    command('ls', async (args, ctx) => {
      // GNU ls words a missing path "cannot access" (exit 2); just-bash's ls words it as BSD does.
      const r = await ctx.origCommand!(args);
      if (host.node.platformType === 'MacOS') return r;
      return {
        ...r,
        stderr: r.stderr.replace(
          /^ls: (.+): No such file or directory$/gm,
          "ls: cannot access '$1': No such file or directory",
        ),
      };
    }),
    ...networkCommands(host),
  ];
}

function human(kb: number, df = false): string {
  const units = df ? ['K', 'M', 'G', 'T'] : ['Ki', 'Mi', 'Gi', 'Ti'];
  let v = kb;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (v === 0) return df ? '0' : '0B';
  return v < 10 ? `${v.toFixed(1)}${units[i]}` : `${Math.round(v)}${units[i]}`;
}

function networkCommands(host: ShellHost): Command[] {
  const { ipAddress: ip, instanceId } = host.node;
  const iface = host.traits.iface;
  const mac = host.profile.facts.macAddress ?? `0a:${instanceId.slice(-10).match(/../g)!.join(':')}`;
  const net = ip.split('.').slice(0, 3).join('.');
  const addr = (v4only: boolean) =>
    [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
      ...(v4only ? [] : ['    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00']),
      '    inet 127.0.0.1/8 scope host lo',
      '       valid_lft forever preferred_lft forever',
      `2: ${iface}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP group default qlen 1000`,
      ...(v4only ? [] : [`    link/ether ${mac} brd ff:ff:ff:ff:ff:ff`]),
      `    inet ${ip}/24 metric 512 brd ${net}.255 scope global dynamic ${iface}`,
      '       valid_lft 3543sec preferred_lft 3543sec',
    ].join('\n') + '\n';
  return [
    command('ip', (args) => {
      const v4 = args.includes('-4');
      const rest = args.filter((a) => !/^-/.test(a));
      const obj = rest[0] ?? '';
      if ('address'.startsWith(obj) && obj) return ok(addr(v4));
      if ('route'.startsWith(obj) && obj)
        return ok(
          `default via ${net}.1 dev ${iface} proto dhcp src ${ip} metric 512\n${net}.0/24 dev ${iface} proto kernel scope link src ${ip} metric 512\n`,
        );
      if ('link'.startsWith(obj) && obj)
        return ok(
          `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: ${iface}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000\n    link/ether ${mac} brd ff:ff:ff:ff:ff:ff\n`,
        );
      if (!obj)
        return fail(
          'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\n',
          255,
        );
      return fail(`Object "${obj}" is unknown, try "ip help".\n`, 255);
    }),
    command('ifconfig', () =>
      ok(
        `${iface}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 9001\n        inet ${ip}  netmask 255.255.255.0  broadcast ${net}.255\n        ether ${mac}  txqueuelen 1000  (Ethernet)\n\nlo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask 255.0.0.0\n        loop  txqueuelen 1000  (Local Loopback)\n\n`,
      ),
    ),
  ];
}
