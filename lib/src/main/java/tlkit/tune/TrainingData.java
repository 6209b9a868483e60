package tlkit.tune;

import tlkit.data.BatchSource;

/**
 * What a run trains and validates on: the raw examples and, optionally, the same examples' cached backbone
 * features (row {@code i} of a cache belongs to example {@code i}). With features, {@link Fit#run(TransferModel,
 * Strategy, TrainingData)} trains feature extraction and warm heads on the cache instead of running the frozen
 * backbone every epoch.
 */
public record TrainingData(BatchSource train, BatchSource validation, BatchSource trainFeatures,
                           BatchSource validationFeatures) {

    public TrainingData {
        if (trainFeatures != null && trainFeatures.size() != train.size()) {
            throw new IllegalArgumentException("the training features have " + trainFeatures.size()
                    + " rows for " + train.size() + " training examples; compute them from the same source");
        }
        if (validationFeatures != null && (validation == null || validationFeatures.size() != validation.size())) {
            throw new IllegalArgumentException("the validation features do not match the validation examples");
        }
    }

    /** Raw examples only; {@code validation} may be null. */
    public static TrainingData of(BatchSource train, BatchSource validation) {
        return new TrainingData(train, validation, null, null);
    }

    /** The same examples with their cached features (validation features may be null). */
    public TrainingData withFeatures(BatchSource trainFeatures, BatchSource validationFeatures) {
        return new TrainingData(train, validation, trainFeatures, validationFeatures);
    }

    /** The same data with another training source of the same examples (e.g. with augmentation). */
    public TrainingData withTrain(BatchSource sameExamples) {
        return new TrainingData(sameExamples, validation, trainFeatures, validationFeatures);
    }

    /** The training examples {@code indices} (and their features); validation unchanged. */
    public TrainingData subset(int[] indices) {
        return new TrainingData(train.subset(indices), validation,
                trainFeatures == null ? null : trainFeatures.subset(indices), validationFeatures);
    }

    public boolean hasFeatures() {
        return trainFeatures != null;
    }
}
