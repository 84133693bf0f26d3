// The Amazon EKS Kubernetes version calendar, as one dated snapshot, and the
// one judgement of a cluster version against it (eksVersionLag), which the
// scan's and the audit's rules share. Neither reads the clock (rules are
// pure), so this file is updated by hand when EKS releases a version or a
// support window closes.
//
// Source: the Amazon EKS release calendar as listed on endoflife.date/amazon-eks
// (which follows docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html),
// read as of about 2026-02-14 (the page showed 1.35 as released "2 weeks and 3
// days ago", on 2026-01-28). Standard support lasts 14 months from the EKS
// release, extended support 12 months more.
//
// Uncertain: later localized copies of the AWS page already use 1.36 as their
// example version, so 1.36 may have been released on EKS after this snapshot;
// its dates were not found and it is not listed. A cluster on a version newer
// than `latest` is never reported. The 1.28 row was cut off in the excerpt read
// (only its release month showed); its support dates follow the 14 + 12 month
// rule and should be checked against the AWS calendar.

export interface EksVersionDates {
  /** Released on Amazon EKS. */
  released: string;
  endOfStandardSupport: string;
  endOfExtendedSupport: string;
}

export const EKS_VERSIONS = {
  /** The date the lists below describe. */
  asOf: '2026-02-14',
  source: 'https://endoflife.date/amazon-eks (Amazon EKS Kubernetes release calendar)',
  /** Versions in standard support on `asOf`, newest first. */
  standardSupport: ['1.35', '1.34', '1.33', '1.32'],
  /** Versions in extended support (paid, per cluster hour) on `asOf`, newest first. */
  extendedSupport: ['1.31', '1.30', '1.29'],
  /** The newest version available on EKS on `asOf`. */
  latest: '1.35',
  calendar: {
    '1.35': { released: '2026-01-28', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
    '1.34': { released: '2025-10-06', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
    '1.33': { released: '2025-05-28', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
    '1.32': { released: '2025-01-25', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
    '1.31': { released: '2024-09-26', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
    '1.30': { released: '2024-05-23', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
    '1.29': { released: '2024-01-23', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
    '1.28': { released: '2023-09-26', endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26' },
  } as Readonly<Record<string, EksVersionDates>>,
} as const;

const VERSION = /^\s*v?(\d{1,3})\.(\d{1,4})(?:\.\d{1,4})?\s*$/;

function parse(version: string): { major: number; minor: number } | undefined {
  const match = VERSION.exec(version);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

const LATEST = parse(EKS_VERSIONS.latest)!;
const STANDARD = new Set<string>(EKS_VERSIONS.standardSupport);
const EXTENDED = new Set<string>(EKS_VERSIONS.extendedSupport);
const OLDEST_SUPPORTED = Math.min(...[...EKS_VERSIONS.standardSupport, ...EKS_VERSIONS.extendedSupport].map((v) => parse(v)!.minor));

/** Where a lagging cluster version stands in the calendar; `behind` counts minor versions behind `latest`. */
export type EksVersionLag =
  | { support: 'standard'; version: string; behind: number }
  | { support: 'extended'; version: string; behind: number; endOfExtendedSupport?: string }
  | { support: 'none'; version: string; behind: number };

/**
 * Judges a cluster version (`1.31`, `v1.31.2`) against the snapshot: undefined
 * when it is current, one minor behind, newer than the data knows, or not a
 * version at all; otherwise how far behind and which support it still has.
 */
export function eksVersionLag(text: string): EksVersionLag | undefined {
  const parsed = parse(text);
  if (!parsed || parsed.major !== LATEST.major) return undefined;
  const version = `${parsed.major}.${parsed.minor}`;
  const behind = LATEST.minor - parsed.minor;
  if (behind <= 1) return undefined;
  if (STANDARD.has(version)) return { support: 'standard', version, behind };
  if (EXTENDED.has(version)) return { support: 'extended', version, behind, endOfExtendedSupport: EKS_VERSIONS.calendar[version]?.endOfExtendedSupport };
  return parsed.minor < OLDEST_SUPPORTED ? { support: 'none', version, behind } : undefined;
}
