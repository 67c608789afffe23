/**
 * Limits of verification that the server and the citizen page share (the page bundles this file:
 * no imports). One number, so that the page never reads a PDF the server would refuse to check,
 * nor refuses one the server reads.
 */

/**
 * A PDF is held whole up to this size to be verified by the signatures inside it (each covers a
 * byte range of the whole file): by POST /api/v1/verify, and by the page on the reader's device.
 * Above it: 413 PDF_TOO_LARGE from the server, "cannot be confirmed here; too large" on the page.
 */
export const MAX_PDF_BYTES = 64 * 1024 * 1024;
