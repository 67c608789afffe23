import { errorOfKinds, type ErrorKind } from '../errors';

/**
 * Codes of PDF container failures (ISO 32000-1, ETSI EN 319 142-1):
 * - MALFORMED_PDF: not a PDF, truncated, or its structure (cross-reference data, objects) cannot
 *   be read.
 * - ENCRYPTED_PDF: the file is encrypted (ISO 32000-1 7.6); Signet signs and reads only plain files.
 * - UNSUPPORTED_PDF: a valid PDF using a feature this code does not read (a stream filter other
 *   than FlateDecode in cross-reference or object streams, ...).
 * - INVALID_ARGUMENT: an option is out of range (reserved size, field name, page, rectangle).
 * - FIELD_NAME_TAKEN: the document already has a field with the requested name.
 * - BYTE_RANGE_MISMATCH: the ByteRange does not describe the reserved /Contents of this file.
 * - CMS_TOO_LARGE: the CMS does not fit in the space reserved for /Contents.
 */
export type PadesErrorCode =
  | 'MALFORMED_PDF'
  | 'ENCRYPTED_PDF'
  | 'UNSUPPORTED_PDF'
  | 'INVALID_ARGUMENT'
  | 'FIELD_NAME_TAKEN'
  | 'BYTE_RANGE_MISMATCH'
  | 'CMS_TOO_LARGE';

/**
 * A caller's PDF or seal options are invalid; the ByteRange and the space for /Contents are the
 * ones Signet reserved when it signs (a PDF read for verification reports them as checks).
 */
const PADES_ERROR_KINDS = {
  MALFORMED_PDF: 'invalid',
  ENCRYPTED_PDF: 'invalid',
  UNSUPPORTED_PDF: 'invalid',
  INVALID_ARGUMENT: 'invalid',
  FIELD_NAME_TAKEN: 'conflict',
  BYTE_RANGE_MISMATCH: 'fault',
  CMS_TOO_LARGE: 'fault',
} as const satisfies Record<PadesErrorCode, ErrorKind>;

export class PadesError extends errorOfKinds(PADES_ERROR_KINDS) {}

/** The error for a file whose structure cannot be read. */
export function malformed(message: string, cause?: unknown): PadesError {
  return new PadesError('MALFORMED_PDF', message, cause === undefined ? undefined : { cause });
}

/** What `read` gives, or undefined when the PDF part it reads cannot be read (a PadesError). */
export function unlessUnreadable<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof PadesError) return undefined;
    throw error;
  }
}
