/**
 * Audio for transfer learning: WAV reading and resampling, the exact MFCC front-end of the MLPerf Tiny
 * keyword-spotting DS-CNN, the pretrained DS-CNN itself (as a {@link tlkit.models.Backbone} plus its
 * original 12-way head), the Free Spoken Digit Dataset and simple pictures.
 *
 * <pre>{@code
 * KwsDsCnn kws = KwsDsCnn.load();                       // pretrained, stages frozen
 * kws.classify(Path.of("my_yes.wav"));                  // Yes (0.999)
 * FsddDataset fsdd = FsddDataset.load();                // 3,000 clips -> MFCCs, progress bar
 * FsddDataset.Split split = fsdd.officialSplit();       // 2,700 train / 300 test
 * float[][] feats = kws.features(fsdd.mfccs(), 256);    // frozen 64-d features
 * NDList batch = fsdd.batch(manager, split.test());     // [N,1,49,10] + labels [N]
 * display(AudioPictures.logMel(fsdd.clip(0)));
 * }</pre>
 */
package tlkit.audio;
