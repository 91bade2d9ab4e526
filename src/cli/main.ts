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
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (command !== 'start') {
    process.stderr.write(`ssm-emulator: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'default-account': { type: 'string' },
      'default-region': { type: 'string' },
      'log-level': { type: 'string' },
    },
    strict: true,
  });
  const flags: ConfigInput = {
    host: values.host,
    port: values.port as unknown as number,
    dataDir: values['data-dir'],
    inMemory: values['in-memory'],
    defaultAccount: values['default-account'],
    defaultRegion: values['default-region'],
    logLevel: values['log-level'] as ConfigInput['logLevel'],
  };
  const emulator = createEmulator({ ...configFromEnv(process.env), ...stripUndefined(flags) });
  const endpoint = await emulator.listen();
  const where = emulator.config.inMemory ? 'in memory' : `data in ${emulator.config.dataDir}`;
  process.stdout.write(
    `ssm-emulator ${emulator.services.version} listening on ${endpoint} (${where}); try: aws --endpoint-url ${endpoint} ssm describe-parameters\n`,
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`ssm-emulator: ${signal}, shutting down\n`);
      emulator.close().then(resolve, (err) => {
        console.error(err);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
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
