// sudo runs a command as another user of the node (root by default) in another shell of the same node:
// same files, that user's identity. ssm-user may (SSM Agent's sudoers file), so may the image's admins.
import { findUser } from '../host.js';
import { SSM_USER } from '../users.js';
import { command, fail, type Command, type CommandEnv } from './util.js';

// What sudo keeps of the caller's environment (env_reset) and the PATH it sets (secure_path).
const SECURE_PATH = '/sbin:/bin:/usr/sbin:/usr/bin';
const KEPT = ['TERM', 'LANG', 'LC_ALL', 'DISPLAY', 'COLORS', 'LS_COLORS'];
const USAGE =
  'usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]\n';

export function sudoCommand(env: CommandEnv): Command {
  const { host, user } = env;
  return command('sudo', async (args, ctx) => {
    let target = 'root';
    let keep = false;
    let login = false;
    let i = 0;
    for (; i < args.length && args[i].startsWith('-'); i++) {
      const a = args[i];
      if (a === '--') {
        i++;
        break;
      }
      if (a === '-u' || a === '--user') target = args[++i] ?? '';
      else if (a.startsWith('--user=')) target = a.slice(7);
      else if (a === '-E' || a === '--preserve-env') keep = true;
      else if (a === '-i' || a === '--login' || a === '-s' || a === '--shell')
        login = a === '-i' || a === '--login';
      else if (!['-n', '-H', '-S', '-k', '--non-interactive'].includes(a))
        return fail(`sudo: invalid option -- '${a.replace(/^-+/, '')}'\n${USAGE}`);
    }
    const argv = args.slice(i);
    if (!argv.length) return fail(USAGE);
    const who = findUser(host, target.replace(/^#/, ''));
    if (!who)
      return fail(`sudo: unknown user ${target}\nsudo: error initializing audit plugin sudoers_audit\n`);
    const allowed =
      user.uid === 0 || user.name === SSM_USER || user.groups.some((g) => g === 'wheel' || g === 'sudo');
    if (!allowed) return fail(`sudo: a password is required\n`);
    const caller = keep
      ? { ...ctx.exportedEnv }
      : Object.fromEntries(KEPT.filter((k) => ctx.env.has(k)).map((k) => [k, ctx.env.get(k)!]));
    const runEnv: Record<string, string> = {
      ...caller,
      PATH: keep ? (ctx.env.get('PATH') ?? SECURE_PATH) : SECURE_PATH,
      HOME: who.home,
      USER: who.name,
      LOGNAME: who.name,
      SHELL: who.shell,
      SUDO_USER: user.name,
      SUDO_UID: String(user.uid),
      SUDO_GID: String(user.gid),
      SUDO_COMMAND: argv.join(' '),
    };
    const r = await env.runAs(who, argv, login ? { ...ctx, cwd: who.home } : ctx, runEnv);
    // sudo itself reports a command it cannot find, with its own exit code.
    const missing = new RegExp(`^bash: ${escape(argv[0])}: command not found\\n$`);
    if (r.exitCode === 127 && missing.test(r.stderr)) return fail(`sudo: ${argv[0]}: command not found\n`);
    return r;
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
