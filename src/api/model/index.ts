// The pinned SSM service model, as the protocol layer reads it.
import { MODEL } from './generated/model-data.js';
import type { OperationModel, Shape } from './types.js';

export { MODEL };
export const TARGET_PREFIX = MODEL.metadata.targetPrefix;
export const OPERATION_NAMES: readonly string[] = Object.keys(MODEL.operations);

export function operationModel(name: string): OperationModel | undefined {
  return Object.prototype.hasOwnProperty.call(MODEL.operations, name) ? MODEL.operations[name] : undefined;
}

export function shape(name: string): Shape {
  const s = MODEL.shapes[name];
  if (!s) throw new Error(`shape ${name} is not in the model`);
  return s;
}
