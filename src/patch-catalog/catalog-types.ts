// The shape of a simulated patch catalog: the patches a vendor has published for one operating system.
import type { OperatingSystem } from '../model/generated/types.js';
import type { PackageVersion } from './versions.js';

export interface CatalogPatch {
  /** Windows: the update's GUID; Linux: the Title (`name.arch:epoch:version-release`), Ubuntu's prefixed by its product. */
  id: string;
  os: OperatingSystem;
  /** PRODUCT values the patch applies to. */
  products: string[];
  title: string;
  description?: string;
  releaseMs: number;
  /** True for security updates: SecurityUpdates (Windows), Security notices (YUM/DNF), -security pockets (APT). */
  security: boolean;
  /** Absent on Linux for an update that comes with no update notice (then only EnableNonSecurity approves it). */
  classification?: string;
  severity?: string;
  // Windows
  kb?: string;
  msrcSeverity?: string;
  msrcNumber?: string;
  productFamily?: string;
  patchSet?: 'OS' | 'APPLICATION';
  contentUrl?: string;
  vendor?: string;
  language?: string;
  /** Updates of one series supersede each other (each month's cumulative update replaces the last). */
  series?: string;
  // Linux
  name?: string;
  arch?: string;
  epoch?: number;
  version?: string;
  release?: string;
  repository?: string;
  priority?: string;
  section?: string;
  advisoryIds?: string[];
  bugzillaIds?: string[];
  cveIds?: string[];
}

/** A package the catalog updates, with the version an image of the catalog's start carries. */
export interface CatalogPackage {
  name: string;
  arch: string;
  /** Installed on every image of the OS (kernel, openssl, ...); the others only when a node lists them. */
  base: boolean;
  initial: PackageVersion;
  products: string[];
}

export interface Catalog {
  os: OperatingSystem;
  /** Ordered by release date, then id; only the patches released by the catalog's horizon. */
  patches: readonly CatalogPatch[];
  packages: readonly CatalogPackage[];
}
