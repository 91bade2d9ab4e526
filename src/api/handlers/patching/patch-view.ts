// Catalog patches in the API's Patch shape: Windows updates with KB, MSRC and product family members;
// Linux packages with name, epoch, version, release, arch, advisories and CVEs.
import type { CatalogPatch } from '../../../patch-catalog/catalog-types.js';
import { osProfile } from '../../../patch-catalog/operating-systems.js';
import type { Patch } from '../../../model/generated/types.js';

/** `product`: the product the caller asked for, shown when the patch applies to several. */
export function patchView(p: CatalogPatch, product?: string): Patch {
  const shown = product !== undefined && p.products.includes(product) ? product : p.products[0];
  if (p.os === 'WINDOWS') {
    return {
      Id: p.id,
      ReleaseDate: new Date(p.releaseMs),
      Title: p.title,
      Description: p.description,
      ContentUrl: p.contentUrl,
      Vendor: p.vendor,
      ProductFamily: p.productFamily,
      Product: shown,
      Classification: p.classification,
      MsrcSeverity: p.msrcSeverity,
      KbNumber: p.kb,
      MsrcNumber: p.msrcNumber,
      Language: p.language,
    };
  }
  return {
    Id: p.id,
    // APT repositories carry no reliable release dates ("Patch baseline rules on Linux"): none is reported.
    ReleaseDate: osProfile(p.os).releaseDates ? new Date(p.releaseMs) : undefined,
    Title: p.title,
    Description: p.description,
    Product: shown,
    Classification: p.classification,
    Severity: p.severity,
    AdvisoryIds: p.advisoryIds,
    BugzillaIds: p.bugzillaIds,
    CVEIds: p.cveIds,
    Name: p.name,
    Epoch: p.epoch,
    Version: p.version,
    Release: p.release,
    Arch: p.arch,
    Repository: p.repository,
  };
}
