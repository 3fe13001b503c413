/**
 * Just enough of the protobuf wire format to write TensorBoard events: varints, 32/64-bit fixed values and
 * length-delimited fields. Field numbers come from TensorFlow's event.proto and summary.proto.
 */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

const VARINT_PAYLOAD_BITS = 7n;
const VARINT_PAYLOAD_MASK = 0x7fn;
const VARINT_CONTINUE = 0x80;
const UINT64_WRAP = 1n << 64n;

/** An append-only protobuf message builder. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];

  varintField(field: number, value: number | bigint): this {
    return this.tag(field, WIRE_VARINT).raw(encodeVarint(BigInt(value)));
  }

  doubleField(field: number, value: number): this {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return this.tag(field, WIRE_FIXED64).raw(bytes);
  }

  floatField(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.tag(field, WIRE_FIXED32).raw(bytes);
  }

  bytesField(field: number, value: Uint8Array): this {
    return this.tag(field, WIRE_LENGTH_DELIMITED).raw(encodeVarint(BigInt(value.length))).raw(value);
  }

  stringField(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  messageField(field: number, message: ProtoWriter): this {
    return this.bytesField(field, message.finish());
  }

  finish(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  private tag(field: number, wireType: number): this {
    return this.raw(encodeVarint(BigInt((field << 3) | wireType)));
  }

  private raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    return this;
  }
}

/** Base-128 varint; negative int64 values are written as their 64-bit two's complement (10 bytes). */
export function encodeVarint(value: bigint): Uint8Array {
  let v = value < 0n ? value + UINT64_WRAP : value;
  const out: number[] = [];
  do {
    const low = Number(v & VARINT_PAYLOAD_MASK);
    v >>= VARINT_PAYLOAD_BITS;
    out.push(v > 0n ? low | VARINT_CONTINUE : low);
  } while (v > 0n);
  return Uint8Array.from(out);
}
