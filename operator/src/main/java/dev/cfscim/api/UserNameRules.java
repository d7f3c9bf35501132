package dev.cfscim.api;

import dev.cfscim.api.Conditions.Reason;
import java.util.Optional;

/**
 * Which userNames are refused, and why: the one judge that the command line's validation, the
 * operator's declaration ({@code DesiredStates.refusals}) and its statuses all ask.
 * Cloudflare's published schema types userName as an email address ({@code format: email}): at
 * most 254 characters (RFC 5321's longest path), no control character, one {@code @} and a dot in
 * the domain; and a userName that reads as another one is refused unless its ScimUser opts out
 * ({@link ConfusableUserNames}). The CRD schema says the same with {@code maxLength} and
 * {@link ScimUserSpec#EMAIL_PATTERN}.
 */
public final class UserNameRules {

    /** The longest email address: RFC 5321's 256-octet path less its angle brackets. */
    public static final int MAX_LENGTH = 254;
    /** How much of an over-long userName a message repeats. */
    private static final int SHOWN = 40;

    /** Why a ScimUser is refused: a {@link Reason} and a message that says what to fix. */
    public record Refusal(Reason reason, String message) {
    }

    private UserNameRules() {
    }

    /**
     * Why the ScimUser's userName is refused ({@link Reason#INVALID_USER_NAME} or
     * {@link Reason#CONFUSABLE_USER_NAME}); empty when it is not, or the spec is missing.
     */
    public static Optional<Refusal> refusal(ScimUserSpec spec) {
        if (spec == null) {
            return Optional.empty();
        }
        Optional<String> invalid = invalid(spec.getUserName());
        if (invalid.isPresent()) {
            return Optional.of(new Refusal(Reason.INVALID_USER_NAME, invalid.get()));
        }
        if (Boolean.TRUE.equals(spec.getAllowConfusableUserName())) {
            return Optional.empty();
        }
        return ConfusableUserNames.problem(spec.getUserName()).map(m -> new Refusal(Reason.CONFUSABLE_USER_NAME, m));
    }

    /**
     * Why {@code userName} is not an email address Cloudflare takes; empty when it is one. Lengths
     * and positions count characters (code points) from 1, as the API server counts maxLength; a
     * control character is written as its code point, never repeated as it is.
     */
    public static Optional<String> invalid(String userName) {
        if (userName == null || userName.isBlank()) {
            return Optional.of("the email address is required");
        }
        int length = userName.codePointCount(0, userName.length());
        if (length > MAX_LENGTH) {
            return Optional.of("'" + shown(userName.substring(0, userName.offsetByCodePoints(0, SHOWN))) + "...' is "
                    + length + " characters long: an email address has at most " + MAX_LENGTH);
        }
        int position = 0;
        for (int i = 0; i < userName.length(); i += Character.charCount(userName.codePointAt(i))) {
            position++;
            int c = userName.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                return Optional.of("'" + shown(userName) + "' has a control character (" + String.format("U+%04X", c)
                        + ") at position " + position + ": an email address cannot hold one");
            }
        }
        if (!userName.equals(userName.strip())) {
            return Optional.of("'" + userName + "' has spaces around it");
        }
        if (!isEmailShaped(userName)) {
            return Optional.of("'" + userName + "' is not an email address: Cloudflare's userName is the member's email");
        }
        return Optional.empty();
    }

    /**
     * What {@link ScimUserSpec#EMAIL_PATTERN} accepts, without the regular expression: the operator
     * asks this of every declared user at every reconcile, and the pattern's backtracking over the
     * domain was a sixth of a reconcile's time at 10,000 users. One {@code @} with something before
     * it, and a dot in the domain with something on each side; no whitespace or control character
     * anywhere. {@code UserNameRulesTest} holds the two to the same answers.
     */
    static boolean isEmailShaped(String userName) {
        int at = -1;
        for (int i = 0; i < userName.length(); i++) {
            char c = userName.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (isPatternSpace(c) || Character.getType(c) == Character.CONTROL) {
                return false;
            }
        }
        if (at < 1) {
            return false;
        }
        // The domain's dot: any one after its first character and before its last.
        for (int i = at + 2; i < userName.length() - 1; i++) {
            if (userName.charAt(i) == '.') {
                return true;
            }
        }
        return false;
    }

    /** {@code \s} in a Java pattern: the ASCII whitespace characters only. */
    private static boolean isPatternSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The text with each control character written as {@code \}{@code uXXXX}: safe in a terminal, a log, a status. */
    private static String shown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.CONTROL) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
