// Reference renditions made by libvips (sharp) from the repository's corpus (testdata/images), to check our
// colours and orientation.
// Rerun: npm install sharp@0.34 && node make-references.js [corpus-dir]   (writes the PNGs beside this file)
const sharp = require('sharp');
const path = require('path');
const corpus = process.argv[2] || path.join(__dirname, '../../../../../testdata/images');
// 96 px wide, except two larger ones where shrink-on-load decodes at 1/8 and 1/4 (a 13 MP baseline photo, a
// progressive one): their name says the width
const files = [['cmyk_icc_0.6mp.jpg', 96], ['path_1mp_icc_444.jpg', 96], ['grey_1mp.jpg', 96],
  ['exif_orient6.jpg', 96], ['ladybird_cutout_rgba.png', 96], ['storm_2.5mp.jpg', 96],
  ['eveningglow_p3_progressive.jpg', 96], ['kleiber_13mp.jpg', 512], ['dragonfly_3mp_progressive.jpg', 512]];
(async () => {
  for (const [f, width] of files) {
    const suffix = width === 96 ? '.ref.png' : '.' + width + '.ref.png';
    const out = path.join(__dirname, f.replace(/\.(jpg|png)$/, suffix));
    // rotate(): apply EXIF orientation; toColourspace('srgb'): convert CMYK/ICC to sRGB like a browser shows it
    await sharp(path.join(corpus, f)).rotate().resize({ width, fit: 'inside' }).toColourspace('srgb').png().toFile(out);
    const m = await sharp(out).metadata();
    console.log(f, m.width + 'x' + m.height, m.channels);
  }
})();
