// The typed (zod) form of SSM documents per type and schema version. Unknown members are kept (loose)
// because AWS adds fields over time; what engines rely on is typed here.
import { z } from 'zod';
import { lazy } from '../../lazy.js';
import { SESSION_TYPES } from './plugins.js';

export const PARAMETER_TYPES = [
  'String',
  'StringList',
  'Integer',
  'Boolean',
  'MapList',
  'StringMap',
] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** Built on first use (src/lazy.ts): start-up parses no document (the catalog too is read on first use). */
export const documentSchemas = lazy(() => {
  const count = z.number().int().nonnegative();

  const ParameterDeclarationSchema = z
    .object({
      type: z.enum(PARAMETER_TYPES),
      description: z.string().optional(),
      default: z.unknown().optional(),
      allowedValues: z.array(z.unknown()).optional(),
      allowedPattern: z.string().optional(),
      displayType: z.enum(['textfield', 'textarea']).optional(),
      minItems: count.optional(),
      maxItems: count.optional(),
      minChars: count.optional(),
      maxChars: count.optional(),
    })
    .loose();

  const Parameters = z.record(z.string(), ParameterDeclarationSchema);
  const Inputs = z.record(z.string(), z.unknown());

  // ---- Command / Policy ----
  const CommandStepSchema = z
    .object({
      action: z.string(),
      name: z.string(),
      inputs: Inputs.optional(),
      precondition: z.record(z.string(), z.array(z.string())).optional(),
      onFailure: z.string().optional(),
      onSuccess: z.string().optional(),
      finallyStep: z.boolean().optional(),
    })
    .loose();

  const Command2Schema = z
    .object({
      schemaVersion: z.enum(['2.0', '2.2']),
      description: z.string().optional(),
      parameters: Parameters.optional(),
      mainSteps: z.array(CommandStepSchema).min(1),
    })
    .loose();

  const PluginProperties = z.record(z.string(), z.unknown());
  const Command12Schema = z
    .object({
      schemaVersion: z.literal('1.2'),
      description: z.string().optional(),
      parameters: Parameters.optional(),
      runtimeConfig: z
        .record(
          z.string(),
          z.object({ properties: z.union([z.array(PluginProperties), PluginProperties]) }).loose(),
        )
        .refine((r) => Object.keys(r).length > 0, 'runtimeConfig must contain at least one plugin'),
    })
    .loose();

  // ---- Automation ----
  const AutomationOutputSchema = z
    .object({ Name: z.string(), Selector: z.string(), Type: z.string().optional() })
    .loose();

  const AutomationStepSchema = z
    .object({
      name: z.string(),
      action: z.string(),
      description: z.string().optional(),
      inputs: Inputs.optional(),
      outputs: z.array(AutomationOutputSchema).optional(),
      onFailure: z.string().optional(),
      onSuccess: z.string().optional(),
      onCancel: z.string().optional(),
      nextStep: z.string().optional(),
      isEnd: z.boolean().optional(),
      isCritical: z.boolean().optional(),
      maxAttempts: z.number().int().min(1).optional(),
      timeoutSeconds: z.number().int().min(1).optional(),
    })
    .loose();

  const AutomationSchema = z
    .object({
      schemaVersion: z.literal('0.3'),
      description: z.string().optional(),
      assumeRole: z.string().optional(),
      parameters: Parameters.optional(),
      variables: Parameters.optional(),
      mainSteps: z.array(AutomationStepSchema).min(1),
      outputs: z.array(z.string()).optional(),
      files: z.record(z.string(), z.unknown()).optional(),
    })
    .loose();

  // ---- Session ----
  const SessionSchema = z
    .object({
      schemaVersion: z.literal('1.0'),
      description: z.string().optional(),
      sessionType: z.enum(SESSION_TYPES),
      parameters: Parameters.optional(),
      inputs: Inputs.optional(),
      properties: Inputs.optional(),
    })
    .loose();

  // ---- Package (Distributor manifest) ----
  const PackageSchema = z
    .object({
      schemaVersion: z.literal('2.0'),
      version: z.string(),
      publisher: z.string().optional(),
      packages: z.record(z.string(), z.unknown()),
      files: z.record(z.string(), z.unknown()),
    })
    .loose();

  /** Any other structured document type: a JSON/YAML object; its own service validates it. */
  const OpaqueSchema = z.record(z.string(), z.unknown());
  return {
    ParameterDeclarationSchema,
    CommandStepSchema,
    Command2Schema,
    Command12Schema,
    AutomationOutputSchema,
    AutomationStepSchema,
    AutomationSchema,
    SessionSchema,
    PackageSchema,
    OpaqueSchema,
  };
});
type Schemas = ReturnType<typeof documentSchemas>;

export type ParameterDeclaration = z.infer<Schemas['ParameterDeclarationSchema']>;
export type CommandStep = z.infer<Schemas['CommandStepSchema']>;
export type AutomationStep = z.infer<Schemas['AutomationStepSchema']>;
export type AutomationContent = z.infer<Schemas['AutomationSchema']>;
export type SessionContent = z.infer<Schemas['SessionSchema']>;
