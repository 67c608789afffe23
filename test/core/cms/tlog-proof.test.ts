/**
 * Signet's log proof attribute (OID 1.3.6.1.4.1.99999.2.1, core/cms/tlog-proof.ts): DER that
 * OpenSSL's own parser reads as SEQUENCE { INTEGER 1, OCTET STRING, UTF8String }, read back the
 * same, and refused when its version or shape is another.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTlogProof, tlogProofAttribute } from '../../../src/core/cms';
import { encodeAttribute } from '../../../src/core/cms/attributes';
import { decodeDer } from '../../../src/core/asn1/decode';
import { Attribute } from '../../../src/core/asn1/cms';
import { OID_SIGNET_AA_TLOG_PROOF } from '../../../src/core/oid';
import { mustOpenssl, tempDir } from '../../helpers/openssl';

const salt = Uint8Array.from({ length: 32 }, (_, i) => i);
const proof =
  'c2sp.org/tlog-proof@v1\nindex 0\n\nexample.com/log\n1\nAAAA\n\n— example.com/log x\n';

const valueOf = (attribute: Uint8Array): Uint8Array =>
  decodeDer(attribute, Attribute, 'attribute').attrValues.encodings()[0] as Uint8Array;

describe('the tlog proof attribute', () => {
  it('is DER OpenSSL reads as the declared structure, and reads back the same', () => {
    const attribute = tlogProofAttribute({ salt, proof });
    const file = join(tempDir('signet-tlog-attr-'), 'attr.der');
    writeFileSync(file, attribute);
    const parsed = mustOpenssl(['asn1parse', '-inform', 'DER', '-in', file]);
    expect(parsed).toMatch(/OBJECT\s+:1\.3\.6\.1\.4\.1\.99999\.2\.1/);
    expect(parsed).toMatch(/INTEGER\s+:01/);
    expect(parsed).toMatch(/OCTET STRING/);
    expect(parsed).toMatch(/UTF8STRING/);
    const back = readTlogProof(valueOf(attribute));
    expect(Buffer.from(back.salt)).toEqual(Buffer.from(salt));
    expect(back.proof).toBe(proof);
  });

  it('refuses another version and a value of another shape as INVALID_ATTRIBUTE', () => {
    const value = valueOf(tlogProofAttribute({ salt, proof }));
    const v2 = Uint8Array.from(value);
    // SEQUENCE header, then INTEGER (02 01 01): the version's one octet.
    const at = Buffer.from(v2).indexOf(Buffer.from([0x02, 0x01, 0x01]));
    v2[at + 2] = 2;
    expect(() => readTlogProof(v2)).toThrow(expect.objectContaining({ code: 'INVALID_ATTRIBUTE' }));
    const other = valueOf(encodeAttribute(OID_SIGNET_AA_TLOG_PROOF, [Uint8Array.of(0x05, 0x00)]));
    expect(() => readTlogProof(other)).toThrow(
      expect.objectContaining({ code: 'INVALID_ATTRIBUTE' }),
    );
  });
});
