import { Transform, type TransformCallback } from 'node:stream';
import type { LogChunk } from '../engine/runtime.js';

/**
 * Docker multiplexes a non-TTY container's stdout and stderr into frames: an 8-byte header
 * (stream type, 3 zero bytes, big-endian payload length) then the payload. Frames are split
 * across network chunks arbitrarily, so this keeps the remainder between chunks.
 */
export class LogDemuxer extends Transform {
  private pending: Buffer = Buffer.alloc(0);

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.pending.length < 8) break;
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      const data = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      // Type 0 is stdin (never sent for logs); anything but stderr is shown as stdout.
      const out: LogChunk = { stream: type === 2 ? 'stderr' : 'stdout', data: Buffer.from(data) };
      this.push(out);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    // A truncated frame at the end still carries text the user wants to see.
    if (this.pending.length > 8) this.push({ stream: this.pending[0] === 2 ? 'stderr' : 'stdout', data: Buffer.from(this.pending.subarray(8)) });
    done();
  }
}

/** Frames one payload the way Docker does (used by tests). */
export function frame(stream: 'stdout' | 'stderr', data: Buffer | string): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data) : data;
  const header = Buffer.alloc(8);
  header[0] = stream === 'stderr' ? 2 : 1;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
