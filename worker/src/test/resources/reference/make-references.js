// Reference renditions made by libvips (sharp) from the repository's corpus (testdata/images), to check our
// colours and orientation.
// Rerun: npm install sharp@0.34 && node make-references.js [corpus-dir]   (writes the PNGs beside this file)
const sharp = require('sharp');
const path = require('path');
const corpus = process.argv[2] || path.join(__dirname, '../../../../../testdata/images');
const files = ['cmyk_icc_0.6mp.jpg', 'path_1mp_icc_444.jpg', 'grey_1mp.jpg', 'exif_orient6.jpg',
  'ladybird_cutout_rgba.png', 'storm_2.5mp.jpg'];
(async () => {
  for (const f of files) {
    const out = path.join(__dirname, f.replace(/\.(jpg|png)$/, '.ref.png'));
    // rotate(): apply EXIF orientation; toColourspace('srgb'): convert CMYK/ICC to sRGB like a browser shows it
    await sharp(path.join(corpus, f)).rotate().resize({ width: 96, fit: 'inside' }).toColourspace('srgb').png().toFile(out);
    const m = await sharp(out).metadata();
    console.log(f, m.width + 'x' + m.height, m.channels);
  }
})();
