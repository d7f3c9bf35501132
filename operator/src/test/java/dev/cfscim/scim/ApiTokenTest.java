package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ApiToken#redact}: the token in every form a server may echo it in, and any Bearer credential. */
class ApiTokenTest {

    /** Every character some escaping rewrites, among the printable ASCII a token may hold. */
    private static final String VALUE = "Ab9/+\"\\&<>'=%;:?#~";
    private static final ApiToken TOKEN = ApiToken.of(VALUE);

    @ParameterizedTest
    @ValueSource(strings = {
            // as is
            "Ab9/+\"\\&<>'=%;:?#~",
            // JSON (Jackson): quote and backslash escaped
            "Ab9/+\\\"\\\\&<>'=%;:?#~",
            // JSON escaped twice
            "Ab9/+\\\\\\\"\\\\\\\\&<>'=%;:?#~",
            // JSON with slash escaped and Go's HTML-safe escapes, either case
            "Ab9\\/+\\\"\\\\\\u0026\\u003C\\u003e\\u0027=%;:?#~",
            // HTML entities, named and numeric
            "Ab9/+&quot;\\&amp;&lt;&gt;&#39;=%;:?#~",
            "Ab9&#x2F;+&#34;\\&#38;<>'=%;:?#~",
            // percent-encoded, upper and lower case hex, and encoded twice
            "Ab9%2F%2B%22%5C%26%3C%3E%27%3D%25%3B%3A%3F%23%7E",
            "Ab9%2f%2b%22%5c%26%3c%3e%27%3d%25%3b%3a%3f%23%7e",
            "%2541b9%252F+\"\\&<>'=%;:?#~"})
    void theTokenInAnyEncodingIsRedacted(String echoed) {
        assertThat(TOKEN.redact("before " + echoed + " after")).isEqualTo("before [redacted] after");
    }

    @Test
    void formUrlEncodingIsCoveredToo() {
        String encoded = URLEncoder.encode(VALUE, StandardCharsets.UTF_8);
        assertThat(TOKEN.redact("token=" + encoded + "&x=1")).isEqualTo("token=[redacted]&x=1");
    }

    @Test
    void bearerAndTheCredentialAfterItGoWhateverTheCredential() {
        assertThat(TOKEN.redact("Authorization: Bearer someone-elses.token_1 was refused"))
                .isEqualTo("Authorization: Bearer [redacted] was refused");
        assertThat(TOKEN.redact("authorization: bearer%20abc123")).isEqualTo("authorization: bearer [redacted]");
        assertThat(TOKEN.redact("{\"h\":\"BEARER\\u0020abc\"}")).isEqualTo("{\"h\":\"BEARER [redacted]");
        assertThat(TOKEN.redact("Bearer " + VALUE)).isEqualTo("Bearer [redacted]");
    }

    @Test
    void textWithoutACredentialIsLeftAsItIs() {
        String text = "POST /Users: 409 uniqueness: a user with userName alice@example.com exists (Ab9/ is near, not it)";
        assertThat(TOKEN.redact(text)).isEqualTo(text);
        assertThat(TOKEN.redact(null)).isNull();
        assertThat(TOKEN.toString()).doesNotContain(VALUE);
    }


    /** A token as Cloudflare issues them: 40 characters. */
    private static final String SAMPLE = "Zp4k9Qw2Lr7Xv1Ns8Ty3Bm6Hc0Jd5Fg2Ks7Pa9Ue";

    @Test
    void aCharacterATokenCannotHaveIsNamedByItsPosition() {
        Object[][] cases = {{16, " ", 17}, {0, "\u00e9", 1}, {40, "\u0000", 41}, {5, "\u0007", 6}};
        for (Object[] c : cases) {
            int at = (int) c[0];
            String bad = SAMPLE.substring(0, at) + c[1] + SAMPLE.substring(at);
            String problem = "has a space or a character a token cannot have at position " + c[2];
            assertThat(ApiToken.problem(bad)).hasValue(problem);
            assertThatThrownBy(() -> ApiToken.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the API token " + problem);
        }
    }

    @Test
    void positionsCountInTheValueAsGivenAndTheSpacesAroundItAreNotTheTokens() {
        assertThat(ApiToken.problem("  " + SAMPLE + "\n")).isEmpty();
        assertThat(ApiToken.of("  " + SAMPLE + "\n")).isEqualTo(ApiToken.of(SAMPLE));
        assertThat(ApiToken.problem("\n" + SAMPLE.substring(0, 3) + "\t" + SAMPLE.substring(3)))
                .hasValue("has a space or a character a token cannot have at position 5");
    }

    @Test
    void anEmptyOrHugeValueIsNoToken() {
        assertThat(ApiToken.problem("")).hasValue("is empty");
        assertThat(ApiToken.problem(" \n ")).hasValue("is empty");
        assertThat(ApiToken.problem(null)).hasValue("is empty");
        assertThat(ApiToken.problem("t".repeat(ApiToken.MAX_LENGTH))).isEmpty();
        assertThat(ApiToken.problem("t".repeat(100_000))).hasValue("is 100000 characters long: a Cloudflare API token "
                + "has about 40 (at most 1024 are accepted); is it the right value?");
    }
}
