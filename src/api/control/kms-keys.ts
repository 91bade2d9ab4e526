// /_emulator/kms/keys: the local KMS key registry SecureString parameters encrypt with. AWS keys come
// from KMS, which is not emulated; tests register the customer keys (and aliases) their KeyIds name.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseBody, type ControlDeps } from './index.js';
import { lazy } from '../../lazy.js';

const KeyBody = lazy(() =>
  z
    .object({
      account: z
        .string()
        .regex(/^\d{12}$/)
        .optional(),
      region: z.string().min(1).optional(),
      alias: z
        .string()
        .regex(/^(alias\/)?[a-zA-Z0-9/_-]+$/)
        .optional(),
      keyId: z.string().uuid().optional(),
    })
    .strict(),
);

export function registerKmsKeys(app: FastifyInstance, { services }: ControlDeps): void {
  const scope = (q: { account?: string; region?: string }) => ({
    account: q.account ?? services.config.defaultAccount,
    region: q.region ?? services.config.defaultRegion,
  });
  const view = (account: string, region: string, k: { keyId: string; alias?: string; state: string }) => ({
    KeyId: k.keyId,
    Arn: services.parameters.keys.keyArn(account, region, k.keyId),
    Alias: k.alias,
    KeyState: k.state,
  });

  app.get('/_emulator/kms/keys', async (request) => {
    const { account, region } = scope(request.query as { account?: string; region?: string });
    return {
      Keys: services.parameters.keys.listKeys(account, region).map((k) => view(account, region, k)),
    };
  });

  app.post('/_emulator/kms/keys', async (request, reply) => {
    const body = parseBody(KeyBody(), request.body, reply);
    if (!body) return reply;
    const { account, region } = scope(body);
    const k = services.parameters.keys.createKey(account, region, {
      alias: body.alias,
      keyId: body.keyId,
    });
    return view(account, region, k);
  });

  // Like KMS ScheduleKeyDeletion: the key stays but can no longer encrypt or decrypt.
  app.delete('/_emulator/kms/keys/:keyId', async (request, reply) => {
    const { account, region } = scope(request.query as { account?: string; region?: string });
    const { keyId } = request.params as { keyId: string };
    if (!services.parameters.keys.scheduleDeletion(account, region, keyId)) {
      return reply.code(404).send({ error: `no key ${keyId} in ${account}/${region}` });
    }
    return { KeyId: keyId, KeyState: 'PendingDeletion' };
  });
}
