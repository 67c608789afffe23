/**
 * An ASN.1 element carried as its DER encoding (`ANY`, like Go's asn1.RawValue). Declared
 * structures use it for parts that are encoded once and reused on every signature (certificates,
 * algorithm identifiers, attributes) and for parsed input that must be written back byte for byte
 * (a signature covers those bytes).
 */
import * as asn1js from 'asn1js';
import { AsnArray, AsnType, AsnTypeTypes, type IAsnConvertible } from '@peculiar/asn1-schema';

/**
 * An asn1js node that writes given bytes as they are. asn1js asks each child of a constructed
 * value to write itself into the parent's writer; RawData ignores the writer, so this one uses it.
 */
class PreEncodedBlock extends asn1js.RawData {
  override toBER(_sizeOnly?: boolean, writer?: asn1js.ViewWriter): ArrayBuffer {
    const view = this.dataView;
    // The writer keeps ArrayBuffers as they are and copies views: hand it a whole buffer if any.
    const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
    const bytes = whole ? (view.buffer as ArrayBuffer) : view.slice().buffer;
    if (!writer) return bytes;
    writer.write(bytes);
    return new ArrayBuffer(0);
  }
}

/**
 * One DER element, kept encoded. Use it untagged or under an EXPLICIT tag only: an IMPLICIT tag
 * would need the element's inner value, which this class never decodes.
 */
export class DerElement implements IAsnConvertible {
  constructor(public der: Uint8Array = new Uint8Array(0)) {}

  fromASN(asn: asn1js.AsnType): this {
    this.der = new Uint8Array(asn.valueBeforeDecodeView);
    return this;
  }

  toASN(): asn1js.AsnType {
    return new PreEncodedBlock({ data: this.der }) as unknown as asn1js.AsnType;
  }

  toSchema(name: string): asn1js.BaseBlock {
    return new asn1js.Any({ name }) as unknown as asn1js.BaseBlock;
  }
}

/** SET OF elements kept encoded; the order is the caller's (see `sortedByEncoding`). */
@AsnType({ type: AsnTypeTypes.Set, itemType: DerElement })
export class DerSetOf extends AsnArray<DerElement> {
  encodings(): Uint8Array[] {
    return Array.from(this, (element) => element.der);
  }
}

/** A SET OF holding these encodings, in this order. */
export function derSetOf(encodings: readonly Uint8Array[]): DerSetOf {
  return new DerSetOf(encodings.map((der) => new DerElement(der)));
}

/**
 * Encodings in the order DER gives the components of a SET OF: ascending as octet strings, the
 * shorter padded with zeros (X.690 section 11.6). Equal encodings are kept once.
 */
export function sortedByEncoding(encodings: readonly Uint8Array[]): Uint8Array[] {
  const unique: Uint8Array[] = [];
  for (const der of [...encodings].sort((a, b) => Buffer.compare(a, b))) {
    const last = unique[unique.length - 1];
    if (!last || Buffer.compare(last, der) !== 0) unique.push(der);
  }
  return unique;
}
