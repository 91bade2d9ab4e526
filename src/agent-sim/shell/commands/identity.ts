// Who and where the node is: hostname, whoami, id, groups, uname, nproc, from its facts and the shell's user.
import { arch, findUser, isMac, kernel } from '../host.js';
import { idLine, groupId } from '../users.js';
import { command, fail, ok, parseFlags, type Command, type CommandEnv } from './util.js';

export function identityCommands(env: CommandEnv): Command[] {
  const { host, user } = env;
  const node = host.node;
  return [
    command('hostname', (args) => {
      const { flags, long, operands } = parseFlags(args);
      const short = node.computerName.split('.')[0];
      if (operands.length) {
        // Renaming would desynchronise the node from what SSM reports; only root may try (hostname(1)).
        return fail(
          user.uid === 0
            ? 'hostname: the computer name of a virtual node is set by its fleet file\n'
            : 'hostname: you must be root to change the host name\n',
        );
      }
      if (flags.has('I') || long.has('all-ip-addresses')) return ok(`${node.ipAddress} \n`);
      if (flags.has('i') || long.has('ip-address')) return ok(`${node.ipAddress}\n`);
      if (flags.has('s') || long.has('short')) return ok(`${short}\n`);
      if (flags.has('d') || long.has('domain'))
        return ok(`${node.computerName.split('.').slice(1).join('.')}\n`);
      return ok(`${node.computerName}\n`);
    }),
    command('whoami', (args) =>
      args.length
        ? fail(`whoami: extra operand \u2018${args[0]}\u2019\nTry 'whoami --help' for more information.\n`)
        : ok(`${user.name}\n`),
    ),
    command('id', (args) => {
      const { flags, operands } = parseFlags(args);
      const who = operands.length ? findUser(host, operands[0]) : user;
      if (!who) return fail(`id: \u2018${operands[0]}\u2019: no such user\n`);
      const name = flags.has('n');
      if (flags.has('u')) return ok(`${name ? who.name : who.uid}\n`);
      if (flags.has('g')) return ok(`${name ? who.name : who.gid}\n`);
      if (flags.has('G')) {
        const all = [
          name ? who.name : String(who.gid),
          ...who.groups.map((g) => (name ? g : String(groupId(g)))),
        ];
        return ok(`${all.join(' ')}\n`);
      }
      return ok(`${idLine(who)}\n`);
    }),
    command('groups', (args) => {
      const who = args.length ? findUser(host, args[0]) : user;
      if (!who) return fail(`groups: \u2018${args[0]}\u2019: no such user\n`);
      const names = [who.name, ...who.groups].join(' ');
      return ok(args.length ? `${who.name} : ${names}\n` : `${names}\n`);
    }),
    command('nproc', () => ok(`${host.profile.facts.cpuCores}\n`)),
    command('uname', (args) => {
      const { flags, long } = parseFlags(args);
      if (long.has('all')) flags.add('a');
      const mac = isMac(host);
      const machine = mac && arch(host) === 'x86_64' ? 'x86_64' : mac ? 'arm64' : arch(host);
      const version = mac
        ? `Darwin Kernel Version ${kernel(host)}: Thu Sep 12 23:35:29 PDT 2024; root:xnu-10063.141.1.701.1~1/RELEASE_${machine.toUpperCase()}`
        : host.traits.sh === 'dash'
          ? `#23~${node.platformVersion}.1-Ubuntu SMP Tue Dec 10 15:30:15 UTC 2024`
          : '#1 SMP PREEMPT_DYNAMIC Tue Jan  7 22:51:18 UTC 2025';
      const parts: [string, string][] = [
        ['s', mac ? 'Darwin' : 'Linux'],
        ['n', node.computerName],
        ['r', kernel(host)],
        ['v', version],
        ['m', machine],
        ['p', mac ? (machine === 'arm64' ? 'arm' : 'i386') : machine],
        ['i', machine],
        ['o', mac ? 'Darwin' : 'GNU/Linux'],
      ];
      const unknown = [...flags].find((f) => !'asnrvmpio'.includes(f));
      if (unknown)
        return fail(`uname: invalid option -- '${unknown}'\nTry 'uname --help' for more information.\n`);
      const wanted = flags.has('a')
        ? parts.filter(([f]) => !mac || (f !== 'i' && f !== 'o'))
        : parts.filter(([f]) => flags.has(f));
      return ok(`${(wanted.length ? wanted : parts.slice(0, 1)).map(([, v]) => v).join(' ')}\n`);
    }),
  ];
}
