// Reference renditions made by libvips (sharp) from ../shared/corpus, to check our colours and orientation.
// Rerun: npm install sharp@0.34 && node make-references.js <corpus-dir>   (writes the PNGs beside this file)
const sharp = require('sharp');
const path = require('path');
const corpus = process.argv[2];
const files = ['15_cmyk_nikon_12mp.jpg', '10_path_4mp_icc.jpg', '12_grey_4mp_gray.jpg', '18_exif_orient6.jpg',
  '21_ladybird_cutout_rgba_derived.png', '14_storm_2.5mp.jpg'];
(async () => {
  for (const f of files) {
    const out = path.join(__dirname, f.replace(/\.(jpg|png)$/, '.ref.png'));
    // rotate(): apply EXIF orientation; toColourspace('srgb'): convert CMYK/ICC to sRGB like a browser shows it
    await sharp(path.join(corpus, f)).rotate().resize({ width: 96, fit: 'inside' }).toColourspace('srgb').png().toFile(out);
    const m = await sharp(out).metadata();
    console.log(f, m.width + 'x' + m.height, m.channels);
  }
})();
