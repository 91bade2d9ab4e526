// Generates the simulated Windows Server catalog on Microsoft's calendar: each Patch Tuesday (second Tuesday)
// a cumulative update and a .NET Framework update per Windows Server version, an optional preview two weeks
// later, a quarterly servicing stack update, the monthly Malicious Software Removal Tool (KB890830), weekly
// Defender security intelligence (KB2267602), and Office / SQL Server updates (PATCH_SET APPLICATION).
// Updates of one series supersede each other, as Windows Update replaces a cumulative update with the next.
import type { CatalogPatch } from './catalog-types.js';
import { Prng } from './prng.js';

interface WindowsProduct {
  product: string;
  /** How Microsoft names the product in update titles. */
  label: string;
  since: number;
}

const utc = (y: number, m: number, d = 1) => Date.UTC(y, m - 1, d);

export const WINDOWS_PRODUCTS: readonly WindowsProduct[] = [
  { product: 'WindowsServer2016', label: 'Windows Server 2016', since: utc(2016, 10) },
  { product: 'WindowsServer2019', label: 'Windows Server 2019', since: utc(2018, 11) },
  {
    product: 'WindowsServer2022',
    label: 'Microsoft server operating system version 21H2',
    since: utc(2021, 8),
  },
  {
    product: 'WindowsServer2025',
    label: 'Microsoft server operating system version 24H2',
    since: utc(2024, 11),
  },
];

/** Products the catalog-wide updates (MSRT, Defender) apply to. */
const ALL_SERVERS = WINDOWS_PRODUCTS.map((p) => p.product);
export const WINDOWS_CATALOG_START = utc(2019, 1);

/** The second Tuesday of a month, 18:00 UTC (10:00 Pacific), when Microsoft releases. */
function patchTuesday(y: number, m: number): number {
  const first = new Date(Date.UTC(y, m, 1)).getUTCDay();
  const day = 1 + ((2 - first + 7) % 7) + 7;
  return Date.UTC(y, m, day, 18);
}

const MONTH = (at: number) => new Date(at).toISOString().slice(0, 7);

/** Every Windows patch released before `untilMs`, in release order. */
export function generateWindows(untilMs: number): CatalogPatch[] {
  const rng = new Prng('WINDOWS');
  let kb = 4480000;
  let msrt = 66;
  let defender = 287000;
  const out: CatalogPatch[] = [];
  const add = (p: Omit<CatalogPatch, 'id' | 'os' | 'vendor' | 'language' | 'contentUrl'>) => {
    out.push({
      id: rng.uuid(),
      os: 'WINDOWS',
      vendor: 'Microsoft',
      language: 'All',
      contentUrl: `https://support.microsoft.com/en-us/kb/${p.kb!.slice(2)}`,
      ...p,
    });
  };
  const nextKb = () => `KB${(kb += rng.int(120, 480))}`;
  for (let y = 2019, m = 0; ; m++) {
    const monthStart = Date.UTC(y, m, 1);
    if (monthStart >= untilMs) break;
    const tuesday = patchTuesday(y, m);
    const tag = MONTH(tuesday);
    const live = WINDOWS_PRODUCTS.filter((p) => p.since <= tuesday);
    const critical = rng.next() < 0.7;
    for (const p of live) {
      const k = nextKb();
      add({
        products: [p.product],
        productFamily: 'Windows',
        patchSet: 'OS',
        kb: k,
        title: `${tag} Cumulative Update for ${p.label} for x64-based Systems (${k})`,
        description:
          'A security issue has been identified in a Microsoft software product that could affect your system. You can help protect your system by installing this update from Microsoft.',
        releaseMs: tuesday,
        security: true,
        classification: 'SecurityUpdates',
        msrcSeverity: critical ? 'Critical' : 'Important',
        series: `cu/${p.product}`,
      });
      const n = nextKb();
      const netSecurity = rng.next() < 0.6;
      add({
        products: [p.product],
        productFamily: 'Windows',
        patchSet: 'OS',
        kb: n,
        title: `${tag} Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for ${p.label} for x64 (${n})`,
        releaseMs: tuesday + 60_000,
        security: netSecurity,
        classification: netSecurity ? 'SecurityUpdates' : 'Updates',
        msrcSeverity: netSecurity ? 'Important' : 'Unspecified',
        series: `net/${p.product}`,
      });
      if (m % 3 === 0) {
        const s = nextKb();
        add({
          products: [p.product],
          productFamily: 'Windows',
          patchSet: 'OS',
          kb: s,
          title: `${tag} Servicing Stack Update for ${p.label} for x64-based Systems (${s})`,
          releaseMs: tuesday + 120_000,
          security: false,
          classification: 'Updates',
          msrcSeverity: 'Unspecified',
          series: `ssu/${p.product}`,
        });
      }
      const pv = nextKb();
      add({
        products: [p.product],
        productFamily: 'Windows',
        patchSet: 'OS',
        kb: pv,
        title: `${tag} Cumulative Update Preview for ${p.label} for x64-based Systems (${pv})`,
        releaseMs: tuesday + 14 * 86_400_000,
        security: false,
        classification: 'Updates',
        msrcSeverity: 'Unspecified',
        series: `preview/${p.product}`,
      });
    }
    msrt++;
    add({
      products: ALL_SERVERS,
      productFamily: 'Windows',
      patchSet: 'OS',
      kb: 'KB890830',
      version: `5.${msrt}`,
      title: `Windows Malicious Software Removal Tool x64 - v5.${msrt} (KB890830)`,
      releaseMs: tuesday + 180_000,
      security: false,
      classification: 'UpdateRollups',
      msrcSeverity: 'Unspecified',
      series: 'msrt',
    });
    for (let w = 0; w < 4; w++) {
      defender += rng.int(200, 900);
      const version = `1.${Math.floor(defender / 1000)}.${defender % 1000}.0`;
      add({
        products: ['MicrosoftDefenderAntivirus'],
        productFamily: 'Windows',
        patchSet: 'APPLICATION',
        kb: 'KB2267602',
        version,
        title: `Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version ${version})`,
        releaseMs: monthStart + w * 7 * 86_400_000 + rng.int(0, 6) * 86_400_000,
        security: false,
        classification: 'DefinitionUpdates',
        msrcSeverity: 'Unspecified',
        series: 'defender',
      });
    }
    for (const office of ['Office 2016', 'Office 2019']) {
      const o = nextKb();
      add({
        products: [office],
        productFamily: 'Office',
        patchSet: 'APPLICATION',
        kb: o,
        title: `Security Update for Microsoft ${office} (${o}) 64-Bit Edition`,
        releaseMs: tuesday + 240_000,
        security: true,
        classification: 'SecurityUpdates',
        msrcSeverity: rng.next() < 0.3 ? 'Critical' : 'Important',
        series: `office/${office}/${rng.int(0, 5)}`,
      });
    }
    if (m % 2 === 1) {
      for (const sql of ['Microsoft SQL Server 2019', 'Microsoft SQL Server 2022']) {
        if (sql.endsWith('2022') && tuesday < utc(2022, 11)) continue;
        const q = nextKb();
        add({
          products: [sql],
          productFamily: 'SQL Server',
          patchSet: 'APPLICATION',
          kb: q,
          title: `Security Update for SQL Server ${sql.slice(-4)} RTM CU (${q})`,
          releaseMs: tuesday + 300_000,
          security: true,
          classification: 'SecurityUpdates',
          msrcSeverity: 'Important',
          series: `sql/${sql}`,
        });
      }
    }
  }
  return out
    .filter((p) => p.releaseMs < untilMs)
    .sort((a, b) => a.releaseMs - b.releaseMs || (a.id < b.id ? -1 : 1));
}
