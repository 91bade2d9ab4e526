// Shared by the activation handlers: limits, code generation and the Activation shape.
import { randomBytes } from 'node:crypto';
import type { Activation } from '../../../model/generated/types.js';
import type { StoredActivation } from '../../../store/repositories/activations.js';

/** Without ExpirationDate an activation expires in 24 hours (CreateActivation ExpirationDate documentation). */
export const DEFAULT_ACTIVATION_LIFETIME_MS = 24 * 3600_000;
/** ExpirationDate may be up to 30 days in advance (CreateActivation ExpirationDate documentation). */
export const MAX_ACTIVATION_LIFETIME_MS = 30 * 24 * 3600_000;
/** RegistrationLimit defaults to 1 (CreateActivation RegistrationLimit documentation). */
export const DEFAULT_REGISTRATION_LIMIT = 1;

/** 20 characters of base64, as AWS issues them (e.g. QC2CV0/lRfn+LTqf23Bf in boto/boto3#2334). */
export function newActivationCode(): string {
  return randomBytes(15).toString('base64');
}

export function toActivation(a: StoredActivation, nowMs: number): Activation {
  return {
    ActivationId: a.activationId,
    Description: a.description,
    DefaultInstanceName: a.defaultInstanceName,
    IamRole: a.iamRole,
    RegistrationLimit: a.registrationLimit,
    RegistrationsCount: a.registrationsCount,
    ExpirationDate: new Date(a.expirationMs),
    Expired: a.expirationMs <= nowMs,
    CreatedDate: new Date(a.createdMs),
    Tags: a.tags.length ? a.tags : undefined,
  };
}
