/**
 * Self-supervised pretraining for text, small enough for a laptop CPU: a word vocabulary built from
 * unlabelled sentences ({@link tlkit.text.lm.WordVocab}), a next-word LSTM language model
 * ({@link tlkit.text.lm.LanguageModel}) trained by {@link tlkit.text.lm.Pretraining}, and its lower layers
 * reused as a {@link tlkit.models.Backbone} for classification (ULMFiT's recipe).
 */
package tlkit.text.lm;
