#!/usr/bin/env node
// `ssm-emulator start [...]`: flags win over SSM_EMULATOR_* variables, which win over defaults.
import { parseArgs } from 'node:util';
import { configFromEnv, type ConfigInput } from '../config.js';
import { createEmulator } from '../app.js';

const USAGE = `Usage: ssm-emulator start [options]

  --host HOST              address to bind (default 127.0.0.1)         SSM_EMULATOR_HOST
  --port PORT              port (default 4583)                         SSM_EMULATOR_PORT
  --data-dir DIR           SQLite data folder (default ./.ssm-emulator) SSM_EMULATOR_DATA_DIR
  --in-memory              keep nothing on disk                         SSM_EMULATOR_IN_MEMORY=1
  --default-account ID     account when the access key is not 12 digits SSM_EMULATOR_DEFAULT_ACCOUNT
  --default-region REGION  region when a request is not signed          SSM_EMULATOR_DEFAULT_REGION
  --log-level LEVEL        fatal|error|warn|info|debug|trace|silent (default warn)  SSM_EMULATOR_LOG_LEVEL
  --fleet FILE             fleet file of simulated nodes (default: the demo fleet)  SSM_EMULATOR_FLEET
  --allow-host-exec        let nodes with executor: shell run scripts on this host  SSM_EMULATOR_ALLOW_HOST_EXEC=1
  --allowed-hosts LIST     host names besides localhost that may reach it (a,*.b)   SSM_EMULATOR_ALLOWED_HOSTS

       ssm-emulator agent --endpoint URL --activation-code C --activation-id I --region R
                           register this machine as a hybrid node (ssm-emulator agent --help)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command === 'agent') return (await import('../agent-sim/standalone/cli.js')).runAgentCli(rest);
  if (command !== 'start') {
    process.stderr.write(`ssm-emulator: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      help: { type: 'boolean', short: 'h' },
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'default-account': { type: 'string' },
      'default-region': { type: 'string' },
      'log-level': { type: 'string' },
      fleet: { type: 'string' },
      'allow-host-exec': { type: 'boolean' },
      'allowed-hosts': { type: 'string' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const flags: ConfigInput = {
    host: values.host,
    port: values.port as unknown as number,
    dataDir: values['data-dir'],
    inMemory: values['in-memory'],
    defaultAccount: values['default-account'],
    defaultRegion: values['default-region'],
    logLevel: values['log-level'] as ConfigInput['logLevel'],
    fleet: values.fleet,
    allowHostExec: values['allow-host-exec'],
    allowedHosts: values['allowed-hosts'],
  };
  const emulator = createEmulator({ ...configFromEnv(process.env), ...stripUndefined(flags) });
  // Signals are caught from here on, so one that arrives while the server starts still shuts it down cleanly.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const endpoint = await emulator.listen();
  const where = emulator.config.inMemory ? 'in memory' : `data in ${emulator.config.dataDir}`;
  process.stdout.write(
    `ssm-emulator ${emulator.services.version} listening on ${endpoint} (${where}); try: aws --endpoint-url ${endpoint} ssm describe-parameters\n`,
  );
  const signal = await signalled;
  process.stdout.write(`ssm-emulator: ${signal}, shutting down\n`);
  await emulator.close();
  return 0;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`ssm-emulator: ${err.message}\n`);
    process.exit(1);
  },
);
