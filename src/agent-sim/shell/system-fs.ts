// A node's file system: its own files over the image, plus what every node of an OS shares. just-bash would
// write a stub per command into /bin and /usr/bin of every node (~86 KB and most of a shell's start-up);
// here one copy per OS lies under each node's own /usr/bin, and /dev is a device folder whose writes
// vanish (just-bash's own /dev/null is a plain file that keeps what is written to it).
import type { IFileSystem } from 'just-bash';
import type { JustBash } from './load.js';
import { commandStub } from './commands/on-demand.js';

type Dirent = { name: string; isFile: boolean; isDirectory: boolean; isSymbolicLink: boolean };

/**
 * /bin and /usr/bin of one node: the OS's shared command stubs below, the node's own files above (a script
 * may write there: Run Command starts in /usr/bin). A stub the node deletes is hidden, not removed.
 */
function overlay(lower: IFileSystem, upper: IFileSystem): IFileSystem {
  const hidden = new Set<string>();
  const below = async (p: string) => !hidden.has(p) && p !== '/' && (await lower.exists(p));
  const pick = async (p: string) => ((await upper.exists(p)) || !(await below(p)) ? upper : lower);
  const copyUp = async (p: string) => {
    if (!(await upper.exists(p)) && (await below(p))) await upper.writeFile(p, await lower.readFile(p));
  };
  const own: Partial<Record<keyof IFileSystem, unknown>> = {
    readFile: async (p: string, o?: never) => (await pick(p)).readFile(p, o),
    readFileBuffer: async (p: string) => (await pick(p)).readFileBuffer(p),
    readFileBytes: async (p: string) => {
      const fs = await pick(p);
      return fs.readFileBytes ? fs.readFileBytes(p) : undefined;
    },
    exists: async (p: string) => (await upper.exists(p)) || (await below(p)),
    stat: async (p: string) => (await pick(p)).stat(p),
    lstat: async (p: string) => (await pick(p)).lstat(p),
    readlink: async (p: string) => (await pick(p)).readlink(p),
    realpath: async (p: string) => ((await below(p)) && !(await upper.exists(p)) ? p : upper.realpath(p)),
    readdir: async (p: string) =>
      [...new Set([...(await listOf(upper, p)), ...(await listOf(lower, p, hidden))])].sort(),
    readdirWithFileTypes: async (p: string) => {
      const seen = new Map<string, Dirent>();
      for (const fs of [lower, upper])
        for (const name of await listOf(fs, p, fs === lower ? hidden : undefined)) {
          const st = await fs.stat(`${p.replace(/\/$/, '')}/${name}`);
          seen.set(name, { name, isFile: st.isFile, isDirectory: st.isDirectory, isSymbolicLink: false });
        }
      return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
    },
    writeFile: async (p: string, c: never, o?: never) => {
      hidden.delete(p);
      return upper.writeFile(p, c, o);
    },
    appendFile: async (p: string, c: never, o?: never) => {
      await copyUp(p);
      return upper.appendFile(p, c, o);
    },
    chmod: async (p: string, m: number) => {
      await copyUp(p);
      return upper.chmod(p, m);
    },
    utimes: async (p: string, a: Date, m: Date) => {
      await copyUp(p);
      return upper.utimes(p, a, m);
    },
    rm: async (p: string, o?: never) => {
      const there = await below(p);
      if (there) hidden.add(p);
      if ((await upper.exists(p)) || !there) await upper.rm(p, o);
    },
    cp: async (src: string, dest: string, o?: never) => {
      await copyUp(src);
      return upper.cp(src, dest, o);
    },
    mv: async (src: string, dest: string) => {
      await copyUp(src);
      if (await below(src)) hidden.add(src);
      return upper.mv(src, dest);
    },
    getAllPaths: () => [
      ...new Set([...upper.getAllPaths(), ...lower.getAllPaths().filter((p) => !hidden.has(p))]),
    ],
  };
  return new Proxy(upper, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in own) return own[prop as keyof IFileSystem];
      // Without writeFileSync just-bash does not write its own stubs here.
      if (prop === 'writeFileSync' || prop === 'mkdirSync') return undefined;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function listOf(fs: IFileSystem, p: string, hidden?: Set<string>): Promise<string[]> {
  try {
    const names = await fs.readdir(p);
    return hidden ? names.filter((n) => !hidden.has(`${p.replace(/\/$/, '')}/${n}`)) : names;
  } catch {
    return [];
  }
}

/** /dev: reads as empty, writes discarded. */
function devices(jb: JustBash): IFileSystem {
  const names = ['null', 'zero', 'random', 'urandom', 'tty', 'stdin', 'stdout', 'stderr', 'full'];
  const fs = new jb.InMemoryFs(Object.fromEntries(names.map((n) => [`/${n}`, ''])));
  return new Proxy(fs, {
    get(target, prop) {
      if (prop === 'writeFile' || prop === 'appendFile') return async () => {};
      if (prop === 'writeFileSync' || prop === 'mkdirSync') return undefined;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const shared = new Map<string, { bin: IFileSystem; dev: IFileSystem }>();

/**
 * The file system of one node: `files` (its image) in its own memory, the command stubs of its OS
 * (`commands`: the names its shells answer) shared and read-only at /bin and /usr/bin, /dev shared.
 */
export function nodeFileSystem(
  jb: JustBash,
  os: string,
  commands: string[],
  files: Record<string, string | (() => string)>,
  maxBytes: number,
): IFileSystem {
  let s = shared.get(os);
  if (!s) {
    const stubs = commands.map((c) => [`/${c}`, { content: commandStub(c), mode: 0o755 }]);
    s = { bin: new jb.InMemoryFs(Object.fromEntries(stubs)), dev: devices(jb) };
    shared.set(os, s);
  }
  // /bin is a link to /usr/bin on these images: one overlay serves both.
  const bin = overlay(s.bin, new jb.InMemoryFs({}, { maxTotalBytes: maxBytes }));
  return new jb.MountableFs({
    base: new jb.InMemoryFs(files, { maxTotalBytes: maxBytes }),
    mounts: [
      { mountPoint: '/usr/bin', filesystem: bin },
      { mountPoint: '/bin', filesystem: bin },
      { mountPoint: '/dev', filesystem: s.dev },
    ],
  });
}
