/**
 * withoutContent: an enveloping signature made detached, so that the page sends a signature and
 * a digest, never the document. The input is what `openssl cms -sign -stream -outform DER` writes
 * (BER, indefinite lengths, the document in a constructed OCTET STRING); OpenSSL then verifies the
 * result as a detached signature over the same document, and refuses it over a changed one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData, withoutContent } from '../../../src/core/cms';
import { FOREIGN_SIGNER, mustOpenssl, opensslCmsSign, tempDir } from '../../helpers/openssl';

const ROOT = join(__dirname, '..', '..', '..', 'certs', 'foreign-root.pem');

describe('withoutContent', () => {
  const dir = tempDir('signet-detach-');
  const f = (name: string) => join(dir, name);
  const document = Buffer.from('Circular 2025-9 on the archive reading room.\n');
  writeFileSync(f('doc.txt'), document);
  const ber = Buffer.from(
    opensslCmsSign({
      document: f('doc.txt'),
      ...FOREIGN_SIGNER,
      out: f('streamed.p7s'),
      extra: ['-stream'],
    }),
  );
  const opensslVerifies = (signature: Uint8Array, content: Buffer): boolean => {
    writeFileSync(f('sig.p7s'), signature);
    writeFileSync(f('content.bin'), content);
    try {
      mustOpenssl([
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        f('sig.p7s'),
        '-content',
        f('content.bin'),
        '-CAfile',
        ROOT,
        '-purpose',
        'any',
        '-out',
        f('out.bin'),
      ]);
      return true;
    } catch {
      return false;
    }
  };

  it('reads the streamed BER with the document inside', () => {
    expect([ber[0], ber[1]]).toEqual([0x30, 0x80]);
    expect(Buffer.from(parseSignedData(ber).content ?? []).equals(document)).toBe(true);
  });

  it('gives a detached DER signature that OpenSSL verifies over the document, not a changed one', () => {
    const detached = withoutContent(ber);
    expect(parseSignedData(detached).content).toBeUndefined();
    expect(Buffer.from(detached).includes(document.subarray(0, 24))).toBe(false);
    expect(opensslVerifies(detached, document)).toBe(true);
    const changed = Buffer.from(document);
    changed[3] ^= 1;
    expect(opensslVerifies(detached, changed)).toBe(false);
    // The signer's part is copied as it was: the same signature value.
    expect(parseSignedData(detached).signerInfos[0]?.signature).toEqual(
      parseSignedData(ber).signerInfos[0]?.signature,
    );
  });
});
