// EC2 resource ids: a prefix and 17 hex digits, as EC2 issues them since 2018 (random for new resources,
// derived from a seed for what each fleet node has from the start, so they survive a reset).
import { createHash, randomBytes } from 'node:crypto';

export type Ec2Prefix = 'i' | 'ami' | 'vol' | 'snap' | 'r' | 'vpc' | 'subnet' | 'eni';

export function newId(prefix: Ec2Prefix): string {
  return `${prefix}-0${randomBytes(8).toString('hex')}`;
}

export function stableId(prefix: Ec2Prefix, seed: string): string {
  return `${prefix}-0${createHash('sha1').update(seed).digest('hex').slice(0, 16)}`;
}

const SHAPES: Record<'instance' | 'image' | 'volume' | 'snapshot', RegExp> = {
  instance: /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  image: /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  volume: /^vol-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  snapshot: /^snap-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
};

/** True when an id has the shape EC2 accepts for its kind (8 or 17 hex digits after the prefix). */
export function isWellFormed(kind: keyof typeof SHAPES, id: string): boolean {
  return SHAPES[kind].test(id);
}

/** The kind of resource an id names, from its prefix (CreateTags takes any of them). */
export function kindOf(id: string): 'instance' | 'image' | 'volume' | 'snapshot' | undefined {
  if (id.startsWith('i-')) return 'instance';
  if (id.startsWith('ami-')) return 'image';
  if (id.startsWith('vol-')) return 'volume';
  if (id.startsWith('snap-')) return 'snapshot';
  return undefined;
}
