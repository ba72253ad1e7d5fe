#!/usr/bin/env bash
# How every file here was made from its public original (see MANIFEST.tsv for sources and licences).
# Not run by the build: the derived files are checked in. Rerun only to change the corpus.
# Usage: testdata/images/derive.sh <dir-with-the-originals>
#   The originals, named as below, come from the Debian packages and the Maven test jar MANIFEST.tsv names
#   (apt-get download <package>; dpkg-deb -x; or unzip the imageio-jpeg tests jar).
#   ladybird_rgba_2560.png is LadyBird.jpg with a feathered elliptical alpha mask (any RGBA photo will do).
# Needs: jpegtran (Debian libjpeg-turbo-progs), node with sharp 0.34 (npm install sharp@0.34).
set -euo pipefail
src=$1
cd "$(dirname "$0")"
jpegtran -copy all -crop 1280x800+640+400 -outfile path_1mp_icc_444.jpg "$src/Path-2560x1600.jpg"
jpegtran -copy all -crop 1280x800+640+400 -outfile grey_1mp.jpg "$src/Grey-2560x1600.jpg"
jpegtran -copy all -crop 960x640+2384+656 -outfile cmyk_icc_0.6mp.jpg "$src/cmyk-sample-custom-icc-bright.jpg"
jpegtran -copy all -progressive -crop 2048x1536+1088+816 -outfile dragonfly_3mp_progressive.jpg "$src/Dragonfly_by_Bolly.jpg"
cp "$src/Landscape_6.jpg" exif_orient6.jpg
cp "$src/Storm.jpg" storm_2.5mp.jpg
node -e '
const sharp = require("sharp"); const src = process.argv[1];
(async () => {
  await sharp(src + "/Kleiber_by_Lukas_Baubkus.jpg").resize({width: 4800}).jpeg({quality: 80, chromaSubsampling: "4:2:0"}).toFile("kleiber_13mp.jpg");
  await sharp(src + "/ladybird_rgba_2560.png").resize({width: 960}).png({compressionLevel: 9, adaptiveFiltering: true}).toFile("ladybird_cutout_rgba.png");
  // converted to Display P3 and tagged with it: the colour profile a phone writes
  await sharp(src + "/EveningGlow-2560x1600.jpg").resize({width: 1024}).withIccProfile("p3").jpeg({quality: 85, progressive: true}).toFile("eveningglow_p3_progressive.jpg");
  await sharp(src + "/Gulp.png").resize({width: 960}).png({compressionLevel: 9, adaptiveFiltering: true}).toFile("gulp_artwork_alpha.png");
})();' "$src"
chmod 644 ./*.jpg ./*.png
ls -l ./*.jpg ./*.png
