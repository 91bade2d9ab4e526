// The custom commands of one user's shell on a node: what a stock image of its OS answers, from its facts.
import { identityCommands } from './identity.js';
import { packageCommands } from './packages.js';
import { serviceCommands } from './services.js';
import { sudoCommand } from './sudo.js';
import { systemCommands } from './system.js';
import { command, type Command, type CommandEnv } from './util.js';
import { packageVersion } from '../../node-state.js';

/** just-bash commands a stock image lacks until its package is installed (name -> package names). */
const ON_DEMAND: Record<string, string[]> = {
  jq: ['jq'],
  yq: ['yq'],
  rg: ['ripgrep'],
  tree: ['tree'],
  sqlite3: ['sqlite', 'sqlite3'],
};

/** just-bash commands no stock image has: left out of every node's shell. */
export const NEVER_PRESENT = ['html-to-markdown', 'xan'];

export function nodeCommands(env: CommandEnv, session: () => boolean): Command[] {
  const onDemand = Object.entries(ON_DEMAND).map(([name, pkgs]) =>
    command(name, (args, ctx) => {
      const { profile, state } = env.host;
      if (pkgs.some((p) => packageVersion(profile, state, p) !== undefined)) return ctx.origCommand!(args);
      return { stdout: '', stderr: `bash: ${name}: command not found\n`, exitCode: 127 };
    }),
  );
  return [
    ...identityCommands(env),
    ...systemCommands(env, session),
    ...serviceCommands(env),
    ...packageCommands(env),
    sudoCommand(env),
    ...onDemand,
  ];
}
