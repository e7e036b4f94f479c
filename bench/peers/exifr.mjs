// exifr.mjs: the exifr row of bench/peers.sh. Parses every file of a list with exifr in one
// Node process, asking for EXIF (TIFF IFDs), IPTC and XMP, and prints key=value results.
//
//   node exifr.mjs batch LIST   read and parse each file once (time the process from outside)
//   node exifr.mjs warm LIST [SECONDS]
//                               load the files into memory, warm up, then parse them in whole
//                               passes for SECONDS (default 2) and report files/s and the
//                               median over files of each file's median parse time
//
// exifr is loaded from EXIFR_DIR (a directory holding node_modules/exifr, e.g. made by
// `npm install exifr@7` there), or from the usual places when EXIFR_DIR is unset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const base = process.env.EXIFR_DIR ? join(resolve(process.env.EXIFR_DIR), 'x.js') : import.meta.url;
const exifr = createRequire(base)('exifr');

const options = { tiff: true, ifd0: true, exif: true, gps: true, xmp: true, iptc: true, icc: false };

const [mode, listFile, secondsArg] = process.argv.slice(2);
if (!['batch', 'warm'].includes(mode) || !listFile) {
  console.error('usage: node exifr.mjs batch|warm LIST [SECONDS]');
  process.exit(2);
}
const paths = readFileSync(listFile, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);

// parseOne parses one buffer; it returns 1 when exifr threw (counted, not fatal).
async function parseOne(buf) {
  try {
    await exifr.parse(buf, options);
    return 0;
  } catch {
    return 1;
  }
}

function median(xs) {
  if (xs.length === 0) return 0;
  const s = Float64Array.from(xs).sort();
  return s[(s.length - 1) >> 1];
}

if (mode === 'batch') {
  let errors = 0;
  const t0 = process.hrtime.bigint();
  for (const p of paths) errors += await parseOne(readFileSync(p));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`files=${paths.length} errors=${errors} seconds=${s.toFixed(3)} files_per_s=${(paths.length / s).toFixed(0)}`);
} else {
  const seconds = Number(secondsArg || 2);
  const bufs = paths.map((p) => readFileSync(p));
  const warmEnd = process.hrtime.bigint() + 500_000_000n;
  do {
    for (const b of bufs) await parseOne(b);
  } while (process.hrtime.bigint() < warmEnd);
  const per = bufs.map(() => []);
  let calls = 0;
  let errors = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(seconds * 1e9));
  let now;
  do {
    for (let i = 0; i < bufs.length; i++) {
      const t = process.hrtime.bigint();
      errors += await parseOne(bufs[i]);
      per[i].push(Number(process.hrtime.bigint() - t) / 1e6);
      calls++;
    }
    now = process.hrtime.bigint();
  } while (now < end);
  const s = Number(now - t0) / 1e9;
  const med = median(per.map(median));
  console.log(`files=${bufs.length} calls=${calls} errors=${errors} seconds=${s.toFixed(3)} files_per_s=${(calls / s).toFixed(0)} median_ms=${med.toFixed(4)}`);
}
