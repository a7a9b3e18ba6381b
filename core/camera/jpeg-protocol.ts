/**
 * Wire constants of the LAN JPEG camera on TLS port 6000 (A1, A1 mini, P1P, P1S, A2L).
 * Reference: shared/reference/protocol/camera.md §2.
 */

/** TLS port of the JPEG camera service. */
export const JPEG_CAMERA_PORT = 6000;

/** Bytes of the header before every JPEG frame (u32 LE size, itrack, flags, reserved). */
export const FRAME_HEADER_BYTES = 16;

/** Default cap on one frame (bytes). Real frames are 30-200 KB; anything above is an error, not an allocation. */
export const DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

const AUTH_PACKET_BYTES = 80;
const AUTH_PAYLOAD_BYTES = 0x40;
const AUTH_MESSAGE_TYPE = 0x3000;
const USER = 'bblp';
const FIELD_BYTES = 32;

/**
 * The 80-byte login packet: 16-byte header (payload size 0x40, type 0x3000, 0, 0), then the user
 * `bblp` and the access code, each ASCII and NUL-padded to 32 bytes. Throws on a code that does not fit.
 */
export function encodeJpegAuthPacket(accessCode: string): Buffer {
  const code = Buffer.from(accessCode, 'ascii');
  if (code.length === 0 || code.length > FIELD_BYTES) {
    throw new RangeError(`access code must be 1-${FIELD_BYTES} ASCII characters`);
  }
  const packet = Buffer.alloc(AUTH_PACKET_BYTES);
  packet.writeUInt32LE(AUTH_PAYLOAD_BYTES, 0);
  packet.writeUInt32LE(AUTH_MESSAGE_TYPE, 4);
  packet.write(USER, 16, 'ascii');
  code.copy(packet, 16 + FIELD_BYTES);
  return packet;
}
