// Output shapes from the model: only modelled members, absent ones omitted (never null),
// timestamps as epoch seconds with millisecond precision, blobs as base64.
import { MODEL } from '../model/index.js';

type Serialize = (value: unknown) => unknown;
const serializers = new Map<string, Serialize>();
const identity: Serialize = (v) => v;

function serializerFor(shapeName: string): Serialize {
  let s = serializers.get(shapeName);
  if (!s) {
    serializers.set(shapeName, (v) => serializers.get(shapeName)!(v));
    s = compile(shapeName);
    serializers.set(shapeName, s);
  }
  return s;
}

function compile(shapeName: string): Serialize {
  const shape = MODEL.shapes[shapeName];
  switch (shape.type) {
    case 'timestamp':
      return (v) =>
        v instanceof Date ? v.getTime() / 1000 : typeof v === 'string' ? Date.parse(v) / 1000 : v;
    case 'blob':
      return (v) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v);
    case 'list': {
      const item = serializerFor(shape.member!);
      return (v) => (Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined).map(item) : undefined);
    }
    case 'map': {
      const value = serializerFor(shape.value!);
      return (v) => {
        if (typeof v !== 'object' || v === null) return undefined;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = value(x);
        return out;
      };
    }
    case 'structure': {
      const members = Object.entries(shape.members ?? {}).map(([name, ref]) => ({ name, ref: ref.shape }));
      const compiled: { name: string; ser: Serialize }[] = [];
      return (v) => {
        if (typeof v !== 'object' || v === null) return undefined;
        if (compiled.length < members.length) {
          compiled.length = 0;
          for (const m of members) compiled.push({ name: m.name, ser: serializerFor(m.ref) });
        }
        const obj = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const m of compiled) {
          const x = obj[m.name];
          if (x !== null && x !== undefined) out[m.name] = m.ser(x);
        }
        return out;
      };
    }
    default:
      return identity;
  }
}

export function serializeOutput(outputShape: string | undefined, result: unknown): Record<string, unknown> {
  if (!outputShape || result === undefined || result === null) return {};
  return serializerFor(outputShape)(result) as Record<string, unknown>;
}
