// The same renditions as PipelineBenchmark, made by libvips through sharp, decoding each source ONCE, two ways:
// - "full decode": the source decoded at full size to raw pixels, every rendition resized from them;
// - "cascade": libvips at its best for several thumbnails, as it runs when asked for them: the source decoded with
//   shrink-on-load straight to the largest rendition (JPEG is decoded at 1/2, 1/4 or 1/8 in the DCT domain), that
//   rendition written, and every smaller one resized from it.
// Usage: node sharp-bench.js <corpus-dir> <rounds> <threads>
const sharp = require('sharp');
const fs = require('fs');
const path = require('path');

const [corpus, rounds, threads] = [process.argv[2], +process.argv[3], +process.argv[4]];
sharp.concurrency(1);      // libvips threads per image
sharp.cache(false);
const files = fs.readdirSync(corpus).filter(f => /\.(jpg|png)$/.test(f)).sort().map(f => path.join(corpus, f));
const presets = [
  { width: 100, height: 100, fit: 'cover' },
  { width: 320, fit: 'inside', withoutEnlargement: true },
  { width: 1024, fit: 'inside', withoutEnlargement: true },
  { width: 2048, fit: 'inside', withoutEnlargement: true },
];

async function one(file) {
  const { data, info } = await sharp(file).rotate().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  for (const p of presets) {
    await sharp(data, raw).resize(p).flatten({ background: '#ffffff' }).jpeg({ quality: 82 }).toBuffer();
  }
}

// presets[3] is the largest; the others fit inside it (cover 100x100 needs at least 100 px on the short side,
// which a 2048-wide rendition of any photo here has)
async function cascade(file) {
  const { data, info } = await sharp(file).rotate().resize(presets[3]).toColourspace('srgb').raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  await sharp(data, raw).flatten({ background: '#ffffff' }).jpeg({ quality: 82 }).toBuffer();
  for (const p of presets.slice(0, 3)) {
    await sharp(data, raw).resize(p).flatten({ background: '#ffffff' }).jpeg({ quality: 82 }).toBuffer();
  }
}

async function run(label, n, parallel, make = one) {
  const queue = [];
  for (let r = 0; r < n; r++) queue.push(...files);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const total = queue.length;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (queue.length) await make(queue.shift());
  }));
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`${label.padEnd(17)} images=${total}  ${(total / (wall / 1000)).toFixed(2)} images/s  cpu/image=${(cpuMs / total).toFixed(0)} ms  wall/image=${(wall / total).toFixed(0)} ms`);
}

(async () => {
  await run('warm-up', 1, 1);
  await run('sharp 1 thread', rounds, 1);
  await run('sharp 2 threads', rounds, 2);
  await run('warm-up', 1, 1, cascade);
  await run('cascade 1 thread', rounds, 1, cascade);
  await run('cascade 2 threads', rounds, 2, cascade);
  // CPU per image, file by file, for the per-image ratios pipeline-vs-sharp.sh prints
  for (const file of files) {
    const cpu0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) await cascade(file);
    const cpu = process.cpuUsage(cpu0);
    console.log(`cascade-per-image ${path.basename(file)} ${((cpu.user + cpu.system) / 1000 / rounds).toFixed(0)}`);
  }
  console.log(`sharp peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, libvips ${sharp.versions.vips}`);
})();
