// The layer rules of eslint.config.js: src/engine and src/agent-sim never import each other (they meet in
// src/agent-contract), neither imports src/api, the contract imports neither side, and the store is below all.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The no-restricted-imports messages ESLint gives `code` as if it were the file at `filePath`. */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const AGENTS = 'The engine talks to agents only through src/agent-contract (the fleet and its links).';
const ENGINE = 'Agents talk to the engine only through src/agent-contract messages.';
const API = 'Only src/api (and the composition root) may import the wire layer.';
const CONTRACT = 'src/agent-contract is imported by both sides and imports neither.';
const NEUTRAL =
  'src/patch-catalog (the simulated OS repositories and Patch Manager rules) is read by the engine and by agents: it imports neither.';

describe('layer rules', () => {
  it('src/engine may import the contract and the store, not the agents or the wire', async () => {
    expect(
      await restricted(
        'src/engine/fleet/example.ts',
        [
          "import { VirtualAgent } from '../../agent-sim/virtual-agent.js';",
          "import { buildServer } from '../../api/server.js';",
          "export * from '../../agent-sim/streams/tcp.js';",
          "import type { AgentLink } from '../../agent-contract/protocol.js';",
          "import type { Store } from '../../store/index.js';",
          "import { FleetEngine } from './fleet.js';",
        ].join('\n'),
      ),
    ).toEqual([
      `'../../agent-sim/virtual-agent.js' import is restricted from being used by a pattern. ${AGENTS}`,
      `'../../api/server.js' import is restricted from being used by a pattern. ${API}`,
      `'../../agent-sim/streams/tcp.js' import is restricted from being used by a pattern. ${AGENTS}`,
    ]);
  });

  it('src/agent-sim may import the contract, not the engine or the wire', async () => {
    expect(
      await restricted(
        'src/agent-sim/standalone/example.ts',
        [
          "import { Clock } from '../../engine/clock.js';",
          "import type { Services } from '../../api/server.js';",
          "import type { AgentClock } from '../../agent-contract/in-process.js';",
          "import { tcpStream } from '../streams/tcp.js';",
        ].join('\n'),
      ),
    ).toEqual([
      `'../../engine/clock.js' import is restricted from being used by a pattern. ${ENGINE}`,
      `'../../api/server.js' import is restricted from being used by a pattern. ${API}`,
    ]);
  });

  it('src/agent-contract imports neither side', async () => {
    expect(
      await restricted(
        'src/agent-contract/example.ts',
        [
          "import type { Clock } from '../engine/clock.js';",
          "import type { VirtualAgent } from '../agent-sim/virtual-agent.js';",
          "import { lazy } from '../lazy.js';",
        ].join('\n'),
      ),
    ).toEqual([
      `'../engine/clock.js' import is restricted from being used by a pattern. ${CONTRACT}`,
      `'../agent-sim/virtual-agent.js' import is restricted from being used by a pattern. ${CONTRACT}`,
    ]);
  });

  it('src/patch-catalog, read by the engine and by agents, imports neither, nor the contract or the store', async () => {
    expect(
      await restricted(
        'src/patch-catalog/example.ts',
        [
          "import type { Clock } from '../engine/clock.js';",
          "import type { NodeState } from '../agent-sim/virtual-agent.js';",
          "import type { Store } from '../store/index.js';",
          "import type { AgentLink } from '../agent-contract/protocol.js';",
          "import type { OperatingSystem } from '../model/generated/types.js';",
          "import { wildcard } from '../wildcard.js';",
        ].join('\n'),
      ),
    ).toEqual([
      `'../engine/clock.js' import is restricted from being used by a pattern. ${NEUTRAL}`,
      `'../agent-sim/virtual-agent.js' import is restricted from being used by a pattern. ${NEUTRAL}`,
      `'../store/index.js' import is restricted from being used by a pattern. ${NEUTRAL}`,
      `'../agent-contract/protocol.js' import is restricted from being used by a pattern. ${NEUTRAL}`,
    ]);
  });

  it('src/store uses SQLite and imports neither the engine nor the wire; nothing else uses SQLite', async () => {
    expect(
      await restricted(
        'src/store/repositories/example.ts',
        [
          "import Database from 'better-sqlite3';",
          "import type { Clock } from '../../engine/clock.js';",
          "import type { Services } from '../../api/server.js';",
        ].join('\n'),
      ),
    ).toEqual([
      "'../../engine/clock.js' import is restricted from being used by a pattern. The store is below the engine.",
      "'../../api/server.js' import is restricted from being used by a pattern. The store is below the wire.",
    ]);
    for (const file of ['src/engine/example.ts', 'src/agent-sim/example.ts', 'src/api/example.ts'])
      expect(await restricted(file, "import Database from 'better-sqlite3';")).toEqual([
        "'better-sqlite3' import is restricted from being used. Only src/store may use SQLite.",
      ]);
  });
});
