import { randomUUID } from 'node:crypto';
import { defineHandler } from '../../protocol/handler.js';
import { InvalidParameters } from '../../../model/generated/errors.js';
import {
  DEFAULT_ACTIVATION_LIFETIME_MS,
  DEFAULT_REGISTRATION_LIMIT,
  MAX_ACTIVATION_LIFETIME_MS,
  newActivationCode,
} from './activation-view.js';

export default defineHandler('CreateActivation', (input, ctx) => {
  const now = ctx.services.clock.nowMs();
  const expiration = input.ExpirationDate
    ? new Date(input.ExpirationDate).getTime()
    : now + DEFAULT_ACTIVATION_LIFETIME_MS;
  // Decision (no published message): a past or too distant expiration is InvalidParameters, the operation's only error.
  if (expiration <= now) throw new InvalidParameters('ExpirationDate must be a future date.');
  if (expiration > now + MAX_ACTIVATION_LIFETIME_MS) {
    throw new InvalidParameters('ExpirationDate can be at most 30 days in the future.');
  }
  const activation = {
    account: ctx.account,
    region: ctx.region,
    activationId: randomUUID(),
    activationCode: newActivationCode(),
    description: input.Description,
    defaultInstanceName: input.DefaultInstanceName,
    iamRole: input.IamRole,
    registrationLimit: input.RegistrationLimit ?? DEFAULT_REGISTRATION_LIMIT,
    registrationsCount: 0,
    expirationMs: expiration,
    createdMs: now,
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
  };
  ctx.services.store.nodes.activations.put(activation);
  return { ActivationId: activation.activationId, ActivationCode: activation.activationCode };
});
