/**
 * The scheduled archive renewal (issue 20): the signature files an operator keeps in
 * SIGNET_ARCHIVE_DIR are renewed (archive.ts) when the certificate of the authority that made
 * their latest time-stamp expires within the window; after that expiry nothing could prove the
 * time-stamp honest any more (ETSI EN 319 102-1 5.6.2.4). A renewal by a TSA whose own certificate
 * expires no later would prove nothing new: such files are reported, for the operator to roll the
 * TSA over, and left as they are.
 */
import { certificatesNamedBy, parseSignedData } from '../core/cms';
import { hasPdfHeader, readPdfSignatures } from '../core/pades';
import { parseTimeStampToken } from '../core/tsp';
import { parseCertificates } from '../core/validation';
import { renewArchive } from './archive';
import type { ArchiveFiles } from './ports';
import type { SigningDeps } from './sign';

export type ArchiveOutcome =
  | { name: string; outcome: 'renewed'; expiry?: string }
  | { name: string; outcome: 'current'; expiry: string }
  | { name: string; outcome: 'tsa_not_newer'; expiry: string }
  | { name: string; outcome: 'failed'; error: string };

/** The latest time-stamp tokens of a signature file: archive ones first, else signature ones. */
function latestTokens(file: Uint8Array): Uint8Array[] {
  if (hasPdfHeader(file)) {
    const signatures = readPdfSignatures(file).signatures;
    // ETSI EN 319 142-1 5.4.3: a document time-stamp's /SubFilter is ETSI.RFC3161.
    const stamps = signatures.filter((s) => s.subFilter === 'ETSI.RFC3161');
    if (stamps.length > 0) return stamps.map((s) => s.contents);
    return signatures.flatMap((s) => cmsTokens(s.contents));
  }
  return cmsTokens(file);
}

function cmsTokens(cms: Uint8Array): Uint8Array[] {
  return parseSignedData(cms).signerInfos.flatMap((s) =>
    s.archiveTimestamps.length > 0 ? s.archiveTimestamps : s.signatureTimestamps,
  );
}

/**
 * When the certificate of the TSA of the file's latest time-stamp expires; undefined when the file
 * has no time-stamp whose authority's certificate it carries.
 */
export function archiveExpiry(file: Uint8Array): Date | undefined {
  let latest: { genTime: Date; notAfter: Date } | undefined;
  for (const token of latestTokens(file)) {
    const { tstInfo, signedData } = parseTimeStampToken(token);
    const sid = signedData.signerInfos[0]?.sid;
    const tsa = sid && certificatesNamedBy(sid, parseCertificates(signedData.certificates))[0];
    if (tsa && (!latest || tstInfo.genTime > latest.genTime)) {
      latest = { genTime: tstInfo.genTime, notAfter: tsa.notAfter };
    }
  }
  return latest?.notAfter;
}

/** Renews every file of `files` whose latest time-stamp's authority expires within `windowMs`. */
export async function renewDueArchives(
  deps: SigningDeps,
  files: ArchiveFiles,
  windowMs: number,
): Promise<ArchiveOutcome[]> {
  const outcomes: ArchiveOutcome[] = [];
  const tsaExpiry = deps.authorities.get('tsa').notAfter;
  for (const name of files.list()) {
    try {
      const file = files.read(name);
      const expiry = archiveExpiry(file);
      const now = deps.clock.now();
      if (expiry && expiry.getTime() - now.getTime() > windowMs) {
        outcomes.push({ name, outcome: 'current', expiry: expiry.toISOString() });
        continue;
      }
      if (expiry && tsaExpiry <= expiry) {
        outcomes.push({ name, outcome: 'tsa_not_newer', expiry: expiry.toISOString() });
        continue;
      }
      const renewed = await renewArchive(deps, { file, actor: 'archive-job', name });
      files.write(name, renewed.bytes);
      outcomes.push({ name, outcome: 'renewed', expiry: expiry?.toISOString() });
    } catch (error) {
      // One unreadable file must not stop the others' renewal; the caller logs it.
      outcomes.push({ name, outcome: 'failed', error: String(error) });
    }
  }
  return outcomes;
}
