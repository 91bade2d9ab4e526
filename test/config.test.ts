// Configuration: flags win over SSM_EMULATOR_* variables, which win over defaults; bad values are named.
import { describe, expect, it } from 'vitest';
import {
  configFromEnv,
  DEFAULT_ACCOUNT,
  DEFAULT_PORT,
  DEFAULT_REGION,
  ENV_VARS,
  resolveConfig,
} from '../src/config.js';

describe('defaults', () => {
  it('binds loopback on 4583 with a data folder, the default account and region', () => {
    // toMatchObject: settings added later (limits) have their own defaults and tests.
    expect(resolveConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 4583,
      dataDir: './.ssm-emulator',
      inMemory: false,
      defaultAccount: '000000000000',
      defaultRegion: 'us-east-1',
      logLevel: 'warn',
      bodyLimit: 8 * 1024 * 1024,
    });
    expect([DEFAULT_PORT, DEFAULT_ACCOUNT, DEFAULT_REGION]).toEqual([4583, '000000000000', 'us-east-1']);
  });
});

describe('environment', () => {
  it('reads every SSM_EMULATOR_* variable', () => {
    const env = {
      SSM_EMULATOR_HOST: '0.0.0.0',
      SSM_EMULATOR_PORT: '5000',
      SSM_EMULATOR_DATA_DIR: '/tmp/ssm',
      SSM_EMULATOR_IN_MEMORY: '1',
      SSM_EMULATOR_DEFAULT_ACCOUNT: '111122223333',
      SSM_EMULATOR_DEFAULT_REGION: 'eu-west-3',
      SSM_EMULATOR_LOG_LEVEL: 'debug',
      SSM_EMULATOR_BODY_LIMIT: '1024',
      UNRELATED: 'x',
    };
    expect(resolveConfig(configFromEnv(env))).toMatchObject({
      host: '0.0.0.0',
      port: 5000,
      dataDir: '/tmp/ssm',
      inMemory: true,
      defaultAccount: '111122223333',
      defaultRegion: 'eu-west-3',
      logLevel: 'debug',
      bodyLimit: 1024,
    });
  });

  it('reads a variable for every setting, each named SSM_EMULATOR_*', () => {
    for (const [key, name] of Object.entries(ENV_VARS)) {
      expect(name).toMatch(/^SSM_EMULATOR_[A-Z_]+$/);
      expect(configFromEnv({ [name]: '1' }), name).toHaveProperty(key);
    }
  });

  it('reads SSM_EMULATOR_IN_MEMORY=1 / true / yes as on, anything else as off', () => {
    for (const v of ['1', 'true', 'TRUE', 'yes'])
      expect(resolveConfig(configFromEnv({ SSM_EMULATOR_IN_MEMORY: v })).inMemory, v).toBe(true);
    for (const v of ['0', 'false', 'no'])
      expect(resolveConfig(configFromEnv({ SSM_EMULATOR_IN_MEMORY: v })).inMemory, v).toBe(false);
  });

  it('ignores empty variables', () => {
    expect(configFromEnv({ SSM_EMULATOR_PORT: '', SSM_EMULATOR_HOST: '' })).toEqual({});
  });
});

describe('precedence', () => {
  it('lets flags win over the environment, and the environment over defaults', () => {
    const env = configFromEnv({
      SSM_EMULATOR_PORT: '5000',
      SSM_EMULATOR_DEFAULT_REGION: 'eu-west-1',
      SSM_EMULATOR_IN_MEMORY: '1',
    });
    const flags = { port: 6000, inMemory: undefined, defaultRegion: undefined };
    const c = resolveConfig(env, flags);
    expect(c.port).toBe(6000);
    expect(c.defaultRegion).toBe('eu-west-1');
    expect(c.inMemory).toBe(true); // an absent flag does not reset what the environment set
    expect(c.defaultAccount).toBe('000000000000');
  });

  it('accepts a port given as text (a CLI flag), and port 0 for any free port', () => {
    expect(resolveConfig({ port: '8080' as unknown as number }).port).toBe(8080);
    expect(resolveConfig({ port: 0 }).port).toBe(0);
  });
});

describe('invalid values', () => {
  const problem = (input: Record<string, unknown>) => () => resolveConfig(input);

  it('names a port that is not a number', () => {
    expect(problem({ port: 'nope' })).toThrow(
      'invalid configuration: port: Invalid input: expected number, received NaN',
    );
  });

  it('names a port out of range or fractional', () => {
    expect(problem({ port: '70000' })).toThrow(
      'invalid configuration: port: Too big: expected number to be <=65535',
    );
    expect(problem({ port: -1 })).toThrow(
      'invalid configuration: port: Too small: expected number to be >=0',
    );
    expect(problem({ port: '1.5' })).toThrow(
      'invalid configuration: port: Invalid input: expected int, received number',
    );
  });

  it('names an account that is not 12 digits and a region that is not a region', () => {
    expect(problem({ defaultAccount: '123' })).toThrow(
      'invalid configuration: defaultAccount: must be 12 digits',
    );
    expect(problem({ defaultRegion: 'mars' })).toThrow(
      'invalid configuration: defaultRegion: must be a region name such as us-east-1',
    );
  });

  it('names every problem at once', () => {
    expect(problem({ port: 'nope', defaultAccount: 'x' })).toThrow(
      'invalid configuration: port: Invalid input: expected number, received NaN; defaultAccount: must be 12 digits',
    );
  });

  it('names an unknown log level', () => {
    expect(problem({ logLevel: 'loud' })).toThrow(
      /^invalid configuration: logLevel: Invalid option: expected one of "fatal"\|/,
    );
  });

  it('refuses a bad value from the environment the same way', () => {
    expect(() => resolveConfig(configFromEnv({ SSM_EMULATOR_DEFAULT_ACCOUNT: 'abc' }))).toThrow(
      'invalid configuration: defaultAccount: must be 12 digits',
    );
  });
});
