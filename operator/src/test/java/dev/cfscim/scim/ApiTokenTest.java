package dev.cfscim.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a token may hold, said by position, never by repeating it. */
class ApiTokenTest {

    private static final String TOKEN = "Zp4k9Qw2Lr7Xv1Ns8Ty3Bm6Hc0Jd5Fg2Ks7Pa9Ue";

    @Test
    void aCharacterATokenCannotHaveIsNamedByItsPosition() {
        Object[][] cases = {{16, " ", 17}, {0, "\u00e9", 1}, {40, "\u0000", 41}, {5, "\u0007", 6}};
        for (Object[] c : cases) {
            int at = (int) c[0];
            String bad = TOKEN.substring(0, at) + c[1] + TOKEN.substring(at);
            String problem = "has a space or a character a token cannot have at position " + c[2];
            assertThat(ApiToken.problem(bad)).hasValue(problem);
            assertThatThrownBy(() -> ApiToken.of(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the API token " + problem);
        }
    }

    @Test
    void positionsCountInTheValueAsGivenAndTheSpacesAroundItAreNotTheTokens() {
        assertThat(ApiToken.problem("  " + TOKEN + "\n")).isEmpty();
        assertThat(ApiToken.of("  " + TOKEN + "\n")).isEqualTo(ApiToken.of(TOKEN));
        assertThat(ApiToken.problem("\n" + TOKEN.substring(0, 3) + "\t" + TOKEN.substring(3)))
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
