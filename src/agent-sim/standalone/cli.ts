// `ssm-emulator agent --endpoint URL --activation-code C --activation-id I --region R`
import { parseArgs } from 'node:util';
import { StandaloneAgent } from './agent.js';

export const AGENT_USAGE = `Usage: ssm-emulator agent --endpoint URL --activation-code CODE --activation-id ID --region REGION

  Registers this machine as a hybrid managed node (mi-...) of the emulator at URL, using an activation from
  CreateActivation, keeps it Online with heartbeats, and runs its commands and sessions for real on this host.

  --endpoint URL           the emulator, e.g. http://127.0.0.1:4583
  --activation-code CODE   ActivationCode from create-activation
  --activation-id ID       ActivationId from create-activation
  --region REGION          the activation's region
  --heartbeat-seconds N    heartbeat interval (default: what the emulator asks, 300 as SSM Agent)
`;

export async function runAgentCli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: { type: 'string' },
      'activation-code': { type: 'string' },
      'activation-id': { type: 'string' },
      region: { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(AGENT_USAGE);
    return 0;
  }
  const missing = ['endpoint', 'activation-code', 'activation-id', 'region'].filter(
    (k) => !values[k as keyof typeof values],
  );
  if (missing.length) {
    process.stderr.write(`ssm-emulator agent: missing --${missing.join(', --')}\n\n${AGENT_USAGE}`);
    return 2;
  }
  const heartbeat =
    values['heartbeat-seconds'] === undefined ? undefined : Number(values['heartbeat-seconds']);
  if (heartbeat !== undefined && !(heartbeat > 0)) {
    process.stderr.write('ssm-emulator agent: --heartbeat-seconds must be a positive number\n');
    return 2;
  }
  const agent = new StandaloneAgent({
    endpoint: values.endpoint!,
    activationCode: values['activation-code']!,
    activationId: values['activation-id']!,
    region: values.region!,
    heartbeatSeconds: heartbeat,
  });
  try {
    await agent.start();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      agent.stop();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
