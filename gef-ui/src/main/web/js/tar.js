// A minimal ustar writer: the publish page packs a chosen folder into the tar build context the server expects,
// so file paths travel inside the archive rather than in multipart file names (which browsers and servers mangle).

const enc = new TextEncoder();

function header(path, size, mtime) {
  const h = new Uint8Array(512);
  const put = (s, off, len) => h.set(enc.encode(s).slice(0, len), off);
  const octal = (n, len) => n.toString(8).padStart(len - 1, '0');
  let name = path;
  let prefix = '';
  if (enc.encode(path).length > 100) { // ustar splits long paths at a '/' into prefix (155) + name (100)
    const cut = path.lastIndexOf('/', 155);
    if (cut < 0 || enc.encode(path.slice(cut + 1)).length > 100) throw new Error(`path too long for tar: ${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  put(name, 0, 100);
  put(octal(0o644, 8) + '\0', 100, 8);
  put(octal(0, 8) + '\0', 108, 8);
  put(octal(0, 8) + '\0', 116, 8);
  put(octal(size, 12) + '\0', 124, 12);
  put(octal(mtime, 12) + '\0', 136, 12);
  put('        ', 148, 8); // checksum is computed with this field as spaces
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put(prefix, 345, 155);
  const sum = h.reduce((a, b) => a + b, 0);
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** [{path, file}] → a Blob holding the tar archive. */
export async function tar(entries) {
  const parts = [];
  for (const {path, file} of entries) {
    parts.push(header(path, file.size, Math.floor((file.lastModified || Date.now()) / 1000)), file);
    const pad = (512 - (file.size % 512)) % 512;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024)); // two zero blocks end the archive
  return new Blob(parts, {type: 'application/x-tar'});
}
