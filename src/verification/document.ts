/**
 * The signed document as the verifier sees it: its digests, made while it streams (a document of
 * gigabytes is never held), under every hash a signature may name, since a form may send the
 * document before the signature that says which one it uses. A document no larger than a signature
 * may be is kept too: it may itself be an enveloping signature, and a signature without signed
 * attributes over it can then be checked directly. So is a PDF of up to MAX_PDF_BYTES: its
 * signatures are inside it, and each covers a byte range of the whole file.
 */
import { createHash, type Hash } from 'node:crypto';
import { hashLength, isHashName, type HashName } from '../core/algorithms';
import { parseSignedData } from '../core/cms';
import { hasPdfHeader, PDF_HEADER_WINDOW } from '../core/pades';
import { VerificationError } from './errors';
import { MAX_PDF_BYTES } from './limits';

export { MAX_PDF_BYTES };

/** A signature (CMS) is at most this large; so is a document kept whole. */
export const MAX_SIGNATURE_BYTES = 1024 * 1024;

const HASHES: readonly HashName[] = ['sha256', 'sha384', 'sha512'];
/** Hashes a signature may name: the above and SM3 (GB/T 35275), computed only when one names it. */
const SIGNATURE_HASHES: readonly HashName[] = [...HASHES, 'sm3'];

export interface DocumentDigests {
  /** The document's digest under each hash known. */
  digests: Partial<Record<HashName, Uint8Array>>;
  /** Its size, when the document itself was read. */
  bytes?: number;
  /** The document itself, when it was read and is at most MAX_SIGNATURE_BYTES (MAX_PDF_BYTES). */
  content?: Uint8Array;
  /** Whether the document read is a PDF (by its header). */
  pdf?: boolean;
}

/**
 * The hashes a document must be hashed with for `signature`: those its signers name, or all
 * when there is no signature yet or it cannot be read (the verifier then says why).
 */
export function documentHashesFor(signature: Uint8Array | undefined): HashName[] {
  if (!signature) return [...HASHES];
  try {
    const named = parseSignedData(signature).signerInfos.map((s) => s.digestHash);
    const known = SIGNATURE_HASHES.filter((h) => named.includes(h));
    return known.length > 0 ? known : [...HASHES];
  } catch {
    return [...HASHES];
  }
}

/**
 * Hashes a document as its chunks arrive, under `hashes` (all by default), stopping with
 * DOCUMENT_TOO_LARGE past `maxBytes`. The first MAX_SIGNATURE_BYTES are kept, and all of a PDF
 * up to MAX_PDF_BYTES unless `pdfInMemory` is false: the server spools a PDF to a file instead,
 * so that uploads in flight do not hold their bytes in memory (issue 14).
 */
export async function hashDocument(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  hashes: readonly HashName[] = HASHES,
  pdfInMemory = true,
): Promise<DocumentDigests> {
  const hashers = hashes.map((h): [HashName, Hash] => [h, createHash(h)]);
  const kept: Uint8Array[] = [];
  let keepUpTo = MAX_SIGNATURE_BYTES;
  let head = Buffer.alloc(0);
  let pdf: boolean | undefined;
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > maxBytes) {
      throw new VerificationError(
        'DOCUMENT_TOO_LARGE',
        `The document is larger than the limit of ${maxBytes} bytes.`,
      );
    }
    for (const [, hasher] of hashers) hasher.update(chunk);
    // Decided once the header window is in (or at the end): a PDF is kept for longer.
    if (pdf === undefined) {
      head = Buffer.concat([head, chunk.subarray(0, PDF_HEADER_WINDOW - head.length)]);
      if (head.length >= PDF_HEADER_WINDOW) pdf = hasPdfHeader(head);
      if (pdf && pdfInMemory) keepUpTo = MAX_PDF_BYTES;
    }
    if (bytes <= keepUpTo) kept.push(chunk);
    else kept.length = 0;
  }
  const content = bytes <= keepUpTo ? new Uint8Array(Buffer.concat(kept)) : undefined;
  return {
    digests: Object.fromEntries(hashers.map(([h, hasher]) => [h, new Uint8Array(hasher.digest())])),
    bytes,
    content,
    pdf: pdf ?? hasPdfHeader(head),
  };
}

/** The digests of a document held in memory (the content of an enveloping signature). */
export function documentFromBytes(content: Uint8Array): DocumentDigests {
  return {
    digests: Object.fromEntries(
      HASHES.map((h) => [h, new Uint8Array(createHash(h).update(content).digest())]),
    ),
    bytes: content.length,
    content: content.length <= MAX_SIGNATURE_BYTES ? content : undefined,
  };
}

/** A document known only by a digest the caller made: algorithm name and hexadecimal value. */
export function documentFromDigest(algorithm: string, hex: string): DocumentDigests {
  const hash = algorithm.toLowerCase().replace('-', '');
  if (!isHashName(hash)) {
    throw new VerificationError(
      'UNSUPPORTED_DIGEST_ALGORITHM',
      'The digest algorithm must be sha256, sha384 or sha512.',
    );
  }
  if (!/^([0-9a-fA-F]{2})+$/.test(hex) || hex.length !== 2 * hashLength(hash)) {
    throw new VerificationError(
      'INVALID_DIGEST',
      `A ${hash} digest is ${2 * hashLength(hash)} hexadecimal digits.`,
    );
  }
  return { digests: { [hash]: new Uint8Array(Buffer.from(hex, 'hex')) } };
}

/** Lower-case hexadecimal, as the registry writes digests. */
export const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
