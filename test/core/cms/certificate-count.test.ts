/**
 * carriedCertificateCount: the certificates of a SignedData counted from its encoding before it is
 * decoded (issue 14), the same for DER and for BER with indefinite lengths, 0 without any, and
 * undefined for bytes that are not laid out as a SignedData.
 */
import { carriedCertificateCount, encodeSignedData, parseSignedData } from '../../../src/core/cms';
import * as oid from '../../../src/core/oid';
import { toIndefiniteLengths } from '../../helpers/ber';
import { hostileRequest } from '../../helpers/hostile-cms';

describe('carriedCertificateCount', () => {
  it('counts the certificates a signature carries, in DER and in BER', async () => {
    const { signature } = await hostileRequest({ signers: 2, cas: 5, hostileExponents: false });
    expect(parseSignedData(signature).certificates).toHaveLength(6);
    expect(carriedCertificateCount(signature)).toBe(6);
    expect(carriedCertificateCount(toIndefiniteLengths(Buffer.from(signature)))).toBe(6);
  });

  it('says 0 for a signature without certificates', () => {
    const bare = encodeSignedData({
      contentType: oid.OID_CT_DATA,
      certificates: [],
      crls: [],
      signerInfos: [],
    });
    expect(carriedCertificateCount(bare)).toBe(0);
  });

  it('says undefined for what is not a SignedData, and for a cut one', async () => {
    const { signature } = await hostileRequest({ signers: 1, cas: 5, hostileExponents: false });
    expect(carriedCertificateCount(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toBeUndefined();
    expect(carriedCertificateCount(new Uint8Array(0))).toBeUndefined();
    expect(carriedCertificateCount(signature.subarray(0, signature.length / 2))).toBeUndefined();
  });
});
