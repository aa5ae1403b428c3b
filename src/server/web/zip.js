// The round's zip, read in the page: its files, one file, or a new zip of some of them (their
// bytes copied as they are, not recompressed). Enough of the format for the zips xuncha
// writes: no ZIP64, no encryption; deflate is undone by the browser's DecompressionStream.

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** A zip archive held in memory. */
export class Zip {
  /** Reads the archive in `blob`. */
  static async of(blob) {
    return new Zip(blob, new Uint8Array(await blob.arrayBuffer()));
  }

  constructor(blob, bytes) {
    this.blob = blob;
    this.bytes = bytes;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let end = -1;
    for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at -= 1) {
      if (view.getUint32(at, true) === END_OF_DIRECTORY) {
        end = at;
        break;
      }
    }
    if (end < 0) throw new Error("服务返回的不是有效的 zip 文件");
    const count = view.getUint16(end + 10, true);
    this.directoryAt = view.getUint32(end + 16, true);
    const names = new TextDecoder();
    this.entries = [];
    let at = this.directoryAt;
    for (let n = 0; n < count; n += 1) {
      if (view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new Error("zip 文件的目录已损坏");
      const nameLength = view.getUint16(at + 28, true);
      const length = 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
      this.entries.push({
        name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
        method: view.getUint16(at + 10, true),
        compressed: view.getUint32(at + 20, true),
        local: view.getUint32(at + 42, true),
        directory: bytes.subarray(at, at + length),
      });
      at += length;
    }
    // Each file's local header, data and data descriptor run up to the next file.
    const byPlace = [...this.entries].sort((a, b) => a.local - b.local);
    byPlace.forEach((entry, i) => {
      entry.end = i + 1 < byPlace.length ? byPlace[i + 1].local : this.directoryAt;
    });
    this.view = view;
  }

  /** The names of the files, in the archive's order. */
  names() {
    return this.entries.map((e) => e.name);
  }

  entry(name) {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) throw new Error(`zip 中没有“${name}”`);
    return entry;
  }

  /** One file's content as a Blob of media type `type`. */
  async file(name, type = "") {
    const entry = this.entry(name);
    if (this.view.getUint32(entry.local, true) !== LOCAL_HEADER) throw new Error("zip 文件已损坏");
    const start = entry.local + 30 + this.view.getUint16(entry.local + 26, true)
      + this.view.getUint16(entry.local + 28, true);
    const data = this.bytes.subarray(start, start + entry.compressed);
    if (entry.method === 0) return new Blob([data], { type });
    if (entry.method !== 8) throw new Error(`“${name}”的压缩方式不受支持`);
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Blob([await new Response(stream).arrayBuffer()], { type });
  }

  /** One file's content as text (UTF-8). */
  async text(name) {
    return (await this.file(name)).text();
  }

  /** A new zip of the files `names`, in that order. */
  subset(names) {
    const parts = [];
    const directory = [];
    let offset = 0;
    for (const name of names) {
      const entry = this.entry(name);
      const local = this.bytes.subarray(entry.local, entry.end);
      const header = entry.directory.slice();
      new DataView(header.buffer).setUint32(42, offset, true);
      parts.push(local);
      directory.push(header);
      offset += local.length;
    }
    const size = directory.reduce((sum, header) => sum + header.length, 0);
    const end = new Uint8Array(22);
    const view = new DataView(end.buffer);
    view.setUint32(0, END_OF_DIRECTORY, true);
    view.setUint16(8, directory.length, true);
    view.setUint16(10, directory.length, true);
    view.setUint32(12, size, true);
    view.setUint32(16, offset, true);
    return new Blob([...parts, ...directory, end], { type: "application/zip" });
  }
}
