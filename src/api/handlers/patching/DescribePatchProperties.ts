import {
  WINDOWS_APPLICATIONS,
  WINDOWS_OS_PRODUCTS,
  osProfile,
} from '../../../patch-catalog/operating-systems.js';
import { encodeToken } from '../../../store/pagination.js';
import { defineHandler } from '../../protocol/handler.js';
import { DEFAULT_PROPERTIES_PAGE, tokenKey } from './patch-paging.js';

const isIndex = (k: unknown): k is number => typeof k === 'number' && Number.isInteger(k) && k >= 0;

// The values a baseline's filters accept for a property of an operating system; on Windows, PatchSet
// chooses the operating system's products or the applications released by Microsoft. A property the
// operating system doesn't use lists nothing.
export default defineHandler('DescribePatchProperties', (input) => {
  const profile = osProfile(input.OperatingSystem);
  let entries: Record<string, string>[];
  if (
    input.OperatingSystem === 'WINDOWS' &&
    (input.Property === 'PRODUCT' || input.Property === 'PRODUCT_FAMILY')
  ) {
    const apps = input.PatchSet === 'APPLICATION';
    if (input.Property === 'PRODUCT') {
      entries = apps
        ? Object.entries(WINDOWS_APPLICATIONS).map(([Name, ProductFamily]) => ({ Name, ProductFamily }))
        : WINDOWS_OS_PRODUCTS.map((Name) => ({ Name, ProductFamily: 'Windows' }));
    } else {
      entries = (apps ? [...new Set(Object.values(WINDOWS_APPLICATIONS))] : ['Windows']).map((Name) => ({
        Name,
      }));
    }
  } else {
    entries = (profile.filterKeys.includes(input.Property) ? (profile.values[input.Property] ?? []) : []).map(
      (Name) => ({
        Name,
      }),
    );
  }
  const limit = input.MaxResults ?? DEFAULT_PROPERTIES_PAGE;
  const start = tokenKey(input.NextToken, isIndex) ?? 0;
  const page = entries.slice(start, start + limit);
  return {
    Properties: page,
    NextToken: start + limit < entries.length ? encodeToken(start + limit) : undefined,
  };
});
