// The custom commands of one user's shell on a node: what a stock image of its OS answers, from its facts.
import { identityCommands } from './identity.js';
import { packageCommands } from './packages.js';
import { serviceCommands } from './services.js';
import { sudoCommand } from './sudo.js';
import { systemCommands } from './system.js';
import { command, type Command, type CommandEnv } from './util.js';
import { ON_DEMAND, installed } from './on-demand.js';

/** Commands that appear with their package. */
export const ON_DEMAND_COMMANDS = Object.keys(ON_DEMAND);

/** just-bash commands no stock image has: left out of every node's shell. */
export const NEVER_PRESENT = ['html-to-markdown', 'xan'];

export function nodeCommands(env: CommandEnv): Command[] {
  const onDemand = Object.keys(ON_DEMAND).map((name) =>
    command(name, (args, ctx) => {
      if (installed(env.host, name)) return ctx.origCommand!(args);
      return { stdout: '', stderr: `bash: ${name}: command not found\n`, exitCode: 127 };
    }),
  );
  return [
    ...identityCommands(env),
    ...systemCommands(env),
    ...serviceCommands(env),
    ...packageCommands(env),
    sudoCommand(env),
    ...onDemand,
  ];
}
