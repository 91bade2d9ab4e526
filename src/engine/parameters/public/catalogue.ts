// Read-only public parameters (/aws/service/...), built from data.ts on first use and shared by all
// accounts; values that differ per region (AMI ids, current-region) are computed when read.
import { createHash } from 'node:crypto';
import { AMAZON_LINUX_AMIS, OTHER_AMIS, REGIONS, SERVICES, WINDOWS_AMIS } from './data.js';

export interface PublicParameter {
  key: string;
  value: string;
  version: number;
  lastModifiedMs: number;
}

type Entry = { key: string; value: string | ((region: string) => string) };

let sorted: Entry[] | undefined;
let index: Map<string, Entry> | undefined;

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** An AMI id that is stable per region and name, shaped like AWS's (`ami-` + 17 hex digits). */
function amiId(region: string, name: string): string {
  return `ami-${digest(`${region}|${name}`).toString('hex').slice(0, 17)}`;
}

function build(): Entry[] {
  const out: Entry[] = [];
  const add = (key: string, value: Entry['value']) => out.push({ key, value });
  const gi = '/aws/service/global-infrastructure';
  add(`${gi}/current-region`, (region) => region);
  add(`${gi}/version`, '1');
  for (const [code, longName, country, geoRegion, azs] of REGIONS) {
    const r = `${gi}/regions/${code}`;
    add(r, code);
    add(`${r}/longName`, longName);
    add(`${r}/partition`, 'aws');
    add(`${r}/domain`, 'amazonaws.com');
    add(`${r}/geolocationCountry`, country);
    add(`${r}/geolocationRegion`, geoRegion);
    for (const az of azs) {
      add(`${r}/availability-zones/${az}`, az);
      add(`${gi}/availability-zones/${az}`, az);
    }
    for (const [svc] of SERVICES) {
      add(`${r}/services/${svc}`, svc);
      add(`${r}/services/${svc}/endpoint`, `${svc}.${code}.amazonaws.com`);
      add(`${r}/services/${svc}/protocols`, 'HTTPS');
      add(`${gi}/services/${svc}/regions/${code}`, code);
    }
  }
  for (const [svc, longName, url] of SERVICES) {
    add(`${gi}/services/${svc}`, svc);
    add(`${gi}/services/${svc}/longName`, longName);
    add(`${gi}/services/${svc}/marketingHomeURL`, url);
  }
  for (const name of AMAZON_LINUX_AMIS)
    add(`/aws/service/ami-amazon-linux-latest/${name}`, (r) => amiId(r, name));
  for (const name of WINDOWS_AMIS) add(`/aws/service/ami-windows-latest/${name}`, (r) => amiId(r, name));
  for (const key of OTHER_AMIS) add(key, (r) => amiId(r, key));
  for (const list of ['ami-amazon-linux-latest', 'ami-windows-latest', 'global-infrastructure']) {
    add(`/aws/service/list/${list}`, `/aws/service/${list}/`);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function entries(): Entry[] {
  if (!sorted) {
    sorted = build();
    index = new Map(sorted.map((e) => [e.key, e]));
  }
  return sorted;
}

function materialise(e: Entry, region: string): PublicParameter {
  const d = digest(e.key);
  return {
    key: e.key,
    value: typeof e.value === 'function' ? e.value(region) : e.value,
    // Stable pseudo-history: AWS's public parameters carry versions and dates of their own.
    version: 1 + (d[0] % 100),
    lastModifiedMs: Date.UTC(2024, 0, 1) + (d.readUInt32BE(1) % (365 * 86_400)) * 1000,
  };
}

export function getPublic(key: string, region: string): PublicParameter | undefined {
  entries();
  const e = index!.get(key);
  return e ? materialise(e, region) : undefined;
}

/** Public parameters whose key is in (after, before), optionally only direct children of `parent`, in key order. */
export function listPublic(
  region: string,
  opts: { after: string; before: string; parent?: string },
  limit: number,
): PublicParameter[] {
  const all = entries();
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].key <= opts.after) lo = mid + 1;
    else hi = mid;
  }
  const out: PublicParameter[] = [];
  for (let i = lo; i < all.length && out.length < limit; i++) {
    const e = all[i];
    if (e.key >= opts.before) break;
    if (opts.parent !== undefined && e.key.slice(0, e.key.lastIndexOf('/')) !== opts.parent) continue;
    out.push(materialise(e, region));
  }
  return out;
}
