package tlkit.data.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prefix rewriting of download URLs, for proxies and lab servers that copy the public layout (the
 * analogue of {@code HF_ENDPOINT}): {@code TLKIT_URL_REWRITE=FROM=TO[,FROM=TO...]}, e.g.
 * {@code https://github.com/=http://127.0.0.1:8000/}. The first rule whose FROM starts the URL replaces
 * that prefix; URLs no rule matches are used as they are.
 */
public final class UrlRewrite {

    private record Rule(String from, String to) {
    }

    private static final UrlRewrite NONE = new UrlRewrite(List.of());

    private final List<Rule> rules;

    private UrlRewrite(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static UrlRewrite none() {
        return NONE;
    }

    /** Parses {@code FROM=TO} pairs separated by commas; null or blank means no rewriting. */
    public static UrlRewrite parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (String pair : spec.split(",")) {
            String p = pair.strip();
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new CatalogException("URL rewrite rule '" + p + "' in '" + spec + "' is not FROM=TO."
                        + "\nFix: set TLKIT_URL_REWRITE (or -Dtlkit.urlRewrite) to comma-separated FROM=TO prefix pairs,"
                        + " e.g. https://github.com/=http://127.0.0.1:8000/");
            }
            rules.add(new Rule(p.substring(0, eq).strip(), p.substring(eq + 1).strip()));
        }
        return new UrlRewrite(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public String apply(String url) {
        for (Rule r : rules) {
            if (url.startsWith(r.from())) {
                return r.to() + url.substring(r.from().length());
            }
        }
        return url;
    }

    @Override
    public String toString() {
        return isEmpty() ? "none" : rules.stream().map(r -> r.from() + " -> " + r.to()).collect(Collectors.joining(", "));
    }
}
