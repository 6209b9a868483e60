package tlkit.text;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tlkit.data.Catalog;

/**
 * The course's text classification datasets, read from {@code Catalog.get().path(id)}:
 * {@code sst2} (sentiment), {@code sms-spam} (spam filtering) and {@code medical-abstracts}
 * (biomedical domain shift).
 */
public final class TextData {

    private TextData() {
    }

    /**
     * SST-2 in GLUE TSV format. {@code split} is "train" (60,614), "dev" (6,735) or "test" (872).
     * This copy re-splits GLUE train into train/dev, and its test.tsv is the labelled GLUE dev set:
     * report results on it as "SST-2 (GLUE dev)".
     */
    public static TextDataset sst2(String split) {
        String file = switch (split) {
            case "train" -> "train.tsv";
            case "dev" -> "dev.tsv";
            case "test" -> "test.tsv";
            default -> throw new IllegalArgumentException("SST-2 split must be train, dev or test, got '" + split + "'");
        };
        String name = split.equals("test") ? "SST-2 (GLUE dev)" : "SST-2 " + split;
        return readSst2Tsv(Catalog.get().path("sst2").resolve(file), name);
    }

    /** SMS Spam Collection: 5,574 messages, classes ham (0) and spam (1); no official split. */
    public static TextDataset smsSpam() {
        return readSmsSpam(Catalog.get().path("sms-spam").resolve("SMSSpamCollection"));
    }

    /**
     * Medical abstracts (test split of the corpus, 2,888 PubMed abstracts, 5 disease classes);
     * split it yourself, e.g. {@code medicalAbstracts().distinctTexts().stratifiedSplit(0.8, 42)}.
     * Note: 113 abstracts appear twice with different labels (2,888 rows, 2,770 distinct texts), so
     * no classifier can reach 100 %; {@link TextDataset#distinctTexts()} keeps the first of each.
     */
    public static TextDataset medicalAbstracts() {
        Path dir = Catalog.get().path("medical-abstracts");
        return readMedicalAbstracts(dir.resolve("medical_tc_test.csv"), dir.resolve("medical_tc_labels.csv"));
    }

    /** GLUE-style TSV with header {@code sentence<TAB>label}, labels 0 (negative) / 1 (positive). */
    public static TextDataset readSst2Tsv(Path file, String name) {
        List<String> lines = lines(file);
        if (lines.isEmpty() || !lines.get(0).equals("sentence\tlabel")) {
            throw new IllegalArgumentException(file + " line 1: expected the header 'sentence<TAB>label', found '"
                    + (lines.isEmpty() ? "" : abbreviate(lines.get(0))) + "'; is this a GLUE SST-2 TSV file?");
        }
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": no tab between sentence and label in '"
                        + abbreviate(line) + "'; fix or delete that line");
            }
            String label = line.substring(tab + 1).trim();
            if (!label.equals("0") && !label.equals("1")) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": label '" + label
                        + "' is not 0 or 1; fix or delete that line");
            }
            texts.add(line.substring(0, tab).trim());
            labels.add(Integer.parseInt(label));
        }
        return new TextDataset(name, texts, toArray(labels), List.of("negative", "positive"));
    }

    /** TSV {@code label<TAB>text} with labels ham/spam; an optional header line {@code Label<TAB>SMS} is skipped. */
    public static TextDataset readSmsSpam(Path file) {
        List<String> lines = lines(file);
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("label\t"))) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": no tab after the label in '"
                        + abbreviate(line) + "'; each line must be 'ham<TAB>text' or 'spam<TAB>text'");
            }
            String label = line.substring(0, tab);
            int l = switch (label) {
                case "ham" -> 0;
                case "spam" -> 1;
                default -> throw new IllegalArgumentException(file + " line " + (i + 1) + ": label '" + label
                        + "' is neither ham nor spam; fix or delete that line");
            };
            texts.add(line.substring(tab + 1));
            labels.add(l);
        }
        return new TextDataset("SMS Spam Collection", texts, toArray(labels), List.of("ham", "spam"));
    }

    /**
     * CSV with header {@code condition_label,medical_abstract} (quoted fields may hold commas, line
     * breaks and doubled quotes), labels 1..K named by {@code labelsCsv} ({@code condition_label,condition_name}).
     * Class index = label − 1.
     */
    public static TextDataset readMedicalAbstracts(Path csv, Path labelsCsv) {
        List<String[]> labelRows = parseCsv(labelsCsv);
        int[] labelColumns = columns(labelRows, labelsCsv, "condition_label", "condition_name");
        List<String> classNames = new ArrayList<>();
        for (int r = 1; r < labelRows.size(); r++) {
            String[] row = labelRows.get(r);
            int label = parseLabel(row[labelColumns[0]], labelsCsv, r + 1, Integer.MAX_VALUE);
            if (label != classNames.size() + 1) {
                throw new IllegalArgumentException(labelsCsv + " row " + (r + 1) + ": expected label "
                        + (classNames.size() + 1) + " (labels must be 1, 2, 3, … in order), found " + label);
            }
            classNames.add(row[labelColumns[1]]);
        }
        List<String[]> rows = parseCsv(csv);
        int[] cols = columns(rows, csv, "condition_label", "medical_abstract");
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length <= Math.max(cols[0], cols[1]) || row[cols[1]] == null) {
                throw new IllegalArgumentException(csv + " record " + (r + 1) + ": missing the medical_abstract field;"
                        + " every record needs 'label,\"abstract\"'");
            }
            labels.add(parseLabel(row[cols[0]], csv, r + 1, classNames.size()) - 1);
            texts.add(row[cols[1]]);
        }
        return new TextDataset("Medical abstracts", texts, toArray(labels), classNames);
    }

    private static int parseLabel(String value, Path file, int record, int maxLabel) {
        try {
            int label = Integer.parseInt(value == null ? "" : value.trim());
            if (label < 1 || label > maxLabel) {
                throw new NumberFormatException();
            }
            return label;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " record " + record + ": label '" + value + "' is not a class"
                    + " number 1.." + (maxLabel == Integer.MAX_VALUE ? "K" : maxLabel)
                    + "; fix or delete that record");
        }
    }

    private static int[] columns(List<String[]> rows, Path file, String... wanted) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty; expected a header " + String.join(",", wanted));
        }
        String[] header = rows.get(0);
        int[] idx = new int[wanted.length];
        for (int w = 0; w < wanted.length; w++) {
            idx[w] = -1;
            for (int c = 0; c < header.length; c++) {
                if (wanted[w].equals(header[c] == null ? null : header[c].trim())) {
                    idx[w] = c;
                }
            }
            if (idx[w] < 0) {
                throw new IllegalArgumentException(file + " line 1: no column '" + wanted[w] + "' in the header "
                        + java.util.Arrays.toString(header) + "; the file needs the columns " + String.join(",", wanted));
            }
        }
        return idx;
    }

    private static List<String[]> parseCsv(Path file) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(false);
        settings.setMaxCharsPerColumn(-1); // abstracts are longer than the 4,096 default
        settings.setLineSeparatorDetectionEnabled(true);
        settings.setSkipEmptyLines(true);
        settings.setIgnoreLeadingWhitespaces(false);
        settings.setIgnoreTrailingWhitespaces(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new CsvParser(settings).parseAll(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage()
                    + "; check that the dataset was downloaded completely", e);
        } catch (TextParsingException e) {
            throw new IllegalArgumentException(file + " line " + (e.getLineIndex() + 1) + ": not valid CSV ("
                    + e.getMessage().lines().findFirst().orElse("") + "); look for an unbalanced quote there", e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage()
                    + "; check the catalog folder (Catalog.get().path(id))", e);
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
