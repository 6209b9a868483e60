package tlkit.data.catalog;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlRewriteTest {

    private static final String RESNET = "https://github.com/akamaster/pytorch_resnet_cifar10/raw/d5489e8995e81e91ce6b1d69dcc98ad579b0b153/LICENSE";

    @Test
    void firstMatchingPrefixIsReplacedOthersPassUnchanged() {
        UrlRewrite r = UrlRewrite.parse(" https://github.com/akamaster/=http://proxy:3128/aka/ , https://github.com/=http://127.0.0.1:8000/ ");

        assertEquals("http://proxy:3128/aka/pytorch_resnet_cifar10/raw/d5489e8995e81e91ce6b1d69dcc98ad579b0b153/LICENSE", r.apply(RESNET));
        assertEquals("http://127.0.0.1:8000/mlcommons/tiny/raw/x/LICENSE.md", r.apply("https://github.com/mlcommons/tiny/raw/x/LICENSE.md"));
        assertEquals("https://example.org/a", r.apply("https://example.org/a"));
        assertTrue(r.toString().contains("https://github.com/ -> http://127.0.0.1:8000/"), r.toString());
    }

    @Test
    void blankMeansNoRewriting() {
        assertTrue(UrlRewrite.parse("  ").isEmpty());
        assertTrue(UrlRewrite.parse(null).isEmpty());
        assertEquals(RESNET, UrlRewrite.parse("").apply(RESNET));
    }

    @Test
    void malformedPairFailsNamingTheRuleAndTheSetting() {
        CatalogException e = assertThrows(CatalogException.class, () -> UrlRewrite.parse("https://github.com/=http://a/,oops"));
        assertTrue(e.getMessage().contains("'oops'"), e.getMessage());
        assertTrue(e.getMessage().contains("TLKIT_URL_REWRITE"), e.getMessage());
        assertThrows(CatalogException.class, () -> UrlRewrite.parse("https://github.com/="));
    }

    @Test
    void systemPropertyIsTheDefaultSetting() {
        String old = System.getProperty("tlkit.urlRewrite");
        System.setProperty("tlkit.urlRewrite", "https://github.com/=http://127.0.0.1:9/");
        try {
            assertEquals("http://127.0.0.1:9/x", CatalogSettings.defaultUrlRewrite().apply("https://github.com/x"));
        } finally {
            if (old == null) {
                System.clearProperty("tlkit.urlRewrite");
            } else {
                System.setProperty("tlkit.urlRewrite", old);
            }
        }
    }
}
