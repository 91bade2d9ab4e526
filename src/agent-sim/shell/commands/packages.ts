// The image's package tools over the node's package list (facts, then installs and removals): rpm and
// yum/dnf on RPM images, dpkg and apt/apt-get on Ubuntu. A change is seen by the next command and by
// inventory (aws:softwareInventory). There is no repository: any name installs, at version 1.0.0 as
// aws:configurePackage does.
import { installedPackages, packageVersion } from '../../node-state.js';
import { arch, type ShellHost } from '../host.js';
import { syncOnDemand } from './on-demand.js';
import { command, fail, ok, isRoot, type Command, type CommandEnv, type ExecResult } from './util.js';

const NEW_VERSION = '1.0.0';

export function packageCommands(env: CommandEnv): Command[] {
  const { host, user } = env;
  const tools = host.traits.packageTools;
  const pm = new PackageState(host);
  const root = isRoot(user);
  const tool = (name: string, run: (args: string[]) => ExecResult) =>
    command(name, async (args, ctx) => {
      const r = run(args);
      await syncOnDemand(ctx.fs, host); // an installed jq is on the PATH for the next line
      return r;
    });
  const cmds: Command[] = [];
  if (tools.includes('rpm')) cmds.push(tool('rpm', (args) => rpm(pm, args, root)));
  if (tools.includes('dnf')) {
    cmds.push(tool('dnf', (args) => dnf(pm, args, root, 'dnf')));
    cmds.push(tool('yum', (args) => dnf(pm, args, root, 'yum')));
  } else if (tools.includes('yum')) cmds.push(tool('yum', (args) => yum(pm, args, root)));
  if (tools.includes('dpkg')) {
    cmds.push(tool('dpkg', (args) => dpkg(pm, args)));
    cmds.push(tool('apt-get', (args) => apt(pm, args, root, 'apt-get')));
    cmds.push(tool('apt', (args) => apt(pm, args, root, 'apt')));
  }
  return cmds;
}

class PackageState {
  constructor(readonly host: ShellHost) {}
  list() {
    return installedPackages(this.host.profile, this.host.state).sort((a, b) => a.name.localeCompare(b.name));
  }
  version(name: string) {
    return packageVersion(this.host.profile, this.host.state, name);
  }
  install(name: string) {
    this.host.state.packages.set(name, NEW_VERSION);
  }
  remove(name: string) {
    this.host.state.packages.set(name, null);
  }
  get arch() {
    return arch(this.host);
  }
  /** An RPM version-release: the fact's version, with a release of the image's dist when it has none. */
  evr(version: string) {
    const dist =
      this.host.profile.os === 'rhel-9'
        ? 'el9'
        : this.host.profile.os === 'amazon-linux-2'
          ? 'amzn2'
          : 'amzn2023';
    return version.includes('-') ? version : `${version}-1.${dist}`;
  }
  nvra(name: string, version: string) {
    return `${name}-${this.evr(version)}.${this.arch}`;
  }
  get debArch() {
    return this.arch === 'aarch64' ? 'arm64' : 'amd64';
  }
}

function rpm(pm: PackageState, args: string[], root: boolean): ExecResult {
  const opts = args.filter((a) => a.startsWith('-')).join('');
  const names = args.filter((a) => !a.startsWith('-'));
  if (args.includes('--version')) return ok('RPM version 4.16.1.3\n');
  if (/^-q/.test(opts) || opts.startsWith('--query')) {
    if (opts.includes('a'))
      return ok(
        pm
          .list()
          .map((p) => `${pm.nvra(p.name, p.version)}\n`)
          .join(''),
      );
    if (!names.length) return fail('rpm: no arguments given for query\n');
    let stdout = '';
    let missing = 0;
    for (const n of names) {
      const v = pm.version(n);
      if (v === undefined) {
        stdout += `package ${n} is not installed\n`;
        missing++;
      } else if (opts.includes('i')) {
        const [version, release] = pm.evr(v).split('-');
        stdout += `Name        : ${n}\nVersion     : ${version}\nRelease     : ${release}\nArchitecture: ${pm.arch}\nSummary     : ${n}\n`;
      } else stdout += `${pm.nvra(n, v)}\n`;
    }
    return { stdout, stderr: '', exitCode: missing };
  }
  if (/^-e/.test(opts) || opts.startsWith('--erase')) {
    if (!root)
      return fail(`error: can't create transaction lock on /var/lib/rpm/.rpm.lock (Permission denied)\n`);
    for (const n of names)
      if (pm.version(n) === undefined) return fail(`error: package ${n} is not installed\n`);
    names.forEach((n) => pm.remove(n));
    return ok();
  }
  if (/^-[iU]/.test(opts))
    return fail(names.map((n) => `error: open of ${n} failed: No such file or directory\n`).join(''));
  return fail('rpm: no operation specified\n');
}

const yes = (args: string[]) => args.includes('-y') || args.includes('--assumeyes');
const operands = (args: string[]) => args.filter((a) => !a.startsWith('-')).slice(1);

function dnf(pm: PackageState, args: string[], root: boolean, name: 'dnf' | 'yum'): ExecResult {
  const verb = args.find((a) => !a.startsWith('-')) ?? '';
  const pkgs = operands(args);
  const checked = `Last metadata expiration check: 0:12:31 ago on ${dnfTime(pm.host.sleeper.nowMs() - 751_000)}.\n`;
  if (args.includes('--version')) return ok('4.14.0\n');
  if (['install', 'remove', 'erase', 'update', 'upgrade', 'reinstall'].includes(verb) && !root)
    return fail(
      'Error: This command has to be run with superuser privileges (under the root user on most systems).\n',
    );
  switch (verb) {
    case 'list': {
      const rows = pm
        .list()
        .filter((p) => !pkgs.slice(pkgs[0] === 'installed' ? 1 : 0).length || pkgs.includes(p.name));
      if (!rows.length) return fail('Error: No matching Packages to list\n');
      return ok(
        `Installed Packages\n${rows.map((p) => `${`${p.name}.${pm.arch}`.padEnd(40)}${pm.evr(p.version).padEnd(24)}@${pm.host.traits.repo}\n`).join('')}`,
      );
    }
    case 'install':
    case 'reinstall': {
      if (!pkgs.length) return fail('Error: Need to pass a list of pkgs to install\n');
      const todo = pkgs.filter((p) => pm.version(p) === undefined);
      const have = pkgs
        .filter((p) => pm.version(p) !== undefined)
        .map((p) => `Package ${pm.nvra(p, pm.version(p)!)} is already installed.\n`);
      if (!todo.length)
        return ok(`${checked}${have.join('')}Dependencies resolved.\nNothing to do.\nComplete!\n`);
      const table = transaction(pm, 'Installing', todo);
      if (!yes(args))
        return fail(
          'Operation aborted.\n',
          1,
          `${checked}${have.join('')}Dependencies resolved.\n${table}Is this ok [y/N]: `,
        );
      todo.forEach((p) => pm.install(p));
      const done = todo.map((p) => `  ${pm.nvra(p, NEW_VERSION)}\n`).join('');
      return ok(
        `${checked}${have.join('')}Dependencies resolved.\n${table}Downloading Packages:\nRunning transaction\n\nInstalled:\n${done}\nComplete!\n`,
      );
    }
    case 'remove':
    case 'erase': {
      const todo = pkgs.filter((p) => pm.version(p) !== undefined);
      const missing = pkgs
        .filter((p) => pm.version(p) === undefined)
        .map((p) => `No match for argument: ${p}\n`)
        .join('');
      if (!todo.length)
        return ok(
          `${missing}No packages marked for removal.\nDependencies resolved.\nNothing to do.\nComplete!\n`,
        );
      const table = transaction(pm, 'Removing', todo);
      if (!yes(args))
        return fail(
          'Operation aborted.\n',
          1,
          `${missing}Dependencies resolved.\n${table}Is this ok [y/N]: `,
        );
      const done = todo.map((p) => `  ${pm.nvra(p, pm.version(p)!)}\n`).join('');
      todo.forEach((p) => pm.remove(p));
      return ok(
        `${missing}Dependencies resolved.\n${table}Running transaction\n\nRemoved:\n${done}\nComplete!\n`,
      );
    }
    case 'update':
    case 'upgrade':
      return ok(`${checked}Dependencies resolved.\nNothing to do.\nComplete!\n`);
    case 'check-update':
      return ok(checked);
    case 'makecache':
      return ok(`${checked}Metadata cache created.\n`);
    case 'clean':
      return ok('0 files removed\n');
    default:
      return fail(
        `No such command: ${verb}. Please use /usr/bin/${name} --help\nIt could be a ${name} plugin command, try: "${name} install 'dnf-command(${verb})'"\n`,
      );
  }
}

function transaction(pm: PackageState, what: 'Installing' | 'Removing', pkgs: string[]): string {
  const bar = `${'='.repeat(80)}\n`;
  const rows = pkgs.map(
    (p) =>
      ` ${p.padEnd(20)} ${pm.arch.padEnd(12)} ${pm.evr(pm.version(p) ?? NEW_VERSION).padEnd(22)} ${pm.host.traits.repo.padEnd(14)} 10 k\n`,
  );
  const n = pkgs.length;
  return `${bar} Package              Architecture Version                Repository      Size\n${bar}${what}:\n${rows.join('')}\nTransaction Summary\n${bar}${what === 'Installing' ? 'Install' : 'Remove '}  ${n} Package${n === 1 ? '' : 's'}\n\n`;
}

/** yum 3 on Amazon Linux 2. */
function yum(pm: PackageState, args: string[], root: boolean): ExecResult {
  const verb = args.find((a) => !a.startsWith('-')) ?? '';
  const pkgs = operands(args);
  const loaded = 'Loaded plugins: extras_suggestions, langpacks, priorities, update-motd\n';
  if (['install', 'remove', 'erase', 'update', 'upgrade'].includes(verb) && !root)
    return fail('You need to be root to perform this command.\n', 1, loaded);
  switch (verb) {
    case 'list': {
      const rows = pm
        .list()
        .filter((p) => !pkgs.slice(pkgs[0] === 'installed' ? 1 : 0).length || pkgs.includes(p.name));
      if (!rows.length) return fail('Error: No matching Packages to list\n', 1, loaded);
      return ok(
        `${loaded}Installed Packages\n${rows.map((p) => `${`${p.name}.${pm.arch}`.padEnd(34)}${pm.evr(p.version).padEnd(24)}@${pm.host.traits.repo}\n`).join('')}`,
      );
    }
    case 'install': {
      const todo = pkgs.filter((p) => pm.version(p) === undefined);
      const have = pkgs
        .filter((p) => pm.version(p) !== undefined)
        .map((p) => `Package ${pm.nvra(p, pm.version(p)!)} already installed and latest version\n`);
      if (!todo.length) return ok(`${loaded}${have.join('')}Nothing to do\n`);
      const plan = `${loaded}${have.join('')}Resolving Dependencies\n--> Running transaction check\n${todo.map((p) => `---> Package ${p}.${pm.arch} 0:${pm.evr(NEW_VERSION)} will be installed\n`).join('')}--> Finished Dependency Resolution\n\nDependencies Resolved\n\n`;
      if (!yes(args)) return fail('Exiting on user command\n', 1, `${plan}Is this ok [y/d/N]: `);
      todo.forEach((p) => pm.install(p));
      return ok(
        `${plan}Installed:\n${todo.map((p) => `  ${p}.${pm.arch} 0:${pm.evr(NEW_VERSION)}`).join('\n')}\n\nComplete!\n`,
      );
    }
    case 'remove':
    case 'erase': {
      const todo = pkgs.filter((p) => pm.version(p) !== undefined);
      if (!todo.length)
        return ok(
          `${loaded}${pkgs.map((p) => `No Match for argument: ${p}\n`).join('')}No Packages marked for removal\n`,
        );
      if (!yes(args))
        return fail('Exiting on user command\n', 1, `${loaded}Resolving Dependencies\n\nIs this ok [y/N]: `);
      const done = todo.map((p) => `  ${p}.${pm.arch} 0:${pm.evr(pm.version(p)!)}`).join('\n');
      todo.forEach((p) => pm.remove(p));
      return ok(`${loaded}Resolving Dependencies\n\nRemoved:\n${done}\n\nComplete!\n`);
    }
    case 'update':
    case 'upgrade':
      return ok(`${loaded}No packages marked for update\n`);
    case 'check-update':
    case 'makecache':
    case 'clean':
      return ok(loaded);
    default:
      return fail(`No such command: ${verb}. Please use /usr/bin/yum --help\n`, 1, loaded);
  }
}

function dpkg(pm: PackageState, args: string[]): ExecResult {
  const names = args.filter((a) => !a.startsWith('-'));
  if (args.includes('-l') || args.includes('--list')) {
    const rows = pm.list().filter((p) => !names.length || names.includes(p.name));
    const missing = names.filter((n) => !rows.some((r) => r.name === n));
    const head =
      'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n||/ Name           Version            Architecture Description\n+++-==============-==================-============-=================================\n';
    const body = rows
      .map((p) => `ii  ${p.name.padEnd(14)} ${p.version.padEnd(18)} ${pm.debArch.padEnd(12)} ${p.name}\n`)
      .join('');
    const stderr = missing.map((n) => `dpkg-query: no packages found matching ${n}\n`).join('');
    return { stdout: rows.length ? head + body : '', stderr, exitCode: missing.length ? 1 : 0 };
  }
  if (args.includes('-s') || args.includes('--status')) {
    let stdout = '';
    let stderr = '';
    for (const n of names) {
      const v = pm.version(n);
      if (v === undefined)
        stderr += `dpkg-query: package '${n}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n`;
      else
        stdout += `Package: ${n}\nStatus: install ok installed\nPriority: optional\nSection: misc\nArchitecture: ${pm.debArch}\nVersion: ${v}\n`;
    }
    return { stdout, stderr, exitCode: stderr ? 1 : 0 };
  }
  if (args.includes('--version'))
    return ok("Debian 'dpkg' package management program version 1.21.1 (amd64).\n");
  return fail(
    "dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n",
    2,
  );
}

function apt(pm: PackageState, args: string[], root: boolean, name: 'apt' | 'apt-get'): ExecResult {
  const verb = args.find((a) => !a.startsWith('-')) ?? '';
  const pkgs = operands(args);
  // apt warns scripts that its output may change; apt-get is the scripting interface.
  const warn =
    name === 'apt'
      ? '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n'
      : '';
  const reading = 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n';
  const code = pm.host.profile.os === 'ubuntu-24.04' ? 'noble' : 'jammy';
  const mirror = `http://${pm.host.node.region}.ec2.archive.ubuntu.com/ubuntu`;
  if (['install', 'remove', 'purge', 'upgrade', 'dist-upgrade', 'update'].includes(verb) && !root) {
    if (verb === 'update')
      return fail(
        `${warn}E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n`,
        100,
        'Reading package lists...\n',
      );
    return fail(
      `${warn}E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n`,
      100,
    );
  }
  const summary = (n: number, r: number) =>
    `0 upgraded, ${n} newly installed, ${r} to remove and 0 not upgraded.\n`;
  switch (verb) {
    case 'list': {
      if (!args.includes('--installed')) return { stdout: 'Listing...\n', stderr: warn, exitCode: 0 };
      const rows = pm
        .list()
        .map((p) => `${p.name}/${code}-updates,now ${p.version} ${pm.debArch} [installed]\n`);
      return { stdout: `Listing...\n${rows.join('')}`, stderr: warn, exitCode: 0 };
    }
    case 'update':
      return {
        stdout: `Hit:1 ${mirror} ${code} InRelease\nHit:2 ${mirror} ${code}-updates InRelease\nHit:3 http://security.ubuntu.com/ubuntu ${code}-security InRelease\nReading package lists...\n`,
        stderr: warn,
        exitCode: 0,
      };
    case 'install': {
      if (!pkgs.length) return { stdout: `${reading}${summary(0, 0)}`, stderr: warn, exitCode: 0 };
      const todo = pkgs.filter((p) => pm.version(p) === undefined);
      const have = pkgs
        .filter((p) => pm.version(p) !== undefined)
        .map((p) => `${p} is already the newest version (${pm.version(p)}).\n`);
      if (!todo.length)
        return { stdout: `${reading}${have.join('')}${summary(0, 0)}`, stderr: warn, exitCode: 0 };
      todo.forEach((p) => pm.install(p));
      const steps = todo
        .map(
          (p) =>
            `Selecting previously unselected package ${p}.\nPreparing to unpack .../${p}_${NEW_VERSION}_${pm.debArch}.deb ...\nUnpacking ${p} (${NEW_VERSION}) ...\n`,
        )
        .join('');
      const setup = todo.map((p) => `Setting up ${p} (${NEW_VERSION}) ...\n`).join('');
      return {
        stdout: `${reading}${have.join('')}The following NEW packages will be installed:\n  ${todo.join(' ')}\n${summary(todo.length, 0)}${steps}${setup}`,
        stderr: warn,
        exitCode: 0,
      };
    }
    case 'remove':
    case 'purge': {
      const todo = pkgs.filter((p) => pm.version(p) !== undefined);
      const missing = pkgs
        .filter((p) => pm.version(p) === undefined)
        .map((p) => `Package '${p}' is not installed, so not removed\n`);
      if (!todo.length)
        return { stdout: `${reading}${missing.join('')}${summary(0, 0)}`, stderr: warn, exitCode: 0 };
      const plan = `${reading}${missing.join('')}The following packages will be REMOVED:\n  ${todo.join(' ')}\n${summary(0, todo.length)}`;
      if (!yes(args))
        return { stdout: `${plan}Do you want to continue? [Y/n] Abort.\n`, stderr: warn, exitCode: 1 };
      const done = todo.map((p) => `Removing ${p} (${pm.version(p)}) ...\n`).join('');
      todo.forEach((p) => pm.remove(p));
      return { stdout: `${plan}${done}`, stderr: warn, exitCode: 0 };
    }
    case 'upgrade':
    case 'dist-upgrade':
      return { stdout: `${reading}Calculating upgrade...\n${summary(0, 0)}`, stderr: warn, exitCode: 0 };
    case 'clean':
    case 'autoremove':
      return { stdout: verb === 'autoremove' ? `${reading}${summary(0, 0)}` : '', stderr: warn, exitCode: 0 };
    default:
      return {
        stdout: '',
        stderr: `${warn}E: Invalid operation ${verb}\n`,
        exitCode: name === 'apt' ? 1 : 100,
      };
  }
}

/** dnf's time: "Sun 01 Mar 2026 12:00:00 AM UTC". */
function dnfTime(ms: number): string {
  const d = new Date(ms);
  const [wd, day, mon, year] = d.toUTCString().split(/,? /);
  const h = d.getUTCHours();
  const hh = String(h % 12 || 12).padStart(2, '0');
  return `${wd} ${day} ${mon} ${year} ${hh}:${d.toISOString().slice(14, 19)} ${h < 12 ? 'AM' : 'PM'} UTC`;
}
