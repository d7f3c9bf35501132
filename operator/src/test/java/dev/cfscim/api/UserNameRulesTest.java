package dev.cfscim.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cfscim.api.Conditions.Reason;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A userName is an email address: the one judge of the CLI's validation and the operator's refusals. */
class UserNameRulesTest {

    private static ScimUserSpec spec(String userName) {
        return new ScimUserSpec(userName, null, null, true);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ann@example.com", "josé.müller@example.com", "иван@example.com", "a+tag@sub.example.co.uk"})
    void anEmailAddressPasses(String userName) {
        assertThat(UserNameRules.refusal(spec(userName))).isEmpty();
    }

    @Test
    void theLongestEmailAddressPassesAndOneMoreCharacterIsRefused() {
        String longest = "a".repeat(254 - "@example.com".length()) + "@example.com";
        assertThat(longest).hasSize(UserNameRules.MAX_LENGTH);
        assertThat(UserNameRules.refusal(spec(longest))).isEmpty();

        assertThat(UserNameRules.refusal(spec("a" + longest))).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(Reason.INVALID_USER_NAME);
            assertThat(r.message()).isEqualTo("'" + "a".repeat(40) + "...' is 255 characters long: an email address has "
                    + "at most 254");
        });
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        // 127 emoji are 254 UTF-16 units but 127 characters, as the API server counts maxLength.
        String emoji = "\uD83D\uDE00".repeat(120) + "@ex.com";
        assertThat(UserNameRules.invalid(emoji)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0000|'ann\\u0000@example.com' has a control character (U+0000) at position 4
            0007|'ann\\u0007@example.com' has a control character (U+0007) at position 4
            007F|'ann\\u007F@example.com' has a control character (U+007F) at position 4
            0085|'ann\\u0085@example.com' has a control character (U+0085) at position 4
            """)
    void aControlCharacterIsNamedByItsCodePointNeverRepeated(String hex, String message) {
        String userName = "ann" + Character.toString(Integer.parseInt(hex, 16)) + "@example.com";
        assertThat(UserNameRules.refusal(spec(userName))).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(Reason.INVALID_USER_NAME);
            assertThat(r.message()).startsWith(message).doesNotContain(userName);
        });
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            ''|the email address is required
            '   '|the email address is required
            ' ann@example.com'|has spaces around it
            ann|is not an email address
            ann@@example.com|is not an email address
            ann@example|is not an email address
            """)
    void whatIsNoEmailAddressIsRefused(String userName, String message) {
        assertThat(UserNameRules.refusal(spec(userName))).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(Reason.INVALID_USER_NAME);
            assertThat(r.message()).contains(message);
        });
        assertThat(UserNameRules.refusal(spec(null))).map(UserNameRules.Refusal::message)
                .hasValue("the email address is required");
    }

    @Test
    void aConfusableUserNameIsRefusedForThatUnlessItsUserOptsOutWhichAnInvalidOneCannot() {
        ScimUserSpec cyrillic = spec("p\u0430ul@example.com");
        assertThat(UserNameRules.refusal(cyrillic)).map(UserNameRules.Refusal::reason).hasValue(Reason.CONFUSABLE_USER_NAME);
        cyrillic.setAllowConfusableUserName(true);
        assertThat(UserNameRules.refusal(cyrillic)).isEmpty();

        ScimUserSpec bell = spec("p\u0430ul\u0007@example.com");
        bell.setAllowConfusableUserName(true);
        assertThat(UserNameRules.refusal(bell)).map(UserNameRules.Refusal::reason).hasValue(Reason.INVALID_USER_NAME);
    }

    @Test
    void theSchemaPatternRefusesWhatTheRulesRefuse() {
        Pattern schema = Pattern.compile(ScimUserSpec.EMAIL_PATTERN);
        assertThat(schema.matcher("ann@example.com").matches()).isTrue();
        for (String refused : new String[] {"ann\u0000@example.com", "ann@exa\u0007mple.com", "ann@example.com\u009F",
                "ann @example.com", "ann", "ann@example"}) {
            assertThat(schema.matcher(refused).matches()).as(refused).isFalse();
            assertThat(UserNameRules.invalid(refused)).as(refused).isPresent();
        }
        assertThat(Reason.INVALID_USER_NAME.refusesUserName()).isTrue();
        assertThat(Reason.CONFUSABLE_USER_NAME.refusesUserName()).isTrue();
        assertThat(Reason.DUPLICATE_USER_NAME.refusesUserName()).isFalse();
    }

    /**
     * The hand-written check answers as the CRD's pattern does (the API server's judge), on random
     * strings over the characters that matter to it: at signs, dots, spaces of every kind, control
     * characters, letters, a non-breaking space and a character beyond the BMP. Prints its seed.
     */
    @Test
    void theHandWrittenCheckAnswersAsTheCrdPatternDoes() {
        Pattern crd = Pattern.compile(ScimUserSpec.EMAIL_PATTERN);
        String[] pieces = {"@", ".", "a", "b", "x.y", " ", "\t", "\n", "\u000B", "\f", "\r", "\u0000", "\u007F",
                "\u0085", "\u00A0", "\u2028", "é", "\uD83D\uDE00", "@@", "..", "example.com", "ann"};
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String candidate = text.toString();
            assertThat(UserNameRules.isEmailShaped(candidate)).as("seed %d: '%s'", seed, candidate)
                    .isEqualTo(crd.matcher(candidate).matches());
        }
    }
}
